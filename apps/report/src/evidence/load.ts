// Reads a saved evidence.json for `report render --from`: checks the format and the seal before trusting it.
import { readFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { verifyEvidence } from "./hash.js";
import { EVIDENCE_FORMAT, type Evidence } from "./types.js";

export async function loadEvidence(file: string): Promise<Evidence> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`--from ${file}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--from ${file}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const evidence = data as Partial<Evidence> | null;
  if (typeof evidence !== "object" || evidence === null || evidence.format !== EVIDENCE_FORMAT) {
    throw new UsageError(`--from ${file}: not an evidence file (expected "format": "${EVIDENCE_FORMAT}")`);
  }
  if (!Array.isArray(evidence.responses) || typeof evidence.run !== "object" || evidence.run === null) {
    throw new UsageError(`--from ${file}: incomplete evidence (no run or responses)`);
  }
  try {
    verifyEvidence(evidence as Evidence, `--from ${file}`);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return evidence as Evidence;
}
