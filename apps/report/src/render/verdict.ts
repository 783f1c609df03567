// The --fail-on verdict in the report's words, one place for every format: passed or failed, how many unwaived
// findings are at or above the level, the worst level. (The run log's line is cli/gate-line.ts.)
import type { Messages } from "../i18n/index.js";
import type { Gate } from "../model/types.js";

/** `Gate --fail-on high: failed: 12 unwaived findings at or above High (worst: Critical).` in the report's language. */
export function gateSentence(gate: Gate, m: Messages): string {
  const vars = {
    level: m.level(gate.level),
    count: m.number(gate.findings),
    worst: gate.worstLevel ? m.level(gate.worstLevel) : m.t("none"),
  };
  const verdict = gate.passed ? m.t("gate.passed", vars) : m.count("gate.failed", gate.findings, vars);
  return `${m.t("gate.label", { level: gate.level })}: ${verdict}`;
}
