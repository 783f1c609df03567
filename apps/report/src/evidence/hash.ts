// The evidence seal: sha256 over the RFC 8785 JSON Canonicalization Scheme (JCS) form of the evidence without
// `sha256` and `assessment`, so the hash depends on neither key order nor whitespace, survives a save/load round
// trip, and any JCS tool can recompute it (README: "Verifying evidence.json").
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Evidence } from "./types.js";

export function hashEvidence(evidence: Omit<Evidence, "sha256"> | Evidence): string {
  // The assessment is derived from the sealed content (plus baseline and waivers), so it is not part of the seal.
  const { sha256: _seal, assessment: _derived, ...content } = evidence as Evidence;
  return createHash("sha256")
    .update(canonicalize(content) ?? "")
    .digest("hex");
}

/** Returns the evidence with its `sha256` set. */
export function sealEvidence(evidence: Omit<Evidence, "sha256">): Evidence {
  return { ...evidence, sha256: hashEvidence(evidence) };
}

/** Throws when the evidence was changed after it was sealed. */
export function verifyEvidence(evidence: Evidence, source = "evidence"): void {
  const actual = hashEvidence(evidence);
  if (actual !== evidence.sha256) {
    throw new Error(
      `${source}: sha256 mismatch (recorded ${evidence.sha256 || "none"}, computed ${actual}): the file was modified after it was written.`,
    );
  }
}
