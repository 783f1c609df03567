// The one reader of a saved evidence.json (`render --from`, `--baseline`, a history folder's previous runs): reads
// it in chunks and its responses into a spool on disk one at a time, as a live run keeps them (a 1,000,000-finding
// file is ~0.6 GB: its text, the parsed object and the model did not fit in 1 GB together), checks its shape, then
// its seal, before anything trusts it. Every failure is a UsageError naming the file.
import { type OperationId, operations } from "@hss-reports/api/spec";
import { Tokenizer, TokenParser, TokenParserError } from "@streamparser/json";
import { z } from "zod";
import { LANG_VALUES } from "../config/values.js";
import { UsageError } from "../errors.js";
import { readInputChunks } from "../input.js";
import { COMMAND_NAME } from "../version.js";
import { hashEvidence, mismatchMessage } from "./hash.js";
import { type ResponseSpool, type SpooledResponses, type SpoolRef, withSpool } from "./spool.js";
import { EVIDENCE_FORMAT, type Evidence, type EvidenceResponse } from "./types.js";

/** One response of the evidence; its body was validated by the client when it was received. */
const responseShape = z.looseObject({
  scopeId: z.string(),
  operation: z.enum(Object.keys(operations) as [OperationId, ...OperationId[]]),
  receivedAt: z.string(),
  body: z.looseObject({ total_num: z.number(), data_list: z.array(z.unknown()) }),
});

/** The envelope every reader relies on; `responses` is checked one response at a time, as it is read. */
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
  responses: z.array(z.unknown()),
  failures: z.array(z.looseObject({ scopeId: z.string(), message: z.string() })),
  sha256: z.string(),
});

/** Issues named in a malformed-evidence message, at most. */
const SHOWN_ISSUES = 5;

/** Sealed evidence whose responses wait in a spool (see spool.ts). */
export type SpooledEvidence = Evidence<SpooledResponses>;

/**
 * Reads and verifies sealed evidence, its responses into `spool` (readable until the spool is closed); `what` names
 * the source in messages (default `--from FILE`). Any JSON text of the evidence is read (another key order or
 * layout keeps the seal, which is over its RFC 8785 form), the same values `JSON.parse` gives. `chunkBytes`: how
 * much of the file is read at a time (default 1 MiB).
 */
export async function readEvidence(
  file: string,
  spool: ResponseSpool,
  what = `--from ${file}`,
  chunkBytes?: number,
): Promise<SpooledEvidence> {
  let root: unknown;
  // The responses list being read and what was read of it: JSON.parse keeps the last of a key given twice.
  let list: unknown[] | undefined;
  let refs: SpoolRef[] = [];
  let issues: z.core.$ZodIssue[] = [];
  const tokenizer = new Tokenizer();
  // The root is emitted once it is complete, with an empty `responses`: each response is taken out as it is read.
  const parser = new TokenParser({ paths: ["$", "$.responses.*"], keepStack: false });
  let offset = 0;
  tokenizer.onToken = (token) => {
    offset = token.offset;
    parser.write(token);
  };
  // What went wrong in here (a spool that cannot be written) is not the file's fault: kept apart from parse errors.
  let failure: { error: unknown } | undefined;
  parser.onValue = ({ value, key, parent, stack }) => {
    if (stack.length === 0) {
      root = value;
      return;
    }
    if (!Array.isArray(parent)) return; // `responses` is no list: the shape check says so.
    parent.pop();
    if (parent !== list) {
      list = parent;
      refs = [];
      issues = [];
    }
    const shape = responseShape.safeParse(value);
    if (!shape.success) {
      const path = ["responses", key ?? 0];
      for (const issue of shape.error.issues) issues.push({ ...issue, path: [...path, ...issue.path] });
      issues.splice(SHOWN_ISSUES);
    } else if (issues.length === 0) {
      try {
        refs.push(spool.append(value as unknown as EvidenceResponse));
      } catch (error) {
        failure = { error };
        throw error;
      }
    }
  };

  const invalid = (error: unknown, at?: number) =>
    new UsageError(
      `${what}: not valid JSON (${error instanceof Error ? error.message : String(error)}${at === undefined ? "" : ` at byte ${at}`})`,
    );
  for await (const chunk of readInputChunks(file, what, chunkBytes)) {
    try {
      tokenizer.write(chunk);
    } catch (error) {
      if (failure) throw failure.error;
      // The token parser's messages name no place: the last token's offset does.
      throw invalid(error, error instanceof TokenParserError ? offset : undefined);
    }
  }
  if (!tokenizer.isEnded) {
    try {
      tokenizer.end();
    } catch (error) {
      throw invalid(error);
    }
  }
  if (root === undefined) throw invalid("the file holds no JSON value");

  const format = (root as { format?: unknown } | null)?.format;
  if (typeof root !== "object" || root === null || Array.isArray(root) || format !== EVIDENCE_FORMAT) {
    throw new UsageError(
      `${what}: not an evidence.json written by ${COMMAND_NAME} (format ${JSON.stringify(format ?? null)}, expected "${EVIDENCE_FORMAT}")`,
    );
  }
  const shape = evidenceShape.safeParse(root);
  const all = [...(shape.success ? [] : shape.error.issues), ...issues];
  if (all.length > 0) {
    // In the order of the envelope's keys, as one check of the whole file gave them.
    const keys = Object.keys(evidenceShape.shape);
    const rank = (issue: z.core.$ZodIssue) => keys.indexOf(String(issue.path[0]));
    const shown = all.sort((a, b) => rank(a) - rank(b)).slice(0, SHOWN_ISSUES);
    const text = shown.map((issue) => `${z.core.toDotPath(issue.path)}: ${issue.message}`);
    throw new UsageError(`${what}: evidence is incomplete or malformed (${text.join("; ")})`);
  }
  const evidence = { ...(root as Evidence), responses: spool.responses(refs) };
  if (hashEvidence(evidence) !== evidence.sha256) throw new UsageError(mismatchMessage(what, evidence.sha256));
  return evidence;
}

/** Reads and verifies sealed evidence into memory (what {@link readEvidence} checks); for evidence of a few pages. */
export async function loadEvidence(file: string, what = `--from ${file}`): Promise<Evidence> {
  return withSpool(async (spool) => {
    const evidence = await readEvidence(file, spool, what);
    return { ...evidence, responses: [...evidence.responses] };
  });
}
