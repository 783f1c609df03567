// images.csv: one row per (rule, image), for spreadsheets. RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so
// that Excel detects the encoding, and formula injection neutralised: names are data, never formulas.
import { type Messages, messages } from "../i18n/index.js";
import { type FindingView, findingViews } from "../model/records.js";
import { type Report, RISK_LEVELS } from "../model/types.js";

const BOM = "\uFEFF";
const EOL = "\r\n";

/** Cells that a spreadsheet would run as a formula (OWASP "CSV injection") get a leading apostrophe. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** Quotes a cell when it holds a separator, a quote or a line break (RFC 4180 section 2). */
export function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Characters a spreadsheet cell holds ("Excel specifications and limits": 32,767); longer text is cut. */
export const CSV_CELL_MAX = 32_767;

/** `value` cut to {@link CSV_CELL_MAX} characters, ending with `marker` (which says where the whole text is). */
export function fitCell(value: string, marker: string): string {
  if (value.length <= CSV_CELL_MAX) return value;
  let end = CSV_CELL_MAX - marker.length;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never half a surrogate pair
  return value.slice(0, end) + marker;
}

/** One cell; `cutMarker` ends a cell cut at {@link CSV_CELL_MAX}. */
export function csvCell(value: string | number | undefined, cutMarker = ""): string {
  if (value === undefined) return "";
  if (typeof value === "number") return String(value);
  return quoteCell(fitCell(neutraliseCell(value), cutMarker));
}

export function csvLine(cells: readonly (string | number | undefined)[], cutMarker?: string): string {
  return cells.map((cell) => csvCell(cell, cutMarker)).join(",") + EOL;
}

/**
 * The columns: a stable identifier each (the header row, the same in every language, so scripts can rely on it)
 * and the cell it holds. Levels, changes and waiver states are identifiers too; names and texts are the data.
 */
const COLUMNS: readonly [string, (view: FindingView, m: Messages, gateRank: number) => string | number | undefined][] =
  [
    ["scope", ({ record }) => record.scope],
    ["rule_id", ({ record }) => record.rule.id],
    ["rule_name", ({ record }) => record.rule.name],
    ["level", ({ record }) => record.rule.level],
    ["namespace", ({ record }) => record.image.namespace],
    ["image", ({ record }) => record.image.name],
    ["version", ({ record }) => record.image.version],
    ["digest", ({ record }) => record.image.digest],
    ["image_type", ({ record }) => record.image.type],
    ["size_bytes", ({ record }) => record.image.size_bytes],
    ["last_scan", ({ record }) => record.image.last_scan],
    [
      "instructions",
      ({ record }, m) => record.instructions.map((i) => i.instruction ?? m.t("missingInstruction")).join("\n"),
    ],
    ["remediation", ({ record }) => record.remediations.join("\n\n")],
    // Changes and waivers are columns, not row filters: the CSV keeps every finding, as the other formats do.
    ["change", ({ record }) => record.change],
    ["waiver", ({ record }) => (record.waiver ? (record.waiver.expired ? "expired" : "waived") : undefined)],
    ["waiver_reason", ({ record }) => record.waiver?.reason],
    ["waiver_approver", ({ record }) => record.waiver?.approver],
    ["waiver_expires", ({ record }) => record.waiver?.expires],
    ["first_seen", ({ record }) => record.first_seen],
    ["age_days", ({ record }) => record.age_days],
    ["due", ({ record }) => record.due],
    ["overdue", ({ record }) => (record.overdue ? "overdue" : undefined)],
    ["waiver_ticket", ({ record }) => record.waiver?.ticket],
    // With a --fail-on level: the rows that make the verdict (their count is the verdict's count); empty without one.
    [
      "counts_for_gate",
      ({ record }, _m, gateRank) =>
        gateRank >= 0 && !record.waived && RISK_LEVELS.indexOf(record.rule.level) <= gateRank ? "yes" : undefined,
    ],
  ];

/** The last column of a report written with `--reveal-secrets`. */
export const UNMASKED_COLUMN = "unmasked_secrets";

/** The header row of images.csv. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([id]) => id);

/** The CSV as chunks (one per row), so that a report of 100k findings never becomes one giant string. */
export function* csvChunks(report: Report): Generator<string> {
  const m = messages(report.meta.lang);
  // With --reveal-secrets every row says that it holds unmasked secrets, in a last column of its own.
  const unmasked = report.meta.secrets.unmasked ? [m.t("unmaskedSecrets")] : [];
  yield BOM;
  yield csvLine([...CSV_COLUMNS, ...(unmasked.length ? [UNMASKED_COLUMN] : [])]);
  const cut = m.t("csvCellCut");
  const gate = report.summary.gate;
  const gateRank = gate ? RISK_LEVELS.indexOf(gate.level) : -1;
  for (const view of findingViews(report))
    yield csvLine([...COLUMNS.map(([, cell]) => cell(view, m, gateRank)), ...unmasked], cut);
}

export function renderCsv(report: Report): string {
  return [...csvChunks(report)].join("");
}
