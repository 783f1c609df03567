// The --fail-on verdict as the run log and the scheduler's status line write it (English, like the rest of the log;
// the reports' own, localized sentence is render/verdict.ts).
import { countEn } from "../i18n/index.js";
import type { Gate } from "../model/types.js";

/** `--fail-on high: FAILED: 12 unwaived findings at or above high (worst: critical)`, or `...: passed: ...`. */
export function gateLogLine(gate: Gate): string {
  return gate.passed
    ? `--fail-on ${gate.level}: passed: no unwaived finding at or above ${gate.level}` +
        (gate.worstLevel ? ` (worst: ${gate.worstLevel})` : "")
    : `--fail-on ${gate.level}: FAILED: ${countEn(gate.findings, "unwaived finding", "unwaived findings")} at or above ${gate.level} (worst: ${gate.worstLevel})`;
}
