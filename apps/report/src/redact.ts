// Last line of defence: whatever text leaves the tool (errors, failure records) has known secret values masked,
// even if a server or a library echoed one back.
const MIN_SECRET_LENGTH = 4;

export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  // Longest first, so that a secret containing another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join("***");
  }
  return out;
}
