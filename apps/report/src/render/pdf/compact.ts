// Compact tables: the layout that makes 100,000-row reports possible with pdfmake.
//
// pdfmake's cost grows with the number of cells, lines and words it lays out (measuring, line building, and one
// pdfkit text call per word), not with the amount of text. So rows are wrapped here, ahead of time, with the exact
// metrics the PDF uses (metrics.ts), and whole rows (all their columns), up to BLOCK_LINES visual lines, become ONE
// short placeholder line as tall as they are, in a one-column table: pdfmake flows these lines across pages (page
// breaks, repeated header row, headers and footers, outline) and our line renderer (engine.ts) draws the real
// columns, zebra band and colours in place of each placeholder, through pdfkit's font encoder (subsetting and text
// extraction unchanged). A placeholder line never splits across pages, so a row stays on one page whenever it fits
// on one (an image's rules, a finding's instructions), without `dontBreakRows`, which drops rows taller than a page
// (#2560): a row taller than a page flows in blocks of BLOCK_LINES, filling the page it starts on.
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
 * Visual lines per placeholder line, short rows packed together: pdfmake lays out one line as tall as the rows it
 * stands for and we draw them in it. Fewer, taller lines divide pdfmake's work and memory; a placeholder never
 * splits across pages, so at most its height stays empty at the bottom of a page (more for a taller row kept whole).
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

/** A compact table and what a heading kept with it needs below itself. */
export interface CompactTable {
  node: Node;
  /** Height in points of the table's top rule, header row and first block of rows. */
  lead: number;
}

/**
 * A table of any size. `maxHeight` is the page's content height in points: a row taller than that (less the repeated
 * header) cannot stay on one page and flows in short blocks. Placeholders it registers are pushed to `tokens` (release
 * them once the PDF is written).
 */
export function compactTable(
  columns: CompactColumn[],
  rows: CompactRow[],
  fontSize: number,
  lineHeight: number,
  tokens: string[],
  maxHeight: number,
): CompactTable {
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
  /** A cell of consecutive blocks (each a list of lines): one text item per run of blocks of the same size. */
  const cell = (blocks: RowLine[][], runStyle: RunStyle) => {
    const items: (typeof style & { text: string })[] = [];
    for (const part of blocks) {
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
  // The tallest block that fits below the repeated header on a page (rules of 0.5 pt above and below it, slack).
  const maxLines = Math.max(BLOCK_LINES, Math.floor((maxHeight - headerLines.length * lh - 2) / lh));
  // Table rows of up to GROUP_LINES lines, each a list of blocks: whole rows packed up to BLOCK_LINES lines, a
  // taller row a block of its own; a row taller than a page, blocks of BLOCK_LINES (it breaks across pages anyway).
  const groups: RowLine[][][] = [];
  let group: RowLine[][] = [];
  let groupLines = 0;
  let blockLines = 0;
  rows.forEach((row, index) => {
    const lines = entryLines(row.cells, columns, fontSize, row.color, bodyStyle);
    if (index % 2 === 1) for (const line of lines) line.band = ZEBRA;
    if (groupLines > 0 && groupLines + lines.length > GROUP_LINES) {
      groups.push(group);
      group = [];
      groupLines = 0;
    }
    groupLines += lines.length;
    const last = group[group.length - 1];
    if (last && blockLines + lines.length <= BLOCK_LINES) {
      last.push(...lines);
      blockLines += lines.length;
    } else {
      const size = lines.length > maxLines ? BLOCK_LINES : lines.length;
      for (let i = 0; i < lines.length; i += size) group.push(lines.slice(i, i + size));
      blockLines = lines.length;
    }
  });
  if (group.length > 0) groups.push(group);
  return {
    node: {
      table: {
        widths: [totalWidth - 2 * PAD_X],
        headerRows: 1,
        body: [[cell([headerLines], headStyle)], ...groups.map((g) => [cell(g, bodyStyle)])],
      },
      layout,
      fontSize,
      lineHeight,
    },
    lead: 1 + (headerLines.length + (groups[0]?.[0]?.length ?? 0)) * lh,
  };
}
