// The headline figures of a report, in order: one list, so the HTML cards and the PDF's KPI row show the same
// figures under the same labels.
import type { Summary } from "../model/types.js";

/** A headline figure: its catalogue label key, the count, and whether it calls for attention (non-zero overdue). */
export interface Kpi {
  key: "rulesWithFindings" | "affectedImages" | "findings" | "riskyInstructions" | "waived" | "overdue";
  label: string;
  value: number;
  alert: boolean;
}

/** The headline figures of `summary`, labels from the catalogue `t` (`summary.<key>`). Always all six, in
 * this order: a figure of 0 (no waivers, nothing overdue) is itself a fact an auditor reads. */
export function kpis(summary: Summary, t: (key: string) => string): Kpi[] {
  const rows: [Kpi["key"], number][] = [
    ["rulesWithFindings", summary.rulesWithFindings],
    ["affectedImages", summary.affectedImages],
    ["findings", summary.findings],
    ["riskyInstructions", summary.riskyInstructions],
    ["waived", summary.waivedFindings],
    ["overdue", summary.overdue],
  ];
  return rows.map(([key, value]) => ({
    key,
    label: t(`summary.${key}`),
    value,
    alert: key === "overdue" && value > 0,
  }));
}
