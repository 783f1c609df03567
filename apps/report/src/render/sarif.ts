// report.sarif: the findings as SARIF 2.1.0 (OASIS), for GitHub code scanning and other SARIF readers. One run;
// one rule per HSS rule_id; one result per finding with the image as its artifact location (as Trivy reports
// images); waived findings carry an accepted external suppression with the waiver's justification.
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result, Run } from "sarif";
import type { RiskLevel } from "../evidence/types.js";
import { messages } from "../i18n/index.js";
import { type FindingView, findingViews, sectionViews } from "../model/records.js";
import type { Report } from "../model/types.js";
import { unmaskedNotice } from "./markings.js";
import { gateSentence } from "./verdict.js";
import { waiverText } from "./waiver-text.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/**
 * GitHub code scanning's upload limits ("SARIF results exceed limit", docs.github.com): a run with more than 25,000
 * results is rejected (5,000 are shown, most severe first); at most 20 tags per rule. We write one run, one
 * location per result and three tags per rule; results beyond the limit are left out, least severe and waived last.
 */
export const GITHUB_LIMITS = { resultsPerRun: 25_000, tagsPerRule: 20 } as const;

/** SARIF `level` and GitHub's `security-severity` (a CVSS-like score: >9.0 critical, 7.0-8.9 high, 4.0-6.9
 * medium, 0.1-3.9 low, as GitHub reads it), the same scores Trivy gives its own severities. */
const SEVERITY: Record<RiskLevel, { level: Result.level; score: string }> = {
  critical: { level: "error", score: "9.5" },
  high: { level: "error", score: "8.0" },
  medium: { level: "warning", score: "5.5" },
  low: { level: "note", score: "2.0" },
};

/** The image as a relative URI: each path segment percent-encoded, so any name is a valid URI reference. */
export function imageUri(view: FindingView): string {
  const { namespace, name, version } = view.image;
  const path = [namespace, version ? `${name}:${version}` : name].filter(Boolean).map(encodeURIComponent).join("/");
  return path || encodeURIComponent(view.image.digest || view.image.imageId || view.finding.imageKey);
}

export function* sarifChunks(report: Report, limit: number = GITHUB_LIMITS.resultsPerRun): Generator<string> {
  const m = messages(report.meta.lang);
  // One rule per section (a section is a rule_id, whatever scopes and image kinds list it).
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  let total = 0;
  for (const section of report.sections) {
    const remediations = new Set<string>();
    for (const { record } of sectionViews(report, section)) {
      total++;
      for (const text of record.remediations) remediations.add(text);
    }
    const name = section.name || section.ruleId;
    ruleIndex.set(section.ruleId, rules.length);
    rules.push({
      id: section.ruleId,
      name,
      shortDescription: { text: name },
      fullDescription: { text: section.description || name },
      help: { text: [...remediations].join("\n\n") || section.description || name },
      defaultConfiguration: { level: SEVERITY[section.level].level },
      properties: {
        "security-severity": SEVERITY[section.level].score,
        tags: ["security", "container", "dockerfile"],
        precision: "very-high",
      },
    });
  }

  const omitted = Math.max(0, total - limit);
  const gate = report.summary.gate;
  const unmasked = unmaskedNotice(report.meta, m);
  const run: Omit<Run, "results"> = {
    tool: {
      driver: {
        name: report.meta.tool.name,
        version: report.meta.tool.version,
        semanticVersion: report.meta.tool.version,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        endTimeUtc: report.meta.dataTime,
        toolExecutionNotifications: [
          // The file holds secret values (--reveal-secrets): a warning a SARIF viewer shows with the run (§3.20.21).
          ...(unmasked ? [{ level: "warning" as const, message: { text: unmasked } }] : []),
          ...report.meta.failures.map((failure) => ({
            level: "error" as const,
            message: { text: `${failure.scopeId}: ${failure.message}` },
          })),
          // A failed --fail-on gate is the run's verdict, not a failure to run: executionSuccessful stays true and
          // the verdict is an error-level notification (SARIF 2.1.0 §3.20.21), as well as the invocation's properties.
          ...(gate && !gate.passed ? [{ level: "error" as const, message: { text: gateSentence(gate, m) } }] : []),
          ...(omitted > 0
            ? [
                {
                  level: "warning" as const,
                  message: { text: m.count("sarif.truncated", omitted, { omitted, total, limit }) },
                },
              ]
            : []),
        ],
        ...(gate
          ? {
              properties: {
                gate: {
                  failOn: gate.level,
                  passed: gate.passed,
                  findings: gate.findings,
                  ...(gate.worstLevel ? { worstLevel: gate.worstLevel } : {}),
                },
              },
            }
          : {}),
      },
    ],
    originalUriBaseIds: { ROOTPATH: { uri: "file:///" } },
    columnKind: "utf16CodeUnits",
    properties: {
      reportId: report.meta.reportId,
      evidenceSha256: report.meta.evidenceSha256,
      demo: report.meta.demo,
      partial: report.meta.partial,
      findings: total,
      omittedFindings: omitted,
      ...(unmasked ? { unmaskedSecrets: unmasked } : {}),
    },
  };
  const log: Omit<Log, "runs"> = { $schema: SARIF_SCHEMA, version: "2.1.0" };
  yield `${JSON.stringify(log).slice(0, -1)},"runs":[${JSON.stringify(run).slice(0, -1)},"results":[`;
  // Unwaived findings first, most severe first (the report's order), then waived ones: what a cut leaves out
  // matters least.
  let written = 0;
  for (const waived of [false, true]) {
    for (const view of findingViews(report)) {
      if (view.record.waived !== waived) continue;
      if (written >= limit) break;
      yield `${written === 0 ? "\n" : ",\n"}${JSON.stringify(toResult(view, ruleIndex, m))}`;
      written++;
    }
  }
  yield "\n]}]}\n";
}

function toResult(view: FindingView, ruleIndex: Map<string, number>, m: ReturnType<typeof messages>): Result {
  const { record, finding } = view;
  const instructions = record.instructions.map((i) => i.instruction ?? m.t("missingInstruction")).join("\n");
  const waiver = record.waiver;
  return {
    ruleId: record.rule.id,
    ruleIndex: ruleIndex.get(record.rule.id) ?? -1,
    level: SEVERITY[record.rule.level].level,
    message: {
      text: m.t("finding.message", {
        image: record.image.reference || record.image.digest,
        rule: record.rule.id,
        level: m.level(record.rule.level),
        instructions,
      }),
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: imageUri(view), uriBaseId: "ROOTPATH" },
          region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
        },
        message: { text: record.image.reference || record.image.digest || record.image.image_id },
      },
    ],
    partialFingerprints: { "hssFinding/v1": createHash("sha256").update(finding.key).digest("hex") },
    ...(record.waived && waiver
      ? {
          suppressions: [
            { kind: "external" as const, status: "accepted" as const, justification: waiverText(m, waiver) },
          ],
        }
      : {}),
    properties: {
      scope: record.scope,
      imageKind: record.image_kind,
      imageType: record.image.type,
      digest: record.image.digest,
      ...(record.change ? { change: record.change } : {}),
      ...(waiver?.expired ? { waiverExpired: waiver.expires } : {}),
      firstSeen: record.first_seen,
      ...(record.overdue ? { overdueSince: record.due } : {}),
    },
  };
}

export function renderSarif(report: Report, limit?: number): string {
  return [...sarifChunks(report, limit)].join("");
}
