// The one configured pdfmake instance: our embedded CJK font served from pdfmake's virtual file system, and every
// URL and local-file access refused (CVE-2026-26801), so nothing in report data can make pdfmake fetch or read.
import pdfmake, { type DocDefinition } from "pdfmake";
import { fontFile } from "../fonts.js";
import { wrap } from "./pdfmake-internals.js";

/** Family name used by every text of the PDF (shaped text, see `fastTextFont`). */
export const FONT = "NotoSansSC";
/**
 * The same font with fast text layout: glyphs straight from the cmap with their advance widths, no OpenType
 * shaping (GSUB/GPOS). CJK and Latin in this font need no shaping to render correctly (we lose only Latin kerning),
 * and shaping is where pdfkit spends most of its time on tables of unique strings (digests, names, sizes).
 */
export const FAST_FONT = "NotoSansSCFast";
const REGULAR = "hss-reports/NotoSansHans-Regular.otf";
const BOLD = "hss-reports/NotoSansHans-Bold.otf";

let configured = false;

export function engine(): typeof pdfmake {
  if (!configured) {
    pdfmake.virtualfs.writeFileSync(REGULAR, fontFile("regular"));
    pdfmake.virtualfs.writeFileSync(BOLD, fontFile("bold"));
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy(() => false);
    installFastText();
    configured = true;
  }
  // Fonts are set on every run: pdfmake rewrites the descriptors it was given while resolving them.
  const faces = { normal: REGULAR, bold: BOLD, italics: REGULAR, bolditalics: BOLD };
  pdfmake.setFonts({ [FONT]: { ...faces }, [FAST_FONT]: { ...faces } });
  return pdfmake;
}

/** Lays out and writes `doc` into one PDF buffer. */
export async function writePdf(doc: DocDefinition): Promise<Uint8Array> {
  const buffer = await engine().createPdf(doc).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

interface Glyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}
interface FontkitFont {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): Glyph;
}
interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}
interface EmbeddedFont {
  [FAST]?: true;
  id: string;
  ascender: number;
  ref(): unknown;
  encode(text: string): [string[], Position[]];
  font: FontkitFont;
  scale: number;
  layoutRun(text: string, features?: unknown): { glyphs: Glyph[]; positions: Position[]; advanceWidth: number };
  layoutCache?: unknown;
}

const FAST = Symbol("hss-reports fast text");

/** Per font: code point -> glyph and its advance in PDF text units (1/1000 em). */
const glyphCaches = new WeakMap<FontkitFont, Map<number, { glyph: Glyph; advance: number }>>();

function fastLayoutRun(this: EmbeddedFont, text: string) {
  let cache = glyphCaches.get(this.font);
  if (!cache) {
    cache = new Map();
    glyphCaches.set(this.font, cache);
  }
  const glyphs: Glyph[] = [];
  const positions: Position[] = [];
  let advanceWidth = 0;
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i) as number;
      i++;
    }
    let entry = cache.get(cp);
    if (!entry) {
      // A no-break space draws (and extracts) as a space: the compact tables use it to keep lines whole.
      const glyph = this.font.glyphForCodePoint(cp === 0xa0 ? 0x20 : cp);
      entry = { glyph, advance: glyph.advanceWidth * this.scale };
      cache.set(cp, entry);
    }
    glyphs.push(entry.glyph);
    positions.push({ xAdvance: entry.advance, yAdvance: 0, xOffset: 0, yOffset: 0, advanceWidth: entry.advance });
    advanceWidth += entry.advance;
  }
  return { glyphs, positions, advanceWidth };
}

/**
 * Gives fonts of the FAST_FONT family the unshaped layout (only those: the naive baseline keeps pdfkit's own), and
 * draws plain lines and compact-table rows ourselves. Every hook goes through the pdfmake adapter.
 */
function installFastText(): void {
  wrap(
    "provideFont",
    (provideFont) =>
      function (this: unknown, family: string, bold: boolean, italics: boolean): EmbeddedFont {
        const font: EmbeddedFont = provideFont.call(this, family, bold, italics);
        if (family === FAST_FONT && font.layoutRun !== fastLayoutRun) {
          font[FAST] = true;
          font.layoutRun = fastLayoutRun;
          // Per-word caching is no longer worth its memory: a lookup costs about what the cache would.
          font.layoutCache = undefined;
        }
        return font;
      },
  );

  // SVG text (the trend charts' axes) asks pdfkit for the font by the descriptor's path, which lives in pdfmake's
  // virtual file system, not on disk: register those paths with their bytes, so pdfkit opens (and caches) them.
  wrap(
    "font",
    (font) =>
      function (
        this: { registerFont(name: string, src: Uint8Array): unknown; _registeredFonts?: Record<string, unknown> },
        src: unknown,
        ...rest: unknown[]
      ) {
        if ((src === REGULAR || src === BOLD) && !this._registeredFonts?.[src]) {
          this.registerFont(src, pdfmake.virtualfs.readFileSync(src));
        }
        return font.call(this, src, ...rest);
      },
  );

  wrap(
    "renderLine",
    (renderLine) =>
      function (this: { pdfDocument: PdfKitDocument }, line: PdfLine, x: number, y: number) {
        const first = line.inlines[0];
        if (first?.text.startsWith(ROW_MARK)) {
          const block = rowBlocks.get(
            line.inlines
              .map((i) => i.text)
              .join("")
              .trim(),
          );
          if (block) return drawRowBlock(this.pdfDocument, block, line, x || 0, y || 0);
        }
        if (!plainLine(line)) return renderLine.call(this, line, x, y);
        drawPlainLine(this.pdfDocument, line, x || 0, y || 0);
      },
  );
}

interface PdfKitDocument {
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
  fillColor(color: unknown): unknown;
  opacity(value: number): unknown;
  resolveColor(color: unknown, fallback: string): unknown;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
}

interface PdfLine {
  inlines: Inline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}

interface Inline {
  text: string;
  width: number;
  x: number;
  font: EmbeddedFont;
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  [key: string]: unknown;
}

/** Inline properties that change how a run is drawn: runs may merge only when none of them is set. */
const SPECIAL = [
  "link",
  "linkToPage",
  "linkToDestination",
  "_pageNodeRef",
  "_tocItemRef",
  "decoration",
  "background",
  "sup",
  "sub",
  "fontFeatures",
  "characterSpacing",
  "justifyShift",
];

const plain = (inline: Inline): boolean => {
  if (!inline.font[FAST]) return false;
  for (const key of SPECIAL) if (inline[key]) return false;
  return true;
};

/** A style for a run of text in a compact table. */
export interface RunStyle {
  color: string;
  bold: boolean;
}

/** One visual line of a compact table: its column texts (`undefined` = empty) and their styles. */
export interface RowLine {
  texts: (string | undefined)[];
  /** Per column, when not the block's default style. */
  styles?: (RunStyle | undefined)[];
  /** Colour of a band behind the whole line (zebra striping, header fill). */
  band?: string;
}

/** Consecutive lines drawn in place of one placeholder line of `lines.length` times the normal line height. */
export interface RowBlock {
  lines: RowLine[];
  /** Column x offsets from the cell's content box. */
  offsets: number[];
  /** Band width (the table's full width) and left overhang (cell padding). */
  bandWidth: number;
  bandOverhang: number;
  style: RunStyle;
  /** Height of one line. */
  lineHeight: number;
}

/** Placeholder texts start with U+2063 (removed from all data by text.ts, so data can never look like one). */
export const ROW_MARK = "\u2063";
const rowBlocks = new Map<string, RowBlock>();
let nextRowBlock = 0;

/** Registers `block` and returns the placeholder text to lay out in its place. */
export function rowBlockPlaceholder(block: RowBlock): string {
  const token = `${ROW_MARK}${(nextRowBlock++).toString(36)}`;
  rowBlocks.set(token, block);
  return token;
}

/** Forgets placeholders once their document is written. */
export function releaseRowBlocks(tokens: Iterable<string>): void {
  for (const token of tokens) rowBlocks.delete(token);
}

const rgbCache = new Map<string, string>();
/** `#rrggbb` as a PDF fill colour operator. */
const rgb = (hex: string): string => {
  let op = rgbCache.get(hex);
  if (op === undefined) {
    const h = hex.replace("#", "");
    const n = Number.parseInt(h.length === 3 ? h.replace(/./g, "$&$&") : h, 16);
    op = `${num(((n >> 16) & 255) / 255)} ${num(((n >> 8) & 255) / 255)} ${num((n & 255) / 255)} rg`;
    rgbCache.set(hex, op);
  }
  return op;
};

interface SubsetFont extends EmbeddedFont {
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
}

/** Per pdfkit font: code point -> hex glyph id in the subset (registered with width and Unicode like `encode`). */
const encodeCaches = new WeakMap<EmbeddedFont, Map<number, string>>();

/** What pdfkit's `font.encode(text)` returns as hex, without building glyph runs and positions. */
function fastEncode(font: EmbeddedFont, text: string): string {
  let cache = encodeCaches.get(font);
  if (!cache) {
    cache = new Map();
    encodeCaches.set(font, cache);
  }
  const f = font as SubsetFont;
  let hex = "";
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      cp = text.codePointAt(i) as number;
      i++;
    }
    let code = cache.get(cp);
    if (code === undefined) {
      const glyph = f.font.glyphForCodePoint(cp === 0xa0 ? 0x20 : cp);
      const gid = f.subset.includeGlyph(glyph.id);
      if (f.widths[gid] == null) f.widths[gid] = glyph.advanceWidth * f.scale;
      if (f.unicode[gid] == null) f.unicode[gid] = glyph.codePoints;
      code = gid.toString(16).padStart(4, "0");
      cache.set(cp, code);
    }
    hex += code;
  }
  return hex;
}

function drawRowBlock(doc: PdfKitDocument, block: RowBlock, line: PdfLine, x: number, y: number): void {
  const inline = line.inlines[0] as Inline;
  const regular = inline.font;
  const bold = doc.provideFont(FAST_FONT, true, false);
  const size = inline.fontSize;
  const lh = block.lineHeight;
  const pageHeight = doc.page.height;
  const ascent = (regular.ascender / 1000) * size;
  let out = `q\n1 0 0 -1 0 ${num(pageHeight)} cm\n`;
  block.lines.forEach((row, i) => {
    if (row.band) {
      const top = y + i * lh;
      out += `${rgb(row.band)}\n${num(x - block.bandOverhang)} ${num(pageHeight - top - lh)} ${num(block.bandWidth)} ${num(lh)} re f\n`;
    }
  });
  out += "BT\n";
  let font: EmbeddedFont | undefined;
  let color = "";
  block.lines.forEach((row, i) => {
    const baseline = num(pageHeight - (y + i * lh) - ascent);
    row.texts.forEach((text, c) => {
      if (!text) return;
      const style = row.styles?.[c] ?? block.style;
      const f = style.bold ? bold : regular;
      if (f !== font) {
        if (doc.page.fonts[f.id] == null) doc.page.fonts[f.id] = f.ref();
        out += `/${f.id} ${num(size)} Tf\n`;
        font = f;
      }
      if (style.color !== color) {
        out += `${rgb(style.color)}\n`;
        color = style.color;
      }
      out += `1 0 0 1 ${num(x + (block.offsets[c] ?? 0))} ${baseline} Tm\n<${fastEncode(f, text)}> Tj\n`;
    });
  });
  doc.addContent(`${out}ET\nQ`);
}

function plainLine(line: PdfLine): boolean {
  if (line.id || line._outline || line._pageNodeRef) return false;
  for (const inline of line.inlines) {
    if (!plain(inline) || (inline.opacity !== undefined && inline.opacity !== 1)) return false;
  }
  return true;
}

const num = (n: number): string => (Math.round(n * 1000) / 1000).toString();

/**
 * pdfmake draws every word through pdfkit's general text path (one text object, graphics-state save/restore, a
 * transform and a re-measure per word; "TODO: lines without differently styled inlines should be written to pdf as
 * one stream", Renderer.js). For a line of plain runs in the fast font we write what that path would write, once per
 * line: one text object, a positioned `Tj` per run, adjacent runs of one style merged. Glyphs still go through
 * pdfkit's font `encode`, so subsetting and the ToUnicode map (text extraction) are unchanged.
 */
function drawPlainLine(doc: PdfKitDocument, line: PdfLine, x: number, y: number): void {
  const inlines = line.inlines;
  if (inlines.length === 0) return;
  const lineHeight = line.getHeight();
  const descent = lineHeight - line.getAscenderHeight();
  const pageHeight = doc.page.height;
  let out = `q\n1 0 0 -1 0 ${num(pageHeight)} cm\nBT\n`;
  let font: EmbeddedFont | undefined;
  let size = -1;
  let color: unknown;
  let hex = "";
  let nextX = Number.NaN;
  const flush = () => {
    if (hex) out += `<${hex}> Tj\n`;
    hex = "";
  };
  for (const inline of inlines) {
    const text = inline.text.replace(/\n/g, "");
    if (!text) continue;
    const f = inline.font;
    const ascent = (f.ascender / 1000) * inline.fontSize;
    const baselineY = pageHeight - (y + lineHeight - ascent - descent) - ascent;
    const at = x + inline.x;
    const sameRun = f === font && inline.fontSize === size && inline.color === color && Math.abs(at - nextX) < 0.01;
    if (!sameRun) {
      flush();
      if (f !== font || inline.fontSize !== size) {
        if (doc.page.fonts[f.id] == null) doc.page.fonts[f.id] = f.ref();
        out += `/${f.id} ${num(inline.fontSize)} Tf\n`;
      }
      if (inline.color !== color) {
        // pdfkit writes colour operators straight into the content stream: flush ours first, keep the order.
        doc.addContent(out);
        out = "";
        doc.fillColor(doc.resolveColor(inline.color, "black"));
      }
      out += `1 0 0 1 ${num(at)} ${num(baselineY)} Tm\n`;
      font = f;
      size = inline.fontSize;
      color = inline.color;
    }
    hex += f.encode(text)[0].join("");
    nextX = at + inline.width;
  }
  flush();
  doc.addContent(`${out}ET\nQ`);
}
