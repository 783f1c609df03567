// The report to compare with: `--baseline evidence.json`, or the previous run of a history folder. Either way the
// evidence seal is checked first, and the baseline model is built from the evidence alone (no waivers: a diff is
// about findings, not about which of them are accepted).
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { verifyEvidence } from "../evidence/hash.js";
import { EVIDENCE_FORMAT, type Evidence } from "../evidence/types.js";
import { buildReport } from "../model/build.js";
import type { Report } from "../model/types.js";

export interface Baseline {
  report: Report;
  label: string;
}

/** Reads and verifies sealed evidence; `what` names the source in messages (e.g. `--baseline old.json`). */
export async function readEvidenceFile(file: string, what: string): Promise<Evidence> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`${what}: cannot read the file (${code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof data !== "object" || data === null || format !== EVIDENCE_FORMAT) {
    throw new UsageError(
      `${what}: not an evidence.json written by pnpm report (format ${JSON.stringify(format ?? null)}, expected "${EVIDENCE_FORMAT}")`,
    );
  }
  const evidence = data as Evidence;
  if (!Array.isArray(evidence.responses) || !evidence.run || !Array.isArray(evidence.failures)) {
    throw new UsageError(`${what}: evidence is incomplete (run, responses and failures are required)`);
  }
  try {
    verifyEvidence(evidence, what);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return evidence;
}

/** `--baseline FILE`: the sealed evidence of an earlier run. */
export async function loadBaseline(file: string, label = file): Promise<Baseline> {
  const evidence = await readEvidenceFile(file, `--baseline ${file}`);
  return { report: buildReport(evidence), label };
}
