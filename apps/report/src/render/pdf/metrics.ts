// Text metrics outside pdfmake, for laying out compact tables ahead of time. They are exactly the metrics the
// fast text layout uses (fontkit advance widths, no shaping), so a line measured here fits in pdfmake too.
import { createRequire } from "node:module";
import { fontFiles } from "./engine.js";

interface Font {
  unitsPerEm: number;
  glyphForCodePoint(cp: number): { advanceWidth: number };
}

let fonts: { regular: Font; bold: Font } | undefined;
const caches = { regular: new Map<number, number>(), bold: new Map<number, number>() };

function load(): { regular: Font; bold: Font } {
  if (!fonts) {
    // fontkit is pdfkit's own font engine: resolve it through pdfmake -> pdfkit so both use the same copy.
    const fromHere = createRequire(import.meta.url);
    const fromPdfkit = createRequire(createRequire(fromHere.resolve("pdfmake")).resolve("pdfkit"));
    const fontkit = fromPdfkit("fontkit") as { create(buffer: Buffer): Font };
    const files = fontFiles();
    fonts = { regular: fontkit.create(files.regular), bold: fontkit.create(files.bold) };
  }
  return fonts;
}

/** Advance of one code point in 1/1000 em. */
function advance(cp: number, bold: boolean): number {
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
