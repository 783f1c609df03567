// A waiver as one line of the reader's language, for the formats that carry it as text (SARIF suppressions, JUnit).
import type { Messages } from "../i18n/index.js";
import type { FindingRecord } from "../model/records.js";

export function waiverText(m: Messages, waiver: NonNullable<FindingRecord["waiver"]>): string {
  const text = m.t("finding.justification", {
    reason: waiver.reason,
    approver: waiver.approver,
    expires: m.expiry(waiver.expires),
  });
  return waiver.ticket ? `${text}; ${m.t("finding.ticket", { ticket: waiver.ticket })}` : text;
}
