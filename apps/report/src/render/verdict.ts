// The --fail-on verdict in words, one place for every format (localized) and for the run log (English, like the
// rest of the log): passed or failed, how many unwaived findings are at or above the level, the worst level.
import type { Messages } from "../i18n/index.js";
import type { Gate } from "../model/types.js";

/** `Gate --fail-on high: failed: 12 unwaived findings at or above High (worst: Critical).` in the report's language. */
export function gateSentence(gate: Gate, m: Messages): string {
  const vars = {
    level: m.level(gate.level),
    count: m.number(gate.findings),
    worst: gate.worstLevel ? m.level(gate.worstLevel) : m.t("none"),
  };
  return `${m.t("gate.label", { level: gate.level })}: ${m.t(gate.passed ? "gate.passed" : "gate.failed", vars)}`;
}

/** The same for the run log and the scheduler's status line. */
export function gateLogLine(gate: Gate): string {
  return gate.passed
    ? `--fail-on ${gate.level}: passed: no unwaived finding at or above ${gate.level}` +
        (gate.worstLevel ? ` (worst: ${gate.worstLevel})` : "")
    : `--fail-on ${gate.level}: FAILED: ${gate.findings} unwaived finding(s) at or above ${gate.level} (worst: ${gate.worstLevel})`;
}
