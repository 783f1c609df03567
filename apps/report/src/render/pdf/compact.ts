// Compact tables: the layout that makes 100,000-row reports possible with pdfmake.
//
// pdfmake's cost grows with the number of cells, lines and words it lays out (measuring, line building, and one
// pdfkit text call per word), not with the amount of text. So rows are wrapped here, ahead of time, with the exact
// metrics the PDF uses (metrics.ts), and every visual line of a row (all its columns) becomes ONE short placeholder
// line in a one-column table: pdfmake flows these lines across pages (page breaks, repeated header row, headers and
// footers, outline) and our line renderer (engine.ts) draws the real columns, zebra band and colours in place of each
// placeholder, through pdfkit's font encoder (subsetting and text extraction unchanged). No `dontBreakRows` (#2560):
// every line stands alone, so a row may break across pages like in any table.
import { FAST_FONT as FONT, type RowLine, rowLinePlaceholder } from "./engine.js";
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

/** Lines per table row: a few dozen keeps pdfmake's per-row work small and page breaks free. */
const GROUP_LINES = 40;
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
  offsets: number[],
  fontSize: number,
  rowColor: string | undefined,
  defaultColor: string,
  defaultBold: boolean,
): RowLine[] {
  const perColumn = cells.map((cell, c) => {
    const paras: Para[] = typeof cell === "string" ? [{ text: cell }] : cell;
    const width = columns[c]?.width ?? 50;
    const out: { text: string; color: string; bold?: boolean }[] = [];
    for (const p of paras) {
      const bold = p.bold ?? defaultBold;
      const color = rowColor ?? p.color ?? defaultColor;
      for (const text of wrap(p.text, width, fontSize, bold)) out.push({ text, color, bold });
    }
    return out;
  });
  const height = Math.max(1, ...perColumn.map((l) => l.length));
  const lines: RowLine[] = [];
  for (let k = 0; k < height; k++) {
    const runs: RowLine["runs"] = [];
    perColumn.forEach((colLines, c) => {
      const line = colLines[k];
      if (line?.text) runs.push({ x: offsets[c] ?? 0, ...line });
    });
    lines.push({ runs });
  }
  return lines;
}

/**
 * A table of any size. Returns the pdfmake nodes and the placeholders to release once the PDF is written.
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
  const cell = (lines: RowLine[]) => {
    let text = "";
    for (const line of lines) {
      const token = rowLinePlaceholder(line);
      tokens.push(token);
      text += `${token}\n`;
    }
    return [{ ...style, text }];
  };
  const headerLines = entryLines(
    columns.map((c) => c.header),
    columns,
    offsets,
    fontSize,
    undefined,
    HEAD_TEXT,
    true,
  );
  for (const line of headerLines) line.band = { width: totalWidth, color: HEAD_FILL };
  const body: unknown[][] = [cell(headerLines)];
  let group: RowLine[] = [];
  rows.forEach((row, index) => {
    const lines = entryLines(row.cells, columns, offsets, fontSize, row.color, TEXT, false);
    if (index % 2 === 1) for (const line of lines) line.band = { width: totalWidth, color: ZEBRA };
    if (group.length > 0 && group.length + lines.length > GROUP_LINES) {
      body.push(cell(group));
      group = [];
    }
    group.push(...lines);
  });
  if (group.length > 0) body.push(cell(group));
  return [
    {
      table: { widths: [totalWidth - 2 * PAD_X], headerRows: 1, body },
      layout,
      fontSize,
      lineHeight,
    },
  ];
}
