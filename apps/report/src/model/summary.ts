// The executive summary, derived from the model (never from raw responses) so it agrees with every section.
import type { RiskLevel } from "../evidence/types.js";
import {
  type Finding,
  type Gate,
  type LevelCount,
  type Report,
  RISK_LEVELS,
  type ScopeSummary,
  type Summary,
} from "./types.js";

const TOP_NAMESPACES = 10;

/** A finding counts against `--fail-on` and the headline unless a waiver that has not expired covers it. */
export const isWaived = (finding: Finding): boolean => finding.waiver !== undefined && !finding.waiver.expired;

const emptyLevels = <T>(make: () => T): Record<RiskLevel, T> =>
  Object.fromEntries(RISK_LEVELS.map((level) => [level, make()])) as Record<RiskLevel, T>;

export function summarize(report: Omit<Report, "summary">, failOn?: RiskLevel): Summary {
  const byLevel = emptyLevels<LevelCount>(() => ({ rules: 0, images: 0, findings: 0 }));
  const imagesByLevel = emptyLevels(() => new Set<string>());
  const affected = new Set<string>();
  let riskyInstructions = 0;
  let waivedFindings = 0;
  let worst: number | undefined;
  const overdueByLevel = emptyLevels(() => 0);

  for (const section of report.sections) byLevel[section.level].rules++;
  for (const finding of report.findings.values()) {
    affected.add(finding.imageKey);
    imagesByLevel[finding.level].add(finding.imageKey);
    byLevel[finding.level].findings++;
    riskyInstructions += finding.instructions.length;
    if (isWaived(finding)) waivedFindings++;
    else {
      const rank = RISK_LEVELS.indexOf(finding.level);
      worst = worst === undefined ? rank : Math.min(worst, rank);
      if (finding.overdue) overdueByLevel[finding.level]++;
    }
  }
  for (const level of RISK_LEVELS) byLevel[level].images = imagesByLevel[level].size;

  const typeCounts = new Map<string, number>();
  const namespaceCounts = new Map<string, number>();
  for (const key of affected) {
    const image = report.images.get(key);
    if (!image) continue;
    typeCounts.set(image.type, (typeCounts.get(image.type) ?? 0) + 1);
    namespaceCounts.set(image.namespace, (namespaceCounts.get(image.namespace) ?? 0) + 1);
  }
  const ranked = (counts: Map<string, number>) =>
    [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));

  const worstLevel = worst === undefined ? undefined : RISK_LEVELS[worst];
  const gate = failOn === undefined ? undefined : gateOf(report, failOn, worstLevel);
  return {
    rulesWithFindings: report.sections.length,
    affectedImages: affected.size,
    findings: report.findings.size,
    riskyInstructions,
    waivedFindings,
    byLevel,
    byImageType: ranked(typeCounts).map(([type, images]) => ({ type, images })),
    topNamespaces: ranked(namespaceCounts)
      .slice(0, TOP_NAMESPACES)
      .map(([namespace, images]) => ({ namespace, images })),
    ...(worstLevel ? { worstLevel } : {}),
    overdue: RISK_LEVELS.reduce((sum, level) => sum + overdueByLevel[level], 0),
    overdueByLevel,
    scopes: summarizeScopes(report),
    ...(gate ? { gate } : {}),
  };
}

function gateOf(report: Omit<Report, "summary">, level: RiskLevel, worstLevel: RiskLevel | undefined): Gate {
  const rank = RISK_LEVELS.indexOf(level);
  let findings = 0;
  for (const finding of report.findings.values()) {
    if (!isWaived(finding) && RISK_LEVELS.indexOf(finding.level) <= rank) findings++;
  }
  return { level, passed: findings === 0, findings, ...(worstLevel ? { worstLevel } : {}) };
}

function summarizeScopes(report: Omit<Report, "summary">): ScopeSummary[] {
  return report.meta.scopes.map((scope) => {
    const failure = report.meta.failures.find((f) => f.scopeId === scope.id);
    const byLevel = emptyLevels(() => 0);
    const images = new Set<string>();
    let rulesWithFindings = 0;
    for (const section of report.sections) {
      if (!section.listings.some((l) => l.rule.scopeId === scope.id)) continue;
      rulesWithFindings++;
      for (const finding of section.findings) {
        if (report.images.get(finding.imageKey)?.scopeId !== scope.id) continue;
        images.add(finding.imageKey);
        byLevel[finding.level]++;
      }
    }
    return {
      scopeId: scope.id,
      ok: !failure,
      ...(failure ? { error: failure.message } : {}),
      rulesWithFindings,
      affectedImages: images.size,
      byLevel,
    };
  });
}
