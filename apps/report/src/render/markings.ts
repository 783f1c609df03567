// What every page of every format says about the report itself: DEMO DATA, PARTIAL, UNMASKED SECRETS.
import type { Messages } from "../i18n/index.js";
import type { ReportMeta } from "../model/types.js";

/** The report's markings, in the order every format prints them (empty for a complete, masked, real report). */
export function markingsOf(meta: ReportMeta, m: Pick<Messages, "t">): string[] {
  return [
    meta.demo ? m.t("demoData") : "",
    meta.partial ? m.t("partial") : "",
    meta.secrets.unmasked ? m.t("unmaskedSecrets") : "",
  ].filter(Boolean);
}

/**
 * The unmasked-secrets notice of the formats read by tools (findings.json, SARIF, JUnit): the marking and what it
 * means, from the same catalogue text as the pages; undefined for a masked report.
 */
export function unmaskedNotice(meta: ReportMeta, m: Pick<Messages, "t">): string | undefined {
  return meta.secrets.unmasked ? `${m.t("unmaskedSecrets")}: ${m.t("unmaskedSecrets.message")}` : undefined;
}
