// images.csv: one row per (rule, image), for spreadsheets. RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so
// that Excel detects the encoding, and formula injection neutralised: names are data, never formulas.
import { messages } from "../i18n/index.js";
import type { Report } from "../model/types.js";

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

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return String(value);
  return quoteCell(neutraliseCell(value));
}

export function csvLine(cells: readonly (string | number | undefined)[]): string {
  return cells.map(csvCell).join(",") + EOL;
}

const isoTime = (ms: number | undefined): string | undefined =>
  ms === undefined || !Number.isFinite(ms) ? undefined : new Date(ms).toISOString();

/** The CSV as chunks (one per row), so that a report of 100k findings never becomes one giant string. */
export function* csvChunks(report: Report): Generator<string> {
  const m = messages(report.meta.lang);
  yield BOM;
  yield csvLine([
    m.t("image.scope"),
    m.t("rule.id"),
    m.t("rule.name"),
    m.t("rule.level"),
    m.t("image.namespace"),
    m.t("image.name"),
    m.t("image.version"),
    m.t("image.digest"),
    m.t("image.type"),
    m.t("csv.sizeBytes"),
    m.t("image.lastScan"),
    m.t("image.instructions"),
    m.t("rule.remediation"),
    m.t("pdf.change"),
    m.t("waiver.waived"),
    m.t("waiver.reason"),
    m.t("waiver.approver"),
    m.t("waiver.expires"),
    m.t("age.firstSeen"),
    m.t("age.ageDays"),
    m.t("age.due"),
    m.t("age.overdue"),
  ]);
  for (const section of report.sections) {
    for (const finding of section.findings) {
      // The listing the finding comes from: its scope and level (rows of one rule id are grouped together).
      const rule = report.rules.get(finding.ruleKey) ?? { scopeId: "", ruleId: section.ruleId, name: section.name };
      const image = report.images.get(finding.imageKey);
      const instructions = finding.instructions.map((i) =>
        i.instruction === "--" ? m.t("missingInstruction") : i.instruction,
      );
      // Remediation texts repeat per instruction; each distinct one once, in first-seen order.
      const remediations = [...new Set(finding.instructions.map((i) => report.remediations[i.remediation] ?? ""))];
      yield csvLine([
        rule.scopeId,
        rule.ruleId,
        rule.name,
        finding.level,
        image?.namespace,
        image?.name,
        image?.version,
        image?.digest,
        image?.type,
        image?.size,
        isoTime(image?.latestScanTime),
        instructions.join("\n"),
        remediations.filter(Boolean).join("\n\n"),
        // Changes and waivers are columns, not row filters: the CSV keeps every finding, as the other formats do.
        finding.change ? m.t(`changes.${finding.change}`) : undefined,
        finding.waiver ? m.t(finding.waiver.expired ? "waiver.expired" : "waiver.waived") : undefined,
        finding.waiver?.reason,
        finding.waiver?.approver,
        finding.waiver?.expires,
        finding.firstSeen,
        finding.ageDays,
        finding.due,
        finding.overdue ? m.t("age.overdue") : undefined,
      ]);
    }
  }
}

export function renderCsv(report: Report): string {
  return [...csvChunks(report)].join("");
}
