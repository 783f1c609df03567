// The summary's sentences, the same in every format that has them (HTML, PDF, summary.md).
import type { RiskLevel } from "../evidence/types.js";
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

/** The worst-level sentence in pieces, so that a format can style the level (badge, colour). */
export interface WorstLevelSentence {
  /** Text before the level's label (the whole sentence when `level` is unset). */
  before: string;
  level?: RiskLevel;
  /** The level's label in the report's language. */
  label?: string;
  after: string;
}

/**
 * The sentence after `summarySentence`: `Highest unwaived level: Critical.` (the highest level with an unwaived
 * finding, `Summary.worstLevel`), or `No unwaived findings.` when every finding is waived; undefined without findings.
 * Join `before + label + after` for plain text.
 */
export function worstLevelSentence(summary: Summary, m: Messages): WorstLevelSentence | undefined {
  if (summary.findings === 0) return undefined;
  const level = summary.worstLevel;
  if (!level) return { before: m.t("summary.noUnwaived"), after: "" };
  // Without vars, t() keeps the placeholder: the catalogue decides where the level goes.
  const text = m.t("summary.worst");
  const at = text.indexOf("{level}");
  return { before: text.slice(0, at), level, label: m.level(level), after: text.slice(at + "{level}".length) };
}
