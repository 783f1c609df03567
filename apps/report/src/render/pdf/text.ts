// Text hygiene for the PDF only: the model keeps data exactly as received; here we drop what would corrupt or
// spoof the printed page (C0/C1 controls, bidi overrides and isolates, other invisible format characters).

import { showMissingGlyphs } from "./metrics.js";

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;
const TABS = /\t/g;
// Unpaired surrogates cannot be encoded by the font subsetter.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `value` made safe to print: composed (NFC), controls and bidi/format characters removed, tabs as spaces. */
const NEEDS_CLEANING =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting control characters is the point.
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]/;

// Characters from U+0300 (combining marks) on may compose; ASCII and Latin-1 never need it.
const MAY_COMPOSE = /[\u0300-\uffff]/;

export function clean(value: string | undefined | null): string {
  if (!value) return "";
  // NFC first (Unicode UAX #15): the font has a glyph for "ü" but none for a lone combining diaeresis, so a
  // decomposed "mu\u0308ller" would print as "mu[U+0308]ller".
  const composed = MAY_COMPOSE.test(value) ? value.normalize("NFC") : value;
  const stripped = NEEDS_CLEANING.test(composed)
    ? composed.replace(CONTROLS, "").replace(TABS, " ").replace(LONE_SURROGATE, "\ufffd")
    : composed;
  return showMissingGlyphs(stripped);
}

/** `clean` on one line: newlines become spaces too (table cells, headers). */
export function cleanLine(value: string | undefined | null): string {
  const v = clean(value);
  return v.indexOf("\n") < 0 && v.indexOf("\r") < 0 ? v : v.replace(/[\r\n]+/g, " ");
}

/** `sha256:0123456789ab` (algorithm + 12 hex digits), as registries show digests in tables. */
export function shortDigest(digest: string): string {
  const d = cleanLine(digest);
  const colon = d.indexOf(":");
  const hex = colon >= 0 ? d.slice(colon + 1) : d;
  return hex.length > 12 ? `${colon >= 0 ? d.slice(0, colon + 1) : ""}${hex.slice(0, 12)}` : d;
}

/**
 * `text` with words longer than `max` characters cut into lines of `max`: pdfmake splits an over-long word by
 * measuring ever shorter prefixes of it, which takes seconds for a hostile 65,534-character word. Used for
 * paragraphs (descriptions, remediations, names in headings); table cells are wrapped by metrics.ts.
 */
export function breakLongWords(text: string, max = 100): string {
  if (text.length <= max) return text;
  return text.replace(new RegExp(`\\S{${max + 1},}`, "gu"), (word) => {
    const chars = Array.from(word);
    const lines: string[] = [];
    for (let i = 0; i < chars.length; i += max) lines.push(chars.slice(i, i + max).join(""));
    return lines.join("\n");
  });
}
