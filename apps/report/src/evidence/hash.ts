// The evidence seal: sha256 over a canonical JSON form (keys sorted at every level), so the hash does not depend
// on key order or whitespace and survives a save/load round trip.
import { createHash } from "node:crypto";
import type { Evidence } from "./types.js";

/** JSON with object keys sorted recursively; arrays keep their order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

export function hashEvidence(evidence: Omit<Evidence, "sha256"> | Evidence): string {
  // The assessment is derived from the sealed content (plus baseline and waivers), so it is not part of the seal.
  const { sha256: _seal, assessment: _derived, ...content } = evidence as Evidence;
  const hash = createHash("sha256");
  hash.update(canonicalJson(content));
  return hash.digest("hex");
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
