// Compact tables: the layout that makes 100,000-row reports possible with pdfmake.
//
// pdfmake's cost grows with the number of cells, lines and words it lays out (measuring, line building, and one
// pdfkit text call per word), not with the amount of text. So rows are wrapped here, ahead of time, with the exact
// metrics the PDF uses (metrics.ts), and every BLOCK_LINES visual lines of rows (all their columns) become ONE short
// placeholder line, BLOCK_LINES lines tall, in a one-column table: pdfmake flows these lines across pages (page breaks, repeated header row, headers and
// footers, outline) and our line renderer (engine.ts) draws the real columns, zebra band and colours in place of each
// placeholder, through pdfkit's font encoder (subsetting and text extraction unchanged). No `dontBreakRows` (#2560):
// every line stands alone, so a row may break across pages like in any table.
import { FAST_FONT as FONT, type RowLine, type RunStyle, rowBlockPlaceholder } from "./engine.js";
import { wrap } from "./metrics.js";

export interface Para {
  text: string;
  color?: string;
  bold?: boolean;
}
/** A cell: plain text, or paragraphs each starting on a new line. */
export type Cell = string | Para[];
export interface CompactRow {
  cells: Cell[];
  /** Colour for the whole row (muted waived findings). */
  color?: string;
}
export interface CompactColumn {
  header: string;
  /** Content width in points (padding excluded). */
  width: number;
}

type Node = Record<string, unknown>;

/** Lines per table row: a few dozen keeps pdfmake's per-row work small. */
const GROUP_LINES = 40;
/**
 * Visual lines per placeholder line: pdfmake lays out one line of BLOCK_LINES times the normal height and we draw
 * that many lines in it. Fewer, taller lines divide pdfmake's work and memory; a block never splits across pages,
 * so at most BLOCK_LINES - 1 lines of a page stay empty.
 */
const BLOCK_LINES = 4;
const PAD_X = 3;
const ZEBRA = "#f3f4f6";
const HEAD_FILL = "#e5e7eb";
const HEAD_TEXT = "#374151";
/** Default text colour (also in the document's defaultStyle). */
export const TEXT = "#111827";

const layout = {
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
    i === 0 || i === 1 || i === node.table.body.length ? 0.5 : 0,
  vLineWidth: () => 0,
  hLineColor: () => "#9ca3af",
  paddingLeft: () => PAD_X,
  paddingRight: () => PAD_X,
  paddingTop: () => 0,
  paddingBottom: () => 0,
};

/**
 * Every text style property pdfmake looks up per word, set on the item itself: pdfmake then takes it from the item
 * instead of walking its style stack. `link` stays unset: any non-null value there makes a link annotation.
 */
function itemStyle(fontSize: number, lineHeight: number) {
  return {
    font: FONT,
    bold: false,
    italics: false,
    alignment: "left",
    fontSize,
    lineHeight,
    fontFeatures: false,
    characterSpacing: 0,
    color: TEXT,
    decoration: false,
    decorationColor: false,
    decorationStyle: false,
    decorationThickness: false,
    background: false,
    linkToPage: false,
    linkToDestination: false,
    noWrap: false,
    wordBreak: "normal",
    opacity: 1,
    sup: false,
    sub: false,
    leadingIndent: 0,
    preserveLeadingSpaces: false,
    preserveTrailingSpaces: false,
  };
}

/** The visual lines of one entry: every cell wrapped to its column, then zipped line by line. */
function entryLines(
  cells: Cell[],
  columns: CompactColumn[],
  fontSize: number,
  rowColor: string | undefined,
  base: RunStyle,
): RowLine[] {
  let height = 1;
  const perColumn = cells.map((cell, c) => {
    const width = columns[c]?.width ?? 50;
    if (typeof cell === "string" && rowColor === undefined) {
      const texts = wrap(cell, width, fontSize, base.bold);
      height = Math.max(height, texts.length);
      return { texts, styles: undefined };
    }
    const paras: Para[] = typeof cell === "string" ? [{ text: cell }] : cell;
    const texts: string[] = [];
    const styles: (RunStyle | undefined)[] = [];
    for (const p of paras) {
      const bold = p.bold ?? base.bold;
      const color = rowColor ?? p.color ?? base.color;
      const style = bold === base.bold && color === base.color ? undefined : { color, bold };
      for (const text of wrap(p.text, width, fontSize, bold)) {
        texts.push(text);
        styles.push(style);
      }
    }
    height = Math.max(height, texts.length);
    return { texts, styles: styles.some(Boolean) ? styles : undefined };
  });
  const lines: RowLine[] = [];
  for (let k = 0; k < height; k++) {
    const line: RowLine = { texts: perColumn.map((col) => col.texts[k]) };
    if (perColumn.some((col) => col.styles?.[k])) line.styles = perColumn.map((col) => col.styles?.[k]);
    lines.push(line);
  }
  return lines;
}

/**
 * A table of any size. Placeholders it registers are pushed to `tokens` (release them once the PDF is written).
 */
export function compactTable(
  columns: CompactColumn[],
  rows: CompactRow[],
  fontSize: number,
  lineHeight: number,
  tokens: string[],
): Node[] {
  const style = itemStyle(fontSize, lineHeight);
  const offsets: number[] = [];
  let totalWidth = 0;
  for (const c of columns) {
    offsets.push(totalWidth);
    totalWidth += c.width + 2 * PAD_X;
  }
  const lh = fontSize * lineHeight;
  const block = (lines: RowLine[], runStyle: RunStyle): string => {
    const token = rowBlockPlaceholder({
      lines,
      offsets,
      bandWidth: totalWidth,
      bandOverhang: PAD_X,
      style: runStyle,
      lineHeight: lh,
    });
    tokens.push(token);
    return token;
  };
  /** A cell of consecutive blocks: one text item per run of blocks of the same size. */
  const cell = (lines: RowLine[], runStyle: RunStyle) => {
    const items: (typeof style & { text: string })[] = [];
    for (let i = 0; i < lines.length; i += BLOCK_LINES) {
      const part = lines.slice(i, i + BLOCK_LINES);
      const text = `${block(part, runStyle)}\n`;
      const last = items[items.length - 1];
      const height = lineHeight * part.length;
      if (last && last.lineHeight === height) last.text += text;
      else items.push({ ...style, lineHeight: height, text });
    }
    return items;
  };
  const headStyle = { color: HEAD_TEXT, bold: true };
  const bodyStyle = { color: TEXT, bold: false };
  const headerLines = entryLines(
    columns.map((c) => c.header),
    columns,
    fontSize,
    undefined,
    headStyle,
  );
  for (const line of headerLines) line.band = HEAD_FILL;
  const body: unknown[][] = [[cell(headerLines, headStyle)]];
  let group: RowLine[] = [];
  rows.forEach((row, index) => {
    const lines = entryLines(row.cells, columns, fontSize, row.color, bodyStyle);
    if (index % 2 === 1) for (const line of lines) line.band = ZEBRA;
    if (group.length > 0 && group.length + lines.length > GROUP_LINES) {
      body.push([cell(group, bodyStyle)]);
      group = [];
    }
    group.push(...lines);
  });
  if (group.length > 0) body.push([cell(group, bodyStyle)]);
  return [
    {
      table: { widths: [totalWidth - 2 * PAD_X], headerRows: 1, body },
      layout,
      fontSize,
      lineHeight,
    },
  ];
}
