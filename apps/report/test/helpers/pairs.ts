// What a complete run must hold: the (image kind, rule, image) pairs of the evidence against the emulator's dataset.
import type { RunningEmulator } from "@hss-reports/emulator";
import type { Evidence } from "../../src/evidence/types.js";

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
