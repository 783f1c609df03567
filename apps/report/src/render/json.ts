// evidence.json: the sealed evidence, one API response per line. Compact enough for 100k images, still readable
// and diffable line by line, and valid JSON that `JSON.parse` reads back to the same object.
import { SpooledResponses } from "../evidence/spool.js";
import type { Assessment, AssessmentSummary, FindingRef, StreamedEvidence } from "../evidence/types.js";
import { imageReference } from "../model/keys.js";
import type { Finding, Report } from "../model/types.js";

/** The evidence, followed by the run's assessment (numbers and verdict, changes, waivers) when given the report. */
export function* evidenceJsonChunks(evidence: StreamedEvidence, report?: Report): Generator<string> {
  const assessment = report ? assessmentOf(report) : undefined;
  const entries = Object.entries({ ...evidence, assessment }).filter(([, value]) => value !== undefined);
  yield "{\n";
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? "," : "";
    const items = itemLines(value);
    let previous: string | undefined;
    for (const line of items ?? []) {
      yield previous === undefined ? `  ${JSON.stringify(key)}: [\n` : `    ${previous},\n`;
      previous = line;
    }
    if (previous !== undefined) yield `    ${previous}\n  ]${comma}\n`;
    else yield `  ${JSON.stringify(key)}: ${items ? "[]" : JSON.stringify(value)}${comma}\n`;
  }
  yield "}\n";
}

/** The JSON of each item of a list (spooled responses are already JSON), or undefined for any other value. */
function itemLines(value: unknown): Iterable<string> | undefined {
  if (value instanceof SpooledResponses) return value.lines();
  if (!Array.isArray(value)) return undefined;
  return (function* () {
    for (const item of value) yield JSON.stringify(item);
  })();
}

export function renderEvidenceJson(evidence: StreamedEvidence, report?: Report): string {
  return [...evidenceJsonChunks(evidence, report)].join("");
}

function summaryOf(report: Report): AssessmentSummary {
  const { summary } = report;
  return {
    rulesWithFindings: summary.rulesWithFindings,
    affectedImages: summary.affectedImages,
    findings: summary.findings,
    waivedFindings: summary.waivedFindings,
    byLevel: summary.byLevel,
    ...(summary.worstLevel ? { worstLevel: summary.worstLevel } : {}),
    ...(summary.gate ? { gate: summary.gate } : {}),
    overdue: { findings: summary.overdue, byLevel: summary.overdueByLevel, slaDays: report.meta.slaDays },
    rules: report.sections.map((section) => ({
      ruleId: section.ruleId,
      level: section.level,
      findings: section.findings.length,
      listings: section.listings.map((l) => ({
        scopeId: l.rule.scopeId,
        imageKind: l.rule.imageKind,
        findings: l.findings,
      })),
    })),
  };
}

export function assessmentOf(report: Report): Assessment {
  const ref = (finding: Finding): FindingRef => {
    const rule = report.rules.get(finding.ruleKey);
    const image = report.images.get(finding.imageKey);
    return {
      scopeId: rule?.scopeId ?? "",
      ruleId: rule?.ruleId ?? finding.ruleKey,
      level: finding.level,
      image: image ? imageReference(image) : finding.imageKey,
      digest: image?.digest ?? "",
    };
  };
  const waived = [...report.findings.values()].filter((finding) => finding.waiver);
  const { changes } = report;
  const carried = [...report.findings.values()].filter((finding) => finding.firstSeen !== report.meta.dataTime);
  return {
    summary: summaryOf(report),
    ...(changes
      ? {
          changes: {
            baseline: changes.baseline,
            new: changes.newFindings.flatMap((key) => {
              const finding = report.findings.get(key);
              return finding ? [ref(finding)] : [];
            }),
            resolved: changes.resolved.map(({ scopeId, ruleId, ruleName, level, image, digest }) => ({
              scopeId,
              ruleId,
              ruleName,
              level,
              image,
              digest,
            })),
            unchanged: changes.unchanged,
            ...(changes.comparison ? { comparison: changes.comparison } : {}),
          },
        }
      : {}),
    ...(waived.length > 0
      ? {
          waivers: waived.map((finding) => ({
            ...ref(finding),
            ...(finding.waiver as NonNullable<Finding["waiver"]>),
          })),
        }
      : {}),
    ...(carried.length > 0
      ? { firstSeen: Object.fromEntries(carried.map((finding) => [finding.key, finding.firstSeen])) }
      : {}),
  };
}
