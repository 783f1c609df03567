// Text from the API is data, never markup. Two steps, used by both the handlebars page and the fast table builder:
// `reveal` makes invisible or misleading characters visible (control characters as their Unicode "control
// pictures", bidi overrides and other format characters as `[U+XXXX]`), so a name cannot hide or reorder what
// the reader sees; `escapeHtml` then escapes it for HTML text and attribute values.

// C0 controls except tab/newline/carriage return, DEL and C1, Arabic letter mark, zero-width space, LRM/RLM,
// line/paragraph separators, bidi embeddings/overrides/isolates, word joiner and invisible operators, BOM,
// and lone surrogates. ZWJ/ZWNJ (U+200C/U+200D) stay: emoji and several scripts need them.
const INVISIBLE =
  "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200B\\u200E\\u200F\\u2028-\\u202E\\u2060-\\u2069\\uFEFF";
const REVEAL = new RegExp(`[${INVISIBLE}]|\\p{Cs}`, "gu");

function revealChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  if (code === 0x7f) return "\u2421";
  return `[U+${code.toString(16).toUpperCase().padStart(4, "0")}]`;
}

/** Makes control, bidi and other invisible format characters visible. Plain text in, plain text out. */
export function reveal(text: string): string {
  return text.replace(REVEAL, revealChar);
}

/** What `escapeHtml` writes for each character it escapes (the page's filter escapes what it looks for the same way). */
export const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#x27;",
  "`": "&#x60;",
  "=": "&#x3D;",
};
const HTML_SPECIAL = /[&<>"'`=]/g;
const NEEDS_WORK = new RegExp(`[&<>"'\`=${INVISIBLE}\\uD800-\\uDFFF]`);

/** Escapes text (after `reveal`) for use in HTML text or a quoted attribute value. Same escapes as handlebars. */
export function escapeHtml(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return "";
  const text = typeof value === "number" ? String(value) : value;
  // Most values (versions, digests, sizes) need nothing: skip the two replaces for them.
  if (!NEEDS_WORK.test(text)) return text;
  return reveal(text).replace(HTML_SPECIAL, (ch) => HTML_ESCAPES[ch] ?? ch);
}
