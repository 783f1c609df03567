// Like with like: a run is compared with its baseline only on what both read. Two runs may differ in the scopes they
// read successfully, the image types read there, and the `--risk-level` and `--rule` filters they were given (an
// empty filter reads every level or rule, as the fetcher's selectRules does). The diff covers the overlap only; a
// finding outside it is neither new nor unchanged (in this run) nor resolved (in the baseline).
import type { ImageKind, RiskLevel, RunParameters, Scope, ScopeFailure } from "../evidence/types.js";
import { type Comparison, type DimensionDifference, RISK_LEVELS, type Rule } from "./types.js";

/** What one run read: what its evidence's run parameters, scopes and failures say, with the rules it listed. */
export interface ReadScope {
  parameters: RunParameters;
  scopes: readonly Scope[];
  failures: readonly ScopeFailure[];
  rules: ReadonlyMap<string, Rule>;
}

interface Read {
  /** Scopes read successfully -> the image kinds read there. */
  scopes: Map<string, Set<ImageKind>>;
  levels: Set<RiskLevel>;
  /** `--rule` ids; undefined: every rule. */
  ruleIds: Set<string> | undefined;
  /** The rule ids the run selected (its `--rule` ids, or every rule it listed at a level it read). */
  selected: Set<string>;
}

function readOf(run: ReadScope): Read {
  const failed = new Set(run.failures.map((f) => f.scopeId));
  const scopes = new Map(run.scopes.filter((s) => !failed.has(s.id)).map((s) => [s.id, new Set(s.imageTypes)]));
  const levels = new Set(run.parameters.riskLevels.length ? run.parameters.riskLevels : RISK_LEVELS);
  const ruleIds = run.parameters.ruleIds.length ? new Set(run.parameters.ruleIds) : undefined;
  const selected =
    ruleIds ??
    new Set([...run.rules.values()].filter((r) => scopes.has(r.scopeId) && levels.has(r.level)).map((r) => r.ruleId));
  return { scopes, levels, ruleIds, selected };
}

const sorted = <T extends string>(values: Iterable<T>): T[] => [...values].sort();
const byLevel = (values: Iterable<RiskLevel>): RiskLevel[] => RISK_LEVELS.filter((l) => new Set(values).has(l));
const KINDS: readonly ImageKind[] = ["cicd", "registry"];
const byKind = (values: Iterable<ImageKind>): ImageKind[] => KINDS.filter((k) => new Set(values).has(k));

function difference(
  dimension: DimensionDifference["dimension"],
  compared: string[],
  currentOnly: string[],
  baselineOnly: string[],
): DimensionDifference[] {
  return currentOnly.length || baselineOnly.length ? [{ dimension, compared, currentOnly, baselineOnly }] : [];
}

/**
 * What both runs read, and each dimension in which they differ; undefined when they read the same (then every
 * finding is compared). `outside` is left at 0: `restrict` counts it.
 */
export function compareRuns(current: ReadScope, baseline: ReadScope): Comparison | undefined {
  const now = readOf(current);
  const before = readOf(baseline);

  const scopes = sorted([...now.scopes.keys()].filter((id) => before.scopes.has(id)));
  const kindsCompared = new Set<ImageKind>();
  const kindsNow = new Set<ImageKind>();
  const kindsBefore = new Set<ImageKind>();
  const comparedScopes = scopes.map((id) => {
    const a = now.scopes.get(id) as Set<ImageKind>;
    const b = before.scopes.get(id) as Set<ImageKind>;
    const both = byKind([...a].filter((k) => b.has(k)));
    for (const k of both) kindsCompared.add(k);
    for (const k of a) if (!b.has(k)) kindsNow.add(k);
    for (const k of b) if (!a.has(k)) kindsBefore.add(k);
    return { id, imageTypes: both };
  });

  const levels = byLevel([...now.levels].filter((l) => before.levels.has(l)));
  const ruleIds =
    now.ruleIds && before.ruleIds
      ? sorted([...now.ruleIds].filter((id) => before.ruleIds?.has(id)))
      : sorted(now.ruleIds ?? before.ruleIds ?? []);
  const ruleFilter = now.ruleIds || before.ruleIds ? new Set(ruleIds) : undefined;
  const outsideOf = (read: Read, other: Read) =>
    other.ruleIds ? sorted([...read.selected].filter((id) => !other.ruleIds?.has(id))) : [];

  const differences = [
    ...difference(
      "scopes",
      scopes,
      sorted([...now.scopes.keys()].filter((id) => !before.scopes.has(id))),
      sorted([...before.scopes.keys()].filter((id) => !now.scopes.has(id))),
    ),
    ...difference("imageTypes", byKind(kindsCompared), byKind(kindsNow), byKind(kindsBefore)),
    ...difference(
      "riskLevels",
      levels,
      byLevel([...now.levels].filter((l) => !before.levels.has(l))),
      byLevel([...before.levels].filter((l) => !now.levels.has(l))),
    ),
    ...difference("ruleIds", ruleIds, outsideOf(now, before), outsideOf(before, now)),
  ];
  if (differences.length === 0) return undefined;
  return {
    scopes: comparedScopes,
    riskLevels: levels,
    ...(ruleFilter ? { ruleIds } : {}),
    differences,
    outside: 0,
  };
}

/** A test of whether a finding (of either run) is inside what both runs read; every finding is without a comparison. */
export function comparer(
  comparison: Comparison | undefined,
): (finding: { scopeId: string; imageKind: ImageKind; ruleId: string; level: RiskLevel }) => boolean {
  if (!comparison) return () => true;
  const kinds = new Map(comparison.scopes.map((s) => [s.id, new Set(s.imageTypes)]));
  const levels = new Set(comparison.riskLevels);
  const ruleIds = comparison.ruleIds ? new Set(comparison.ruleIds) : undefined;
  return (f) =>
    kinds.get(f.scopeId)?.has(f.imageKind) === true &&
    levels.has(f.level) &&
    (ruleIds === undefined || ruleIds.has(f.ruleId));
}

/** True when nothing could be compared: the runs share no scope, image type, level or rule id. */
export const nothingCompared = (comparison: Comparison): boolean =>
  comparison.differences.some((d) => d.compared.length === 0);
