// The evidence file: every API response as received, secret values in the texts HSS quotes from images masked
// (see mask/evidence.ts), plus what is needed to re-render offline.
// The report model is always built from evidence, so a live run and `report render --from` give the same facts.
import type { components } from "@hss-reports/api";

export const EVIDENCE_FORMAT = "hss-reports/evidence@1";

export type Lang = "en-us" | "zh-cn";
export type ImageKind = components["parameters"]["ImageType"];
export type RiskLevel = components["schemas"]["RiskLevel"];
export type RuleInfo = components["schemas"]["ImageBuildCommandRiskResponseInfo"];
export type ImageInfo = components["schemas"]["BuildCommandRisksImageResponseInfo"];

/** Where data was read from: one project in one region (or explicit endpoint). Never holds credentials. */
export interface Scope {
  /** Stable key, e.g. `cn-north-4/0123abcd` or `cn-north-4/0123abcd/ep-1`. */
  id: string;
  region?: string;
  endpoint: string;
  projectId: string;
  enterpriseProjectId?: string;
  imageTypes: ImageKind[];
}

/** The options that shaped the run (filters), recorded for the cover page. Never credentials. */
export interface RunParameters {
  ruleIds: string[];
  riskLevels: RiskLevel[];
  imageTypes: ImageKind[];
  failOn?: RiskLevel;
}

/**
 * How many `null`s an answer held in optional fields, by `Schema.field` as the spec names them (e.g.
 * `BuildCommandRisksImageResponseInfo.namespace`); each was read as absent (left out of `body`, shown as "—").
 * A response without nulls has no such record.
 */
export type NullCounts = Record<string, number>;

export interface RulesResponse {
  scopeId: string;
  operation: "ListImageBuildCommandRisks";
  /** The exact query sent. */
  query: Record<string, string | number>;
  requestId?: string;
  receivedAt: string;
  body: components["schemas"]["ListImageBuildCommandRisksResponse"];
  nulls?: NullCounts;
}

export interface ImagesResponse {
  scopeId: string;
  operation: "ListImageBuildCommandRisksImages";
  query: Record<string, string | number>;
  requestId?: string;
  receivedAt: string;
  body: components["schemas"]["ListImageBuildCommandRisksImagesResponse"];
  nulls?: NullCounts;
}

export type EvidenceResponse = RulesResponse | ImagesResponse;

/** A scope that could not be read completely (fleet runs go on without it). */
export interface ScopeFailure {
  scopeId: string;
  message: string;
  operation?: string;
  requestId?: string;
}

/** A finding whose texts had secret values masked, and how many (never the values). */
export interface MaskedFinding {
  scopeId: string;
  imageKind: ImageKind;
  ruleId: string;
  /** `namespace/name:version` */
  image: string;
  digest: string;
  masked: number;
}

/** A rule whose name or description had secret values masked. */
export interface MaskedRule {
  scopeId: string;
  imageKind: ImageKind;
  ruleId: string;
  masked: number;
}

/** What masking was applied to the texts HSS quoted from images (see mask/evidence.ts). */
export interface Masking {
  /** The masking rules' version, or `"revealed"` when `--reveal-secrets` kept every value. */
  policy: string;
  /** Values masked in all (findings and rules). */
  masked: number;
  findings: MaskedFinding[];
  rules: MaskedRule[];
  /** With `"revealed"`: says in the file itself that it holds unmasked secrets. */
  warning?: string;
  /** Set when `render --from` sealed the evidence again (masked an older file): the seal that file had. */
  sealedBefore?: string;
}

/**
 * The sealed evidence. `Responses` is an array once read from a file; a live run walks them from disk instead
 * (`StreamedEvidence`, see spool.ts), so that they are never all in memory at once.
 */
export interface Evidence<Responses extends Iterable<EvidenceResponse> = EvidenceResponse[]> {
  format: typeof EVIDENCE_FORMAT;
  tool: { name: string; version: string };
  run: {
    startedAt: string;
    finishedAt: string;
    lang: Lang;
    demo: boolean;
    parameters: RunParameters;
    scopes: Scope[];
  };
  /** Every API response as received (secret values masked), in a fixed order: scope, image kind, rules, images. */
  responses: Responses;
  failures: ScopeFailure[];
  /** Absent in evidence written before masking existed (`render --from` masks those). */
  masking?: Masking;
  /** hex sha256 of the canonical JSON of every field except itself and `assessment` (see evidence/hash.ts). */
  sha256: string;
  /**
   * What this run concluded from the responses given its baseline and waivers: changes since the last report and
   * the accepted risks. Written by the run for readers of the JSON; derived, so outside the seal, and ignored by
   * `render --from`, which derives it again from the `--baseline`/`--waivers` it is given.
   */
  assessment?: Assessment;
}

/** Evidence whose responses may be read from disk as they are walked: what the seal, the model and evidence.json need. */
export type StreamedEvidence = Evidence<Iterable<EvidenceResponse>>;

export interface FindingRef {
  scopeId: string;
  ruleId: string;
  /** The rule's name, recorded for resolved findings (their rule may no longer be listed). */
  ruleName?: string;
  level: RiskLevel;
  /** `namespace/name:version` */
  image: string;
  digest: string;
}

/** The report's numbers as every format states them (a rule is its rule_id, counted once). */
export interface AssessmentSummary {
  rulesWithFindings: number;
  affectedImages: number;
  findings: number;
  waivedFindings: number;
  byLevel: Record<RiskLevel, { rules: number; images: number; findings: number }>;
  worstLevel?: RiskLevel;
  /** The `--fail-on` verdict, when the run had a level. */
  gate?: { level: RiskLevel; passed: boolean; findings: number; worstLevel?: RiskLevel };
  /** Unwaived findings past their level's SLA (`slaDays`), in all and per level. */
  overdue?: { findings: number; byLevel: Record<RiskLevel, number>; slaDays: Record<RiskLevel, number> };
  /** One entry per rule id: its findings, and where it was listed (scope and image kind) with its findings there. */
  rules: {
    ruleId: string;
    level: RiskLevel;
    findings: number;
    listings: { scopeId: string; imageKind: ImageKind; findings: number }[];
  }[];
}

/** A dimension in which a run and its baseline may read different things. */
export type Dimension = "scopes" | "imageTypes" | "riskLevels" | "ruleIds";

/** One dimension in which the runs differ: scope ids, image kinds, risk levels or rule ids. */
export interface DimensionDifference {
  dimension: Dimension;
  /** What both read: the diff covers these only. Empty: nothing could be compared. */
  compared: string[];
  /** What only this run read: its findings there are neither new nor unchanged. */
  currentOnly: string[];
  /** What only the baseline read: its findings there are not resolved. */
  baselineOnly: string[];
}

/**
 * What a run and its baseline both read, when they read different things (scopes read successfully, the image kinds
 * read there, the `--risk-level` and `--rule` filters): the diff covers only this (see model/compare.ts).
 */
export interface Comparison {
  /** Scopes both read successfully, each with the image kinds both read there. */
  scopes: { id: string; imageTypes: ImageKind[] }[];
  /** Levels both read (every level when neither had `--risk-level`), worst first. */
  riskLevels: RiskLevel[];
  /** Rule ids both read; absent when neither had `--rule` (every rule). */
  ruleIds?: string[];
  /** Each dimension that differs, in the order scopes, image types, risk levels, rule ids. */
  differences: DimensionDifference[];
  /** Findings of this run outside what both read: they have no change status. */
  outside: number;
}

export interface Assessment {
  summary?: AssessmentSummary;
  changes?: {
    baseline: { label: string; dataTime: string; evidenceSha256: string };
    /** Of what both runs read (all of it unless `comparison` says otherwise). */
    new: FindingRef[];
    resolved: FindingRef[];
    unchanged: number;
    comparison?: Comparison;
  };
  waivers?: (FindingRef & { reason: string; approver: string; expires: string; expired: boolean })[];
  /**
   * Finding key (`scope|kind|rule#scope|image`) -> first seen (ISO 8601 UTC), for the findings first seen before
   * this run; the others were first seen in this run. The next run of a history folder carries them on.
   */
  firstSeen?: Record<string, string>;
}
