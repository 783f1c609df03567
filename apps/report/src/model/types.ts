// The one report model. Every format (HTML, PDF, JSON, CSV, summary.md) renders from it and nothing else,
// so they all state the same facts. Built once from evidence (+ optional waivers and baseline).
import { RISK_LEVEL_VALUES } from "../config/values.js";
import type { Comparison, ImageKind, Lang, RiskLevel, RunParameters, Scope, ScopeFailure } from "../evidence/types.js";

export type { Comparison, Dimension, DimensionDifference } from "../evidence/types.js";

/** Worst first, as the spec lists them. */
export const RISK_LEVELS: readonly RiskLevel[] = RISK_LEVEL_VALUES;

export interface ReportMeta {
  /**
   * Deterministic id derived from the evidence hash: the same evidence gives the same id, and a re-render that
   * reproduces the run's assessment too. A re-render with other waivers or another baseline adds a suffix derived
   * from its own assessment, and names the original in `derivedFrom`.
   */
  reportId: string;
  /** Set on a re-render that assessed the evidence differently: the original report's id and what differs. */
  derivedFrom?: { reportId: string; what: ("waivers" | "baseline")[] };
  tool: { name: string; version: string };
  /** When the data was read (the run's start), ISO 8601 UTC. Also the PDF CreationDate. */
  dataTime: string;
  lang: Lang;
  demo: boolean;
  /** True when some scopes failed and the run was allowed to go on (`--allow-partial`). */
  partial: boolean;
  evidenceSha256: string;
  /**
   * Secret values masked in the texts HSS quoted from images (see mask/), and whether they were kept instead
   * (`--reveal-secrets`): then every page of every format says so.
   */
  secrets: { masked: number; unmasked: boolean };
  parameters: RunParameters;
  scopes: Scope[];
  failures: ScopeFailure[];
  /** Days a finding of each level may stay open before it is overdue (config `sla_days`). */
  slaDays: Record<RiskLevel, number>;
}

/**
 * One rule as one scope listed it for one image kind (`cicd` | `registry`): a row of ListImageBuildCommandRisks.
 * A rule of the report is its `rule_id` (`RuleSection`); it may be listed by several scopes and kinds.
 */
export interface Rule {
  /** `${scopeId}|${imageKind}|${ruleId}` */
  key: string;
  scopeId: string;
  imageKind: ImageKind;
  ruleId: string;
  riskId?: string;
  name: string;
  level: RiskLevel;
  description: string;
  /** `image_num` as reported by the rules endpoint. */
  imageNum: number;
  latestScanTime?: number;
}

/** An image, identified once per scope (so "affected images" counts each image once). */
export interface Image {
  /** `${scopeId}|${image_id || image_digest || namespace/name:version}` */
  key: string;
  scopeId: string;
  imageKind: ImageKind;
  namespace: string;
  name: string;
  version: string;
  digest: string;
  imageId: string;
  /** The API's `image_type` (private_image, shared_image, instance_image, harbor, jfrog, cicd). */
  type: string;
  /** Bytes; beyond 2^53 the exact decimal text the API sent (an int64, see the API page's image_size). */
  size?: number | string;
  latestScanTime?: number;
}

export interface Instruction {
  /** The risky build instruction; `"--"` means the risk is a missing instruction (e.g. no USER). */
  instruction: string;
  /** Index into `Report.remediations` (remediation texts are deduplicated: they repeat a lot). */
  remediation: number;
}

/** Absent on a finding outside what this run and its baseline both read (see `Comparison`). */
export type ChangeKind = "new" | "unchanged";

export interface AppliedWaiver {
  reason: string;
  approver: string;
  expires: string;
  expired: boolean;
  /** The change or audit ticket that approved the waiver, when the waiver names one. */
  ticket?: string;
  /** In force, but expires within the warning days (`waiver_warn_days`, default 14) of the data time. */
  expiresSoon?: boolean;
}

/** One (rule, image) pair. */
export interface Finding {
  /** `${ruleKey}#${imageKey}`: the identity used for diffs against a baseline. */
  key: string;
  ruleKey: string;
  imageKey: string;
  level: RiskLevel;
  /** Shared between findings with the same single instruction (memory at scale): never mutated. */
  instructions: readonly Instruction[];
  change?: ChangeKind;
  waiver?: AppliedWaiver;
  /**
   * When this finding was first seen, ISO 8601 UTC: the data time of the first run of a history folder in which it
   * has been present in every run since (a finding that went away and came back starts again). Outside a history
   * folder, this run's data time.
   */
  firstSeen: string;
  /** Whole days from `firstSeen` to the report's data time. */
  ageDays: number;
  /** When the level's SLA runs out (`firstSeen` + `sla_days` of the level), ISO 8601 UTC. */
  due: string;
  /** The report's data time is past `due`. Counted in the summary unless a waiver in force covers the finding. */
  overdue: boolean;
}

/**
 * One rule of the report: a `rule_id`, counted once however many scopes and image kinds list it. Its words (name,
 * description) are those of its first listing; its level the highest any listing gives it.
 */
export interface RuleSection {
  ruleId: string;
  name: string;
  level: RiskLevel;
  description: string;
  /** The rule as each scope and image kind listed it (the scope and image type sub-groups), in scope, kind order. */
  listings: RuleListing[];
  /** Findings of this rule in every scope and kind, sorted by namespace/name/version, then scope. */
  findings: Finding[];
  /** Set when every instruction of every finding shares one remediation: print it once. */
  sharedRemediation?: number;
}

/** A listing of a rule with its findings in that scope and image kind. */
export interface RuleListing {
  rule: Rule;
  /** Findings of this listing (each finding is in exactly one listing). */
  findings: number;
}

export interface LevelCount {
  /** Distinct rule ids at this level. */
  rules: number;
  images: number;
  findings: number;
}

export interface ScopeSummary {
  scopeId: string;
  ok: boolean;
  error?: string;
  /** Distinct rule ids with a finding in this scope. */
  rulesWithFindings: number;
  affectedImages: number;
  byLevel: Record<RiskLevel, number>;
}

/**
 * The `--fail-on LEVEL` verdict: failed when an unwaived finding (no waiver, or an expired one) is at or above
 * LEVEL. Stated by every format; the CLI exits 4 when it failed.
 */
export interface Gate {
  level: RiskLevel;
  passed: boolean;
  /** Unwaived findings at or above `level`. */
  findings: number;
  /** Highest level with an unwaived finding, if any (the same as `Summary.worstLevel`). */
  worstLevel?: RiskLevel;
}

export interface Summary {
  /** Distinct rule ids with a finding (a rule listed by several scopes or image kinds counts once). */
  rulesWithFindings: number;
  /** Distinct images, counted once however many rules they break. */
  affectedImages: number;
  findings: number;
  riskyInstructions: number;
  waivedFindings: number;
  byLevel: Record<RiskLevel, LevelCount>;
  /** Distinct affected images per API `image_type`. */
  byImageType: { type: string; images: number }[];
  topNamespaces: { namespace: string; images: number }[];
  /** Highest level with an unwaived finding, if any. */
  worstLevel?: RiskLevel;
  /** Unwaived findings past their level's SLA, in all and per level. */
  overdue: number;
  overdueByLevel: Record<RiskLevel, number>;
  scopes: ScopeSummary[];
  /** Set when the run has a `--fail-on` level. */
  gate?: Gate;
}

export interface ResolvedFinding {
  key: string;
  ruleId: string;
  ruleName: string;
  level: RiskLevel;
  scopeId: string;
  image: string;
  digest: string;
}

export interface Changes {
  /** What the comparison was made against (previous run folder or baseline file). */
  baseline: { label: string; dataTime: string; evidenceSha256: string };
  newFindings: string[];
  resolved: ResolvedFinding[];
  /** Findings of this run the baseline has too (of those compared). */
  unchanged: number;
  /** Set when the two runs read different things: the diff covers only what both read (see model/compare.ts). */
  comparison?: Comparison;
}

/** One run of a history folder in the trend: its findings per level, and its changes against the run before. */
export interface TrendPoint {
  /** The run folder name (`2026-12-01T06-00-00Z`). */
  run: string;
  /** The run's data time, ISO 8601 UTC. */
  dataTime: string;
  /** Findings per level; `null` for a level the run did not read (`--risk-level`): not read, not 0 (a gap). */
  byLevel: Record<RiskLevel, number | null>;
  new?: number;
  resolved?: number;
}

export interface Report {
  meta: ReportMeta;
  summary: Summary;
  /** Deduplicated remediation texts, referenced by index. */
  remediations: string[];
  rules: Map<string, Rule>;
  images: Map<string, Image>;
  /** One section per rule id, ordered by level (critical first), then findings, then name. */
  sections: RuleSection[];
  /** Per-image index: image key -> keys of the findings it has, ordered as `sections`. */
  imageIndex: { imageKey: string; findings: string[] }[];
  findings: Map<string, Finding>;
  changes?: Changes;
  /** In a history folder: the kept runs before this one, then this run, oldest first. */
  trend?: TrendPoint[];
}
