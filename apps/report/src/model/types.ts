// The one report model. Every format (HTML, PDF, JSON, CSV, summary.md) renders from it and nothing else,
// so they all state the same facts. Built once from evidence (+ optional waivers and baseline).
import type { ImageKind, Lang, RiskLevel, RunParameters, Scope, ScopeFailure } from "../evidence/types.js";

export const RISK_LEVELS: readonly RiskLevel[] = ["critical", "high", "medium", "low"];

export interface ReportMeta {
  /** Deterministic id derived from the evidence hash: the same evidence gives the same id. */
  reportId: string;
  tool: { name: string; version: string };
  /** When the data was read (the run's start), ISO 8601 UTC. Also the PDF CreationDate. */
  dataTime: string;
  lang: Lang;
  demo: boolean;
  /** True when some scopes failed and the run was allowed to go on (`--allow-partial`). */
  partial: boolean;
  evidenceSha256: string;
  parameters: RunParameters;
  scopes: Scope[];
  failures: ScopeFailure[];
}

/** One rule as read for one scope and one image kind (`cicd` | `registry`). */
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
  size?: number;
  latestScanTime?: number;
}

export interface Instruction {
  /** The risky build instruction; `"--"` means the risk is a missing instruction (e.g. no USER). */
  instruction: string;
  /** Index into `Report.remediations` (remediation texts are deduplicated: they repeat a lot). */
  remediation: number;
}

export type ChangeKind = "new" | "unchanged";

export interface AppliedWaiver {
  reason: string;
  approver: string;
  expires: string;
  expired: boolean;
}

/** One (rule, image) pair. */
export interface Finding {
  /** `${ruleKey}#${imageKey}`: the identity used for diffs against a baseline. */
  key: string;
  ruleKey: string;
  imageKey: string;
  level: RiskLevel;
  instructions: Instruction[];
  change?: ChangeKind;
  waiver?: AppliedWaiver;
}

export interface RuleSection {
  rule: Rule;
  /** Findings of this rule, sorted by namespace/name/version. */
  findings: Finding[];
  /** Set when every instruction of every finding shares one remediation: print it once. */
  sharedRemediation?: number;
}

export interface LevelCount {
  rules: number;
  images: number;
  findings: number;
}

export interface ScopeSummary {
  scopeId: string;
  ok: boolean;
  error?: string;
  rulesWithFindings: number;
  affectedImages: number;
  byLevel: Record<RiskLevel, number>;
}

export interface Summary {
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
  scopes: ScopeSummary[];
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
  unchanged: number;
}

export interface Report {
  meta: ReportMeta;
  summary: Summary;
  /** Deduplicated remediation texts, referenced by index. */
  remediations: string[];
  rules: Map<string, Rule>;
  images: Map<string, Image>;
  /** Rule sections ordered by level (critical first), then affected images, then name. */
  sections: RuleSection[];
  /** Per-image index: image key -> keys of the findings it has, ordered as `sections`. */
  imageIndex: { imageKey: string; findings: string[] }[];
  findings: Map<string, Finding>;
  changes?: Changes;
}
