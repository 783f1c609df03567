// The sentence a re-render with other waivers or another baseline carries in every format (see ReportMeta.derivedFrom).
import type { Messages } from "../i18n/index.js";
import type { Report } from "../model/types.js";

/** `Re-rendered from report HSS-… with other waivers and baseline: …`, or "" for a report as its run wrote it. */
export function derivedSentence(report: Report, m: Messages): string {
  const derived = report.meta.derivedFrom;
  if (!derived) return "";
  const what = derived.what.map((w) => m.t(`derived.${w}`)).join(m.t("derived.and"));
  return m.t("meta.derivedFrom", { reportId: derived.reportId, what });
}
