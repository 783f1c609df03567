// The masking facts every part needs, without loading the masker itself (the model and the renderers use these).
import type { Evidence } from "../evidence/types.js";

/** What replaces every masked value. */
export const MASK = "****";

/** Recorded in the evidence: which masking rules produced it. Bump when the rules change what they mask. */
export const MASK_POLICY = "hss-reports/mask@4";

/** Recorded instead when `--reveal-secrets` kept every value. */
export const REVEALED_POLICY = "revealed";

/** Whether the evidence holds the values HSS quoted from images unmasked (`--reveal-secrets`). */
export function holdsUnmaskedSecrets(evidence: Pick<Evidence, "masking">): boolean {
  return evidence.masking?.policy === REVEALED_POLICY;
}
