// Readers of the formats for other tools, independent of the renderers: ajv with the committed findings.schema.json,
// Microsoft's SARIF validator (the @microsoft/sarif-multitool binary), and an XML parser for JUnit.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";
import * as ajvFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import { APP_DIR } from "./cli.js";

export const FINDINGS_SCHEMA_FILE = join(APP_DIR, "findings.schema.json");

/** Validates a findings.json document against the committed schema; returns ajv's errors (none when valid). */
export function findingsValidator(): (document: unknown) => string[] {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  (ajvFormats.default as unknown as (a: Ajv2020) => void)(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(FINDINGS_SCHEMA_FILE, "utf8")));
  return (document) =>
    validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? e.keyword}`);
}

/** The path of the SARIF Multitool binary of this platform (the npm package resolves it). */
const MULTITOOL = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;

export interface SarifFinding {
  level: string;
  ruleId: string;
  text: string;
}

/** Runs `sarif-multitool validate` on `file` and returns what it found (its own SARIF log, read back). */
export async function validateSarif(file: string): Promise<SarifFinding[]> {
  const log = `${file}.validation.sarif`;
  await promisify(execFile)(MULTITOOL, ["validate", file, "--output", log, "--log", "ForceOverwrite"], {
    maxBuffer: 64 << 20,
  });
  const result = JSON.parse(await readFile(log, "utf8")) as {
    runs: {
      tool: { driver: { rules?: { id: string; messageStrings?: Record<string, { text: string }> }[] } };
      results?: { level?: string; ruleId: string; message: { id?: string; text?: string; arguments?: string[] } }[];
      invocations?: { executionSuccessful: boolean; toolExecutionNotifications?: { message: { text: string } }[] }[];
    }[];
  };
  const run = result.runs[0];
  if (!run) throw new Error(`${log}: no run`);
  const invocation = run.invocations?.[0];
  if (!invocation?.executionSuccessful) {
    throw new Error(`the validator failed: ${JSON.stringify(invocation?.toolExecutionNotifications ?? [])}`);
  }
  return (run.results ?? []).map((r) => ({
    // SARIF's default level is warning (3.27.10).
    level: r.level ?? "warning",
    ruleId: r.ruleId,
    text: r.message.text ?? `${r.message.id ?? ""} ${(r.message.arguments ?? []).join(" | ")}`,
  }));
}

export interface JunitCase {
  suite: string;
  name: string;
  classname: string;
  failure?: { message: string; type: string; text: string };
  skipped?: { message: string };
}

export interface JunitReport {
  totals: { tests: number; failures: number; skipped: number; errors: number };
  suites: { name: string; tests: number; failures: number; skipped: number }[];
  cases: JunitCase[];
}

/** Reads junit.xml back: the totals it states and every testcase with its outcome. */
export function parseJunit(xml: string): JunitReport {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    textNodeName: "text",
    isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
  });
  const root = parser.parse(xml) as {
    testsuites: Record<string, string> & { testsuite?: (Record<string, string> & { testcase?: unknown[] })[] };
  };
  const top = root.testsuites;
  const number = (value: string | undefined) => Number(value);
  const suites = (top.testsuite ?? []).map((suite) => ({
    name: suite.name ?? "",
    tests: number(suite.tests),
    failures: number(suite.failures),
    skipped: number(suite.skipped),
    cases: (suite.testcase ?? []) as Record<string, unknown>[],
  }));
  const cases = suites.flatMap((suite) =>
    suite.cases.map((c) => {
      const failure = c.failure as Record<string, string> | undefined;
      const skipped = c.skipped as Record<string, string> | undefined;
      return {
        suite: suite.name,
        name: String(c.name),
        classname: String(c.classname),
        ...(failure !== undefined
          ? { failure: { message: failure.message ?? "", type: failure.type ?? "", text: failure.text ?? "" } }
          : {}),
        ...(skipped !== undefined ? { skipped: { message: skipped.message ?? "" } } : {}),
      } satisfies JunitCase;
    }),
  );
  return {
    totals: {
      tests: number(top.tests),
      failures: number(top.failures),
      skipped: number(top.skipped),
      errors: number(top.errors),
    },
    suites: suites.map(({ cases: _cases, ...rest }) => rest),
    cases,
  };
}
