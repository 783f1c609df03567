// What a complete run must hold: the (image kind, rule, image) pairs of the evidence against the emulator's dataset.
import type { RunningEmulator } from "@hss-reports/emulator";
import type { Evidence, ImageInfo, ImageKind, RiskLevel } from "../../src/evidence/types.js";

/** Every (image kind, rule, image digest) pair of the images responses, duplicates kept. */
export function evidencePairs(evidence: Evidence): string[] {
  const pairs: string[] = [];
  for (const response of evidence.responses) {
    if (response.operation !== "ListImageBuildCommandRisksImages") continue;
    for (const image of response.body.data_list ?? []) {
      pairs.push(`${response.query.image_type}|${response.query.rule_id}|${image.image_digest}`);
    }
  }
  return pairs;
}

export function datasetPairs(
  hss: RunningEmulator,
  kinds: readonly ("cicd" | "registry")[],
  rules?: string[],
): string[] {
  const pairs: string[] = [];
  for (const kind of kinds) {
    for (const rule of hss.dataset.rules(hss.projectId, kind)) {
      if (rules && !rules.includes(rule.rule_id)) continue;
      for (const image of hss.dataset.images(hss.projectId, kind, rule.rule_id)) {
        pairs.push(`${kind}|${rule.rule_id}|${image.image_digest}`);
      }
    }
  }
  return pairs.sort();
}

/** A finding as the raw responses give it, named as the assessment names one (scope, rule id, image, digest). */
export interface EvidenceFinding {
  scopeId: string;
  imageKind: ImageKind;
  ruleId: string;
  /** The level the rules listing gave the rule. */
  level: RiskLevel;
  /** `namespace/name:version` */
  image: string;
  digest: string;
  /**
   * The image across rules: `scopeId|id`, the id being the image id, else its digest, else `namespace/name:version`
   * (how the report tells images apart; two findings of one image share it).
   */
  imageKey: string;
  /** The image as the response lists it. */
  info: ImageInfo;
}

/**
 * Every finding of the raw responses (not of any report): one per (scope, image kind, rule, image), however many
 * pages list it, in the order of the responses.
 */
export function evidenceFindings(evidence: Evidence): EvidenceFinding[] {
  const levels = new Map<string, RiskLevel>();
  for (const r of evidence.responses) {
    if (r.operation !== "ListImageBuildCommandRisks") continue;
    for (const rule of r.body.data_list)
      levels.set(`${r.scopeId}|${r.query.image_type}|${rule.rule_id}`, rule.risk_level);
  }
  const found = new Map<string, EvidenceFinding>();
  for (const r of evidence.responses) {
    if (r.operation !== "ListImageBuildCommandRisksImages") continue;
    const listing = `${r.scopeId}|${r.query.image_type}|${r.query.rule_id}`;
    for (const i of r.body.data_list) {
      const path = i.namespace ? `${i.namespace}/${i.image_name}` : i.image_name;
      const id = i.image_id || i.image_digest || `${i.namespace ?? ""}/${i.image_name}:${i.image_version ?? ""}`;
      found.set(`${listing}|${id}`, {
        scopeId: r.scopeId,
        imageKind: r.query.image_type === "cicd" ? "cicd" : "registry",
        ruleId: String(r.query.rule_id),
        level: levels.get(listing) as RiskLevel,
        image: i.image_version ? `${path}:${i.image_version}` : path,
        digest: i.image_digest ?? "",
        imageKey: `${r.scopeId}|${id}`,
        info: i,
      });
    }
  }
  return [...found.values()];
}
