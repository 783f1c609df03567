// The one reader of a saved evidence.json (`render --from`, `--baseline`, a history folder's previous runs): reads
// it, checks its shape, then its seal, before anything trusts it. Every failure is a UsageError naming the file.
import { type OperationId, operations } from "@hss-reports/api/spec";
import { z } from "zod";
import { LANG_VALUES } from "../config/values.js";
import { UsageError } from "../errors.js";
import { readInputFile } from "../input.js";
import { COMMAND_NAME } from "../version.js";
import { verifyEvidence } from "./hash.js";
import { EVIDENCE_FORMAT, type Evidence } from "./types.js";

/** The envelope every reader relies on; response bodies were validated by the client when they were received. */
const evidenceShape = z.looseObject({
  tool: z.looseObject({ name: z.string(), version: z.string() }),
  run: z.looseObject({
    startedAt: z.string(),
    finishedAt: z.string(),
    lang: z.enum(LANG_VALUES),
    demo: z.boolean(),
    parameters: z.looseObject({ ruleIds: z.array(z.string()), riskLevels: z.array(z.string()) }),
    scopes: z.array(z.looseObject({ id: z.string(), endpoint: z.string(), projectId: z.string() })),
  }),
  responses: z.array(
    z.looseObject({
      scopeId: z.string(),
      operation: z.enum(Object.keys(operations) as [OperationId, ...OperationId[]]),
      receivedAt: z.string(),
      body: z.looseObject({ total_num: z.number(), data_list: z.array(z.unknown()) }),
    }),
  ),
  failures: z.array(z.looseObject({ scopeId: z.string(), message: z.string() })),
  sha256: z.string(),
});

/** Reads and verifies sealed evidence; `what` names the source in messages (default `--from FILE`). */
export async function loadEvidence(file: string, what = `--from ${file}`): Promise<Evidence> {
  const text = await readInputFile(file, what);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const format = (data as { format?: unknown } | null)?.format;
  if (typeof data !== "object" || data === null || format !== EVIDENCE_FORMAT) {
    throw new UsageError(
      `${what}: not an evidence.json written by ${COMMAND_NAME} (format ${JSON.stringify(format ?? null)}, expected "${EVIDENCE_FORMAT}")`,
    );
  }
  const shape = evidenceShape.safeParse(data);
  if (!shape.success) {
    const issues = shape.error.issues.slice(0, 5).map((issue) => `${z.core.toDotPath(issue.path)}: ${issue.message}`);
    throw new UsageError(`${what}: evidence is incomplete or malformed (${issues.join("; ")})`);
  }
  try {
    verifyEvidence(data as Evidence, what);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return data as Evidence;
}
