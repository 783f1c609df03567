// Chinese text in the HTML report must not depend on the reader's fonts (a machine with no CJK font shows boxes):
// a page with CJK characters embeds the glyphs it uses from Noto Sans Hans, the font the PDF embeds, subset by
// harfbuzz's hb-subset (subset-font) to an OpenType font (fontverter calls every sfnt "truetype") in a data: URL.
// A page without CJK text embeds nothing.
import subsetFont from "subset-font";
import { fontFile } from "../fonts.js";

/** The embedded font's family: report.css names it first in its `--cjk` font list. */
export const CJK_FAMILY = "HSS Report CJK";

/** CJK radicals, punctuation, kana, bopomofo, ideographs (with extension A and the supplementary planes),
 * compatibility ideographs, vertical and full-width forms: the blocks Noto Sans Hans draws that Latin fonts do not. */
const CJK =
  /[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u{20000}-\u{3134f}]/gu;

/** The distinct CJK characters of `text`, in code point order ("" when there is none). */
export function cjkCharacters(text: string): string {
  const seen = new Set<string>();
  for (const [c] of text.matchAll(CJK)) seen.add(c);
  return [...seen].sort((a, b) => (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0)).join("");
}

/** An `@font-face` rule for `CJK_FAMILY` whose source is a data: URL of Noto Sans Hans Regular cut down to
 * `characters` (about 0.2 KB a glyph; bold is synthesized by the browser), or "" when `characters` is empty. */
export async function cjkFontFace(characters: string): Promise<string> {
  if (!characters) return "";
  const font = await subsetFont(fontFile("regular"), characters, { targetFormat: "truetype" });
  return (
    `@font-face { font-family: "${CJK_FAMILY}"; font-display: block; ` +
    `src: url(data:font/otf;base64,${font.toString("base64")}) format("opentype"); }`
  );
}
