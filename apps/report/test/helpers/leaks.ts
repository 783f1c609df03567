// Partial leaks: a masker that stops early (`https://deploy:****@ssw0rd123@host`) leaves a piece of the value, which
// a grep for the whole value misses. A piece is any substring of a secret value of at least 6 characters that the
// data never holds outside a secret value (`secret` of `hss-demo-secret-0000` is also a word of the texts) and that
// has 3 distinct characters at least (`000000` of `AKIAEXAMPLE0000000000` is in every PDF's cross-reference table).

/** Each text with every secret value cut out: what the data says besides its secrets. */
function withoutValues(texts: Iterable<string>, values: readonly string[]): string {
  const longestFirst = [...values].sort((a, b) => b.length - a.length);
  return [...new Set(texts)].map((text) => longestFirst.reduce((t, v) => t.split(v).join("\u0000"), text)).join("\n");
}

/**
 * The pieces of `values` to look for: for each start in each value, the shortest substring of at least `min`
 * characters, 3 of them distinct, that `texts` (the data) never holds outside a value. Any longer leaked substring
 * contains one of them.
 */
export function secretPieces(values: readonly string[], texts: Iterable<string>, min = 6): string[] {
  const clean = withoutValues(texts, values);
  const pieces = new Set<string>();
  for (const value of values) {
    for (let start = 0; start + min <= value.length; start++) {
      for (let end = start + min; end <= value.length; end++) {
        const piece = value.slice(start, end);
        if (new Set(piece).size >= 3 && !clean.includes(piece)) {
          pieces.add(piece);
          break;
        }
      }
    }
  }
  return [...pieces];
}

/** The pieces a text holds. */
export function leakedPieces(text: string, pieces: readonly string[]): string[] {
  return pieces.filter((piece) => text.includes(piece));
}
