// A re-render (`render --from`) reproduces the report the run wrote: the waivers and the changes its evidence's
// assessment recorded are applied again, so the same evidence gives the same words and numbers under the same id.
// Findings are matched by what the assessment names them with: scope, rule id, image reference and digest.
import type { Assessment, Comparison, FindingRef } from "../evidence/types.js";
import { imageReference } from "./keys.js";
import type { AppliedWaiver, Image, ResolvedFinding, Rule } from "./types.js";

/** The identity of a finding as the assessment writes it. */
export const refKey = (ref: Pick<FindingRef, "scopeId" | "ruleId" | "image" | "digest">): string =>
  JSON.stringify([ref.scopeId, ref.ruleId, ref.image, ref.digest]);

export const findingRefKey = (rule: Rule, image: Image): string =>
  refKey({ scopeId: rule.scopeId, ruleId: rule.ruleId, image: imageReference(image), digest: image.digest });

/** The changes an assessment recorded, to be mapped onto the rebuilt findings. */
export interface RecordedChanges {
  baseline: { label: string; dataTime: string; evidenceSha256: string };
  /** Ref keys (`refKey`) of the new findings. */
  newFindings: Set<string>;
  resolved: ResolvedFinding[];
  /** What both runs read, when they read different things: findings outside it get no change status. */
  comparison?: Comparison;
}

export interface Recorded {
  waive?: (rule: Rule, image: Image) => Omit<AppliedWaiver, "expired"> | undefined;
  changes?: RecordedChanges;
}

export function recordedOptions(assessment: Assessment | undefined): Recorded {
  const out: Recorded = {};
  if (assessment?.waivers?.length) {
    const byKey = new Map(assessment.waivers.map((w) => [refKey(w), w]));
    out.waive = (rule, image) => {
      const w = byKey.get(findingRefKey(rule, image));
      return w ? { reason: w.reason, approver: w.approver, expires: w.expires } : undefined;
    };
  }
  const changes = assessment?.changes;
  if (changes) {
    out.changes = {
      baseline: changes.baseline,
      newFindings: new Set(changes.new.map(refKey)),
      resolved: changes.resolved.map((r) => ({
        key: refKey(r),
        ruleId: r.ruleId,
        ruleName: r.ruleName ?? "",
        level: r.level,
        scopeId: r.scopeId,
        image: r.image,
        digest: r.digest,
      })),
      ...(changes.comparison ? { comparison: changes.comparison } : {}),
    };
  }
  return out;
}
