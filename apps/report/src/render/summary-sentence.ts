// The summary's one sentence, the same in every format that has it (HTML, PDF, summary.md).
import type { Messages } from "../i18n/index.js";
import type { Summary } from "../model/types.js";

/** `1 image is affected by 2 risky build-command rules (2 findings).`: each count in its plural form
 * (`Intl.PluralRules`), the verb agreeing with the images. */
export function summarySentence(summary: Summary, m: Messages): string {
  return m.count("summary.sentence", summary.affectedImages, {
    images: m.count("summary.imageCount", summary.affectedImages),
    rules: m.count("summary.ruleCount", summary.rulesWithFindings),
    findings: m.count("md.findingCount", summary.findings),
  });
}
