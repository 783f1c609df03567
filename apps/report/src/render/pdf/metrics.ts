// Text metrics outside pdfmake, for laying out compact tables ahead of time. They are exactly the metrics the
// fast text layout uses (fontkit advance widths, no shaping), so a line measured here fits in pdfmake too.
import { createRequire } from "node:module";
import { fontFile } from "../fonts.js";

interface Font {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { id: number; advanceWidth: number };
}

let fonts: { regular: Font; bold: Font } | undefined;
// Basic Multilingual Plane advances in flat arrays (NaN = not looked up yet); other planes in maps.
const bmp = { regular: new Float64Array(0x10000).fill(Number.NaN), bold: new Float64Array(0x10000).fill(Number.NaN) };
const caches = { regular: new Map<number, number>(), bold: new Map<number, number>() };

function load(): { regular: Font; bold: Font } {
  if (!fonts) {
    // fontkit is pdfkit's own font engine: resolve it through pdfmake -> pdfkit so both use the same copy.
    const fromHere = createRequire(import.meta.url);
    const fromPdfkit = createRequire(createRequire(fromHere.resolve("pdfmake")).resolve("pdfkit"));
    const fontkit = fromPdfkit("fontkit") as { create(buffer: Buffer): Font };
    fonts = { regular: fontkit.create(fontFile("regular")), bold: fontkit.create(fontFile("bold")) };
  }
  return fonts;
}

/** Advance of one code point in 1/1000 em. */
function advance(cp: number, bold: boolean): number {
  if (cp < 0x10000) {
    const table = bold ? bmp.bold : bmp.regular;
    const a = table[cp] as number;
    if (!Number.isNaN(a)) return a;
    const font = bold ? load().bold : load().regular;
    const value = (font.glyphForCodePoint(cp === 0xa0 ? 0x20 : cp).advanceWidth * 1000) / font.unitsPerEm;
    table[cp] = value;
    return value;
  }
  const cache = bold ? caches.bold : caches.regular;
  let a = cache.get(cp);
  if (a === undefined) {
    const font = bold ? load().bold : load().regular;
    a = (font.glyphForCodePoint(cp === 0xa0 ? 0x20 : cp).advanceWidth * 1000) / font.unitsPerEm;
    cache.set(cp, a);
  }
  return a;
}

export function textWidth(text: string, fontSize: number, bold = false): number {
  let sum = 0;
  for (const ch of text) sum += advance(ch.codePointAt(0) as number, bold);
  return (sum * fontSize) / 1000;
}

/**
 * `text` broken into lines no wider than `width`: at spaces where possible, inside a word (CJK runs, long digests,
 * hostile 65k-character names) where it has to. Newlines in `text` start new lines.
 */
export function wrap(text: string, width: number, fontSize: number, bold = false): string[] {
  const max = (width * 1000) / fontSize - 1; // in 1/1000 em, with a little slack against rounding
  // Fast path: one line that fits (most cells).
  if (text.indexOf("\n") < 0) {
    let sum = 0;
    for (let i = 0; i < text.length && sum <= max; i++) sum += advance(text.charCodeAt(i), bold);
    if (sum <= max && !/[\ud800-\udfff]/.test(text)) return [text];
  }
  const lines: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    let lineWidth = 0;
    const words = paragraph.split(" ");
    for (let w = 0; w < words.length; w++) {
      const word = words[w] as string;
      const space = line === "" ? 0 : advance(0x20, bold);
      let wordWidth = 0;
      for (const ch of word) wordWidth += advance(ch.codePointAt(0) as number, bold);
      if (lineWidth + space + wordWidth <= max) {
        line = line === "" ? word : `${line} ${word}`;
        lineWidth += space + wordWidth;
        continue;
      }
      if (line !== "" && wordWidth <= max) {
        lines.push(line);
        line = word;
        lineWidth = wordWidth;
        continue;
      }
      // The word does not fit on any line: break it by characters.
      if (line !== "") {
        line += " ";
        lineWidth += space;
      }
      for (const ch of word) {
        const a = advance(ch.codePointAt(0) as number, bold);
        if (lineWidth + a > max && line.trim() !== "") {
          lines.push(line.trimEnd());
          line = "";
          lineWidth = 0;
        }
        line += ch;
        lineWidth += a;
      }
    }
    lines.push(line);
  }
  return lines;
}

// 0 = not looked up, 1 = the font has a glyph, 2 = it has none. Other planes in a map.
const coverage = new Uint8Array(0x10000);
const coverageAstral = new Map<number, boolean>();

function hasGlyph(cp: number): boolean {
  if (cp < 0x20) return true; // newlines and tabs are layout, not glyphs
  if (cp < 0x10000) {
    let c = coverage[cp] as number;
    if (c === 0) {
      c = load().regular.glyphForCodePoint(cp).id !== 0 ? 1 : 2;
      coverage[cp] = c;
    }
    return c === 1;
  }
  let has = coverageAstral.get(cp);
  if (has === undefined) {
    has = load().regular.glyphForCodePoint(cp).id !== 0;
    coverageAstral.set(cp, has);
  }
  return has;
}

/**
 * `text` with every character the font cannot draw (emoji, scripts outside Noto Sans SC) written as `[U+XXXX]`,
 * so the PDF shows, and text extraction returns, what was there instead of an empty box.
 */
export function showMissingGlyphs(text: string): string {
  let out: string | undefined;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    if (!hasGlyph(cp)) {
      out = `${out ?? ""}${text.slice(last, i)}[U+${cp.toString(16).toUpperCase().padStart(4, "0")}]`;
      last = i + width;
    }
    i += width - 1;
  }
  return out === undefined ? text : out + text.slice(last);
}
