// findings.json: every finding as a record of the documented, versioned format (findings.schema.json), for scripts
// and other tools. One record per line, so that 100k findings never become one giant string and diffs stay readable.
import { messages } from "../i18n/index.js";
import { FINDINGS_SCHEMA_VERSION, type FindingsFile, findingViews, notComparedRecord } from "../model/records.js";
import type { Report } from "../model/types.js";
import { unmaskedNotice } from "./markings.js";

export function* findingsJsonChunks(report: Report): Generator<string> {
  const { meta } = report;
  const comparison = report.changes?.comparison;
  const gate = report.summary.gate;
  const unmasked = unmaskedNotice(meta, messages(meta.lang));
  const head: Omit<FindingsFile, "findings"> = {
    schema_version: FINDINGS_SCHEMA_VERSION,
    tool: meta.tool,
    report_id: meta.reportId,
    data_time: meta.dataTime,
    evidence_sha256: meta.evidenceSha256,
    demo: meta.demo,
    partial: meta.partial,
    ...(unmasked ? { unmasked_secrets: unmasked } : {}),
    ...(gate
      ? {
          fail_on: gate.level,
          gate: {
            fail_on: gate.level,
            passed: gate.passed,
            findings: gate.findings,
            ...(gate.worstLevel ? { worst_level: gate.worstLevel } : {}),
          },
        }
      : {}),
    ...(comparison ? { not_compared: comparison.differences.map(notComparedRecord) } : {}),
  };
  // The head's fields, then the findings array, one record a line.
  yield `${JSON.stringify(head).slice(0, -1)},\n"findings": [`;
  let first = true;
  for (const { record } of findingViews(report)) {
    yield `${first ? "\n" : ",\n"}${JSON.stringify(record)}`;
    first = false;
  }
  yield first ? "]}\n" : "\n]}\n";
}

export function renderFindingsJson(report: Report): string {
  return [...findingsJsonChunks(report)].join("");
}
