// The evidence seal: sha256 over the RFC 8785 JSON Canonicalization Scheme (JCS) form of the evidence without
// `sha256` and `assessment`, so the hash depends on neither key order nor whitespace, survives a save/load round
// trip, and any JCS tool can recompute it (README: "Verifying evidence.json"). `canonicalize` stays on 4.x: 5.x
// declares Node 22+, and this tool supports Node 20.19+.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { SpooledResponses } from "./spool.js";
import type { StreamedEvidence } from "./types.js";

export function hashEvidence(evidence: Omit<StreamedEvidence, "sha256"> | StreamedEvidence): string {
  // The assessment is derived from the sealed content (plus baseline and waivers), so it is not part of the seal.
  const { sha256: _seal, assessment: _derived, ...content } = evidence as StreamedEvidence;
  const hash = createHash("sha256");
  feedCanonical((piece) => hash.update(piece), content, OPENED_LEVELS);
  return hash.digest("hex");
}

/** The evidence object and its `responses` array (in memory or spooled) are written piece by piece; each response
 * goes through `canonicalize` whole. */
const OPENED_LEVELS = 2;

/**
 * Feeds the JCS form of `value` to `update` in pieces, the same bytes `canonicalize(value)` returns: containers in
 * the first `levels` levels are opened here (keys sorted by UTF-16 code units, members without a JSON
 * representation left out of objects and written as null in arrays, as RFC 8785 and JSON.stringify do), deeper
 * values are canonicalized whole. So no string ever holds more than one response: for 100,000 images the one
 * string of the whole evidence cost hundreds of MB and most of the run's time.
 */
function feedCanonical(update: (piece: string | Buffer) => void, value: unknown, levels: number): void {
  if (!opens(value, levels)) {
    update(canonicalize(value) ?? "null");
    return;
  }
  if (value instanceof SpooledResponses) {
    // Canonicalized when they were spooled.
    update("[");
    let i = 0;
    for (const canonical of value.canonical()) {
      if (i++ > 0) update(",");
      update(canonical);
    }
    update("]");
    return;
  }
  const absent = (v: unknown) => v === undefined || typeof v === "symbol" || typeof v === "function";
  if (isList(value)) {
    update("[");
    let i = 0;
    for (const element of value) {
      if (i++ > 0) update(",");
      feedCanonical(update, absent(element) ? null : element, levels - 1);
    }
    update("]");
    return;
  }
  const record = value as Record<string, unknown>;
  let first = true;
  update("{");
  for (const key of Object.keys(record).sort()) {
    const member = record[key];
    if (absent(member)) continue;
    // A member that serializes to nothing (a toJSON giving undefined) is left out, key and all.
    const whole = opens(member, levels - 1) ? undefined : canonicalize(member);
    if (whole === undefined && !opens(member, levels - 1)) continue;
    update(`${first ? "" : ","}${canonicalize(key)}:`);
    first = false;
    if (whole === undefined) feedCanonical(update, member, levels - 1);
    else update(whole);
  }
  update("}");
}

/** An array, or responses read from the spool: both are JSON arrays. */
const isList = (value: unknown): value is Iterable<unknown> =>
  Array.isArray(value) || value instanceof SpooledResponses;

/** Whether `feedCanonical` writes this value piece by piece: a plain array or object within the opened levels. */
function opens(value: unknown, levels: number): boolean {
  return (
    levels > 0 &&
    value !== null &&
    typeof value === "object" &&
    typeof (value as { toJSON?: unknown }).toJSON !== "function" &&
    (isList(value) || Object.getPrototypeOf(value) === Object.prototype)
  );
}

/** Returns the evidence with its `sha256` set. */
export function sealEvidence<E extends Omit<StreamedEvidence, "sha256">>(evidence: E): E & { sha256: string } {
  return { ...evidence, sha256: hashEvidence(evidence) };
}

/** Throws when the evidence was changed after it was sealed. */
export function verifyEvidence(evidence: StreamedEvidence, source = "evidence"): void {
  const actual = hashEvidence(evidence);
  if (actual !== evidence.sha256) throw new Error(mismatchMessage(source, evidence.sha256));
}

/**
 * What a reader says of evidence whose content no longer matches its recorded seal. Never the seal it computed:
 * that would hand whoever edited the file the value to paste in.
 */
export function mismatchMessage(source: string, recorded: string): string {
  return `${source}: sha256 mismatch: the file was modified after it was sealed (its content no longer matches the recorded seal ${recorded || "none"})`;
}
