// Builds the one report model from sealed evidence. Pure: the same evidence (and options) give the same model.
import type {
  ImageInfo,
  ImagesResponse,
  Lang,
  RiskLevel,
  RulesResponse,
  RunParameters,
  StreamedEvidence,
} from "../evidence/types.js";
import { holdsUnmaskedSecrets } from "../mask/policy.js";
import { compareRuns, comparer, type ReadScope } from "./compare.js";
import { findingKey, imageKey, imageReference, ruleKey } from "./keys.js";
import { findingRefKey, type RecordedChanges } from "./recorded.js";
import { summarize } from "./summary.js";
import {
  type AppliedWaiver,
  type Changes,
  type Finding,
  type Image,
  type Instruction,
  type Report,
  RISK_LEVELS,
  type Rule,
  type RuleListing,
  type RuleSection,
  type TrendPoint,
} from "./types.js";

export interface BuildOptions {
  /** Decides whether a finding is an accepted risk (see waivers). */
  waive?: (rule: Rule, image: Image) => Omit<AppliedWaiver, "expired"> | undefined;
  /** The previous report to compare with, and how to name it. */
  baseline?: { report: Report; label: string };
  /** The `--fail-on` level of the verdict; default: the one the evidence's run was given. */
  failOn?: RiskLevel | undefined;
  /**
   * First-seen times (ISO 8601 UTC) carried over from the previous run of a history folder, for the findings that
   * run had; any other finding is first seen now (see `firstSeenFor` in history).
   */
  firstSeen?: ReadonlyMap<string, string>;
  /** In a history folder: the kept runs before this one (oldest first) and this run's folder name. */
  trend?: { previous: readonly TrendPoint[]; run: string };
  /** SLA days per level; levels not given keep `DEFAULT_SLA_DAYS`. */
  slaDays?: Partial<Record<RiskLevel, number>>;
  /** Changes recorded by the run that wrote the evidence (a re-render reproduces them; see recorded.ts). */
  recordedChanges?: RecordedChanges | undefined;
  /** The report's language; default: the run's (a re-render may choose another: same facts, other words). */
  lang?: Lang | undefined;
  /** Set when a re-render assesses the evidence differently from the run that wrote it: the report gets its own id. */
  derived?: { from: string; what: ("waivers" | "baseline")[]; assessmentSha256: string } | undefined;
}

/** Days a finding may stay open, per level, unless the config's `sla_days` says otherwise. */
export const DEFAULT_SLA_DAYS: Readonly<Record<RiskLevel, number>> = { critical: 7, high: 30, medium: 90, low: 180 };

const DAY_MS = 86_400_000;

export const levelRank = (level: RiskLevel): number => RISK_LEVELS.indexOf(level);

export function buildReport(evidence: StreamedEvidence, options: BuildOptions = {}): Report {
  const rules = new Map<string, Rule>();
  const images = new Map<string, Image>();
  const findings = new Map<string, Finding>();
  const remediationIndex = new Map<string, number>();
  const remediations: string[] = [];
  const remediationOf = (text: string): number => {
    let index = remediationIndex.get(text);
    if (index === undefined) {
      index = remediations.push(text) - 1;
      remediationIndex.set(text, index);
    }
    return index;
  };

  const dataTime = Date.parse(evidence.run.startedAt);
  const slaDays = { ...DEFAULT_SLA_DAYS, ...options.slaDays };
  // At a million findings the model is most of the memory: texts that repeat (names, versions, types,
  // instructions) are kept once, and findings with the same single instruction share its list.
  const intern = interner();
  const singleInstructions = new Map<number, Map<string, Instruction[]>>();
  const instructionsOf = (info: ImageInfo): Instruction[] => {
    const list = info.risk_detail_info.risk_list.map((risk) => ({
      instruction: intern(risk.build_instruction ?? ""),
      remediation: remediationOf(risk.remediation ?? ""),
    }));
    const [only] = list;
    if (list.length !== 1 || !only) return list;
    let byText = singleInstructions.get(only.remediation);
    if (!byText) {
      byText = new Map();
      singleInstructions.set(only.remediation, byText);
    }
    const shared = byText.get(only.instruction);
    if (shared) return shared;
    byText.set(only.instruction, list);
    return list;
  };

  // Most findings share a first-seen time and so a due time: one string each, not one per finding.
  const dueTexts = new Map<number, string>();
  const dueText = (ms: number): string => {
    let text = dueTexts.get(ms);
    if (text === undefined) {
      text = new Date(ms).toISOString();
      dueTexts.set(ms, text);
    }
    return text;
  };
  // One walk over the responses (a live run reads them from disk, one page at a time): the evidence lists a rule
  // before its images; images whose rule is listed further on wait for the end of the walk.
  const later: ImagesResponse[] = [];
  for (const response of evidence.responses) {
    if (response.operation === "ListImageBuildCommandRisks") addRules(response, rules);
    else if (rules.has(ruleKeyOf(response))) addImages(response);
    else later.push(response);
  }
  for (const response of later) addImages(response);

  function addImages(response: ImagesResponse): void {
    const rule = rules.get(ruleKeyOf(response));
    if (!rule) return; // Images of a rule the run did not select (cannot happen with our fetcher).
    for (const info of response.body.data_list) {
      // The first listing of an image describes it; every finding of it refers to that one.
      let image = images.get(imageKey(response.scopeId, info));
      if (!image) {
        image = toImage(response, info, intern);
        images.set(image.key, image);
      }
      const key = findingKey(rule.key, image.key);
      if (findings.has(key)) continue;
      const instructions = instructionsOf(info);
      const waiver = options.waive?.(rule, image);
      const firstSeen = options.firstSeen?.get(key) ?? evidence.run.startedAt;
      const due = Date.parse(firstSeen) + slaDays[rule.level] * DAY_MS;
      findings.set(key, {
        key,
        ruleKey: rule.key,
        imageKey: image.key,
        level: rule.level,
        instructions,
        ...(waiver ? { waiver: { ...waiver, expired: Date.parse(waiver.expires) < dataTime } } : {}),
        firstSeen,
        ageDays: Math.max(0, Math.floor((dataTime - Date.parse(firstSeen)) / DAY_MS)),
        due: dueText(due),
        overdue: dataTime > due,
      });
    }
  }

  const sections = buildSections(rules, images, findings);
  const imageIndex = buildImageIndex(sections, images);
  const read: ReadScope = {
    parameters: evidence.run.parameters,
    scopes: evidence.run.scopes,
    failures: evidence.failures,
    rules,
  };
  const changes = options.baseline
    ? diff(findings, rules, images, read, options.baseline)
    : options.recordedChanges
      ? replay(findings, rules, images, options.recordedChanges)
      : undefined;
  if (changes) {
    // Outside what both runs read, a finding has no change status.
    const added = new Set(changes.newFindings);
    const inside = comparer(changes.comparison);
    for (const finding of findings.values()) {
      const rule = rules.get(finding.ruleKey);
      if (rule && inside(rule)) finding.change = added.has(finding.key) ? "new" : "unchanged";
    }
  }

  const failures = evidence.failures;
  const report: Report = {
    meta: {
      reportId: options.derived
        ? `HSS-${evidence.sha256.slice(0, 12).toUpperCase()}-${options.derived.assessmentSha256.slice(0, 6).toUpperCase()}`
        : `HSS-${evidence.sha256.slice(0, 12).toUpperCase()}`,
      ...(options.derived ? { derivedFrom: { reportId: options.derived.from, what: options.derived.what } } : {}),
      tool: evidence.tool,
      dataTime: evidence.run.startedAt,
      lang: options.lang ?? evidence.run.lang,
      demo: evidence.run.demo,
      partial: failures.length > 0,
      evidenceSha256: evidence.sha256,
      secrets: { masked: evidence.masking?.masked ?? 0, unmasked: holdsUnmaskedSecrets(evidence) },
      parameters: evidence.run.parameters,
      scopes: evidence.run.scopes,
      failures,
      slaDays,
    },
    summary: undefined as never,
    remediations,
    rules,
    images,
    sections,
    imageIndex,
    findings,
    ...(changes ? { changes } : {}),
  };
  if (options.trend) {
    const byLevel = levelsRead(evidence.run.parameters);
    for (const finding of findings.values()) byLevel[finding.level] = (byLevel[finding.level] ?? 0) + 1;
    report.trend = [
      ...options.trend.previous,
      {
        run: options.trend.run,
        dataTime: evidence.run.startedAt,
        byLevel,
        ...(changes ? { new: changes.newFindings.length, resolved: changes.resolved.length } : {}),
      },
    ];
  }
  report.summary = summarize(report, options.failOn ?? evidence.run.parameters.failOn);
  return report;
}

function ruleKeyOf(response: ImagesResponse | RulesResponse): string {
  const kind = response.query.image_type === "cicd" ? "cicd" : "registry";
  return ruleKey(response.scopeId, kind, String(response.query.rule_id ?? ""));
}

function addRules(response: RulesResponse, rules: Map<string, Rule>): void {
  const kind = response.query.image_type === "cicd" ? "cicd" : "registry";
  for (const info of response.body.data_list) {
    const key = ruleKey(response.scopeId, kind, info.rule_id);
    if (rules.has(key)) continue;
    rules.set(key, {
      key,
      scopeId: response.scopeId,
      imageKind: kind,
      ruleId: info.rule_id,
      ...(info.risk_id ? { riskId: info.risk_id } : {}),
      name: info.risk_name,
      level: info.risk_level,
      description: info.description ?? "",
      imageNum: info.image_num,
      ...(typeof info.latest_scan_time === "number" ? { latestScanTime: info.latest_scan_time } : {}),
    });
  }
}

/** Returns one string for equal texts (the first seen). */
function interner(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    const first = known.get(text);
    if (first !== undefined) return first;
    known.set(text, text);
    return text;
  };
}

function toImage(response: ImagesResponse, info: ImageInfo, intern: (text: string) => string): Image {
  return {
    key: imageKey(response.scopeId, info),
    scopeId: intern(response.scopeId),
    imageKind: response.query.image_type === "cicd" ? "cicd" : "registry",
    namespace: intern(info.namespace ?? ""),
    name: intern(info.image_name),
    version: intern(info.image_version ?? ""),
    digest: info.image_digest ?? "",
    imageId: info.image_id ?? "",
    type: intern(info.image_type ?? ""),
    ...(info.image_size !== undefined ? { size: info.image_size } : {}),
    // Beyond 2^53 (decimal text), a time is far past what a Date holds: no time, as for any such value.
    ...(typeof info.latest_scan_time === "number" ? { latestScanTime: info.latest_scan_time } : {}),
  };
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function compareImages(a: Image, b: Image): number {
  return (
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name) ||
    compareText(a.version, b.version) ||
    compareText(a.scopeId, b.scopeId) ||
    compareText(a.key, b.key)
  );
}

function buildSections(
  rules: Map<string, Rule>,
  images: Map<string, Image>,
  findings: Map<string, Finding>,
): RuleSection[] {
  // A rule is its rule_id: the findings of every scope and image kind that lists it go into one section.
  const byRule = new Map<string, { listings: Map<string, RuleListing>; findings: Finding[] }>();
  for (const finding of findings.values()) {
    const rule = rules.get(finding.ruleKey);
    if (!rule) continue;
    let group = byRule.get(rule.ruleId);
    if (!group) {
      group = { listings: new Map(), findings: [] };
      byRule.set(rule.ruleId, group);
    }
    group.findings.push(finding);
    const listing = group.listings.get(rule.key);
    if (listing) listing.findings++;
    else group.listings.set(rule.key, { rule, findings: 1 });
  }
  const sections: RuleSection[] = [];
  for (const [ruleId, group] of byRule) {
    const listings = [...group.listings.values()].sort(
      (a, b) => compareText(a.rule.scopeId, b.rule.scopeId) || compareText(a.rule.imageKind, b.rule.imageKind),
    );
    const first = (listings[0] as RuleListing).rule;
    const level = listings.reduce<RiskLevel>(
      (worst, l) => (levelRank(l.rule.level) < levelRank(worst) ? l.rule.level : worst),
      first.level,
    );
    const list = group.findings.sort((a, b) =>
      compareImages(images.get(a.imageKey) as Image, images.get(b.imageKey) as Image),
    );
    const shared = new Set(list.flatMap((f) => f.instructions.map((i) => i.remediation)));
    const [only] = shared;
    sections.push({
      ruleId,
      name: first.name,
      level,
      description: first.description,
      listings,
      findings: list,
      ...(shared.size === 1 && only !== undefined ? { sharedRemediation: only } : {}),
    });
  }
  return sections.sort(
    (a, b) =>
      levelRank(a.level) - levelRank(b.level) ||
      b.findings.length - a.findings.length ||
      compareText(a.name, b.name) ||
      compareText(a.ruleId, b.ruleId),
  );
}

function buildImageIndex(sections: RuleSection[], images: Map<string, Image>): Report["imageIndex"] {
  const byImage = new Map<string, string[]>();
  for (const section of sections) {
    for (const finding of section.findings) {
      const list = byImage.get(finding.imageKey);
      if (list) list.push(finding.key);
      else byImage.set(finding.imageKey, [finding.key]);
    }
  }
  return [...byImage.entries()]
    .sort(([a], [b]) => compareImages(images.get(a) as Image, images.get(b) as Image))
    .map(([imageKey, keys]) => ({ imageKey, findings: keys }));
}

/** The recorded changes, on the rebuilt findings (matched by scope, rule id, image reference and digest). */
function replay(
  findings: Map<string, Finding>,
  rules: Map<string, Rule>,
  images: Map<string, Image>,
  recorded: RecordedChanges,
): Changes {
  const inside = comparer(recorded.comparison);
  const newFindings: string[] = [];
  let compared = 0;
  for (const finding of findings.values()) {
    const rule = rules.get(finding.ruleKey);
    const image = images.get(finding.imageKey);
    if (!rule || !image || !inside(rule)) continue;
    compared++;
    if (recorded.newFindings.has(findingRefKey(rule, image))) newFindings.push(finding.key);
  }
  return {
    baseline: recorded.baseline,
    newFindings,
    resolved: recorded.resolved,
    unchanged: compared - newFindings.length,
    ...(recorded.comparison ? { comparison: { ...recorded.comparison, outside: findings.size - compared } } : {}),
  };
}

/** New and resolved findings, of what both runs read (see compare.ts). */
function diff(
  findings: Map<string, Finding>,
  rules: Map<string, Rule>,
  images: Map<string, Image>,
  read: ReadScope,
  baseline: NonNullable<BuildOptions["baseline"]>,
): Changes {
  const before = baseline.report;
  const comparison = compareRuns(read, {
    parameters: before.meta.parameters,
    scopes: before.meta.scopes,
    failures: before.meta.failures,
    rules: before.rules,
  });
  const inside = comparer(comparison);
  const within = (finding: Finding, ...from: Map<string, Rule>[]) => {
    const rule = from.map((r) => r.get(finding.ruleKey)).find((r) => r !== undefined);
    return rule !== undefined && inside(rule);
  };
  const compared = [...findings.values()].filter((finding) => within(finding, rules));
  const newFindings = compared.filter((finding) => !before.findings.has(finding.key)).map((finding) => finding.key);
  const resolved = [...before.findings.values()]
    .filter((finding) => !findings.has(finding.key) && within(finding, before.rules, rules))
    .map((finding) => {
      const rule = before.rules.get(finding.ruleKey) ?? rules.get(finding.ruleKey);
      const image = before.images.get(finding.imageKey) ?? images.get(finding.imageKey);
      return {
        key: finding.key,
        ruleId: rule?.ruleId ?? finding.ruleKey,
        ruleName: rule?.name ?? "",
        level: finding.level,
        scopeId: rule?.scopeId ?? "",
        image: image ? imageReference(image) : finding.imageKey,
        digest: image?.digest ?? "",
      };
    })
    .sort((a, b) => levelRank(a.level) - levelRank(b.level) || compareText(a.key, b.key));
  return {
    baseline: {
      label: baseline.label,
      dataTime: before.meta.dataTime,
      evidenceSha256: before.meta.evidenceSha256,
    },
    newFindings,
    resolved,
    unchanged: compared.length - newFindings.length,
    ...(comparison ? { comparison: { ...comparison, outside: findings.size - compared.length } } : {}),
  };
}

/**
 * A count of 0 for each level the run read and `null` for the others: `--risk-level` (the API's `risk_level`) reads
 * only the levels it names, all when none is named. A level not read is unknown, not 0.
 */
export function levelsRead(parameters: Pick<RunParameters, "riskLevels">): Record<RiskLevel, number | null> {
  const read = parameters.riskLevels.length ? new Set(parameters.riskLevels) : new Set(RISK_LEVELS);
  return Object.fromEntries(RISK_LEVELS.map((l) => [l, read.has(l) ? 0 : null])) as Record<RiskLevel, number | null>;
}
