// A real enterprise, end to end: the built CLI in a child process against loopback servers that play what a real
// tenant meets (a gateway that stalls under the default settings, a decimal Retry-After, ...). The right value,
// computed from the emulator's data and request log, is each assertion.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../src/evidence/types.js";
import { APP_DIR, assertBuilt, type CliRun, runCli, tempDir } from "./helpers/cli.js";
import { datasetPairs, evidencePairs } from "./helpers/pairs.js";

const TOKEN = "tok-ENTERPRISE-5a6b7c8d9e0f1a2b";
const SMALL = { images: 24, seed: "enterprise", tokens: [TOKEN] } satisfies EmulatorOptions;

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
});
afterAll(async () => {
  await work?.cleanup();
});

interface Run extends CliRun {
  out: string;
}

/** The CLI against `hss` with a token, JSON only; `config` goes into a config file when given. */
async function runAgainst(
  hss: RunningEmulator,
  name: string,
  options: { config?: object; nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<Run> {
  const caseDir = join(work.dir, name);
  await mkdir(caseDir, { recursive: true });
  const out = join(caseDir, "out");
  const args = ["--endpoint", hss.url, "--project-id", hss.projectId, "--format", "json", "--out", out];
  if (options.config) {
    const file = join(caseDir, "config.yaml");
    await writeFile(file, JSON.stringify(options.config), { mode: 0o600 });
    args.push("--config", file);
  }
  const run = await runCli(args, {
    env: { HSS_AUTH_TOKEN: TOKEN, ...options.env },
    cwd: caseDir,
    nodeArgs: options.nodeArgs,
  });
  return { ...run, out };
}

/** The run completed with exactly the (kind, rule, image) pairs the emulator holds, none twice. */
async function expectExactData(hss: RunningEmulator, run: Run): Promise<void> {
  expect(run.code, run.stderr).toBe(0);
  const evidence = JSON.parse(await readFile(join(run.out, "evidence.json"), "utf8")) as Evidence;
  const got = evidencePairs(evidence).sort();
  const expected = datasetPairs(hss, ["cicd", "registry"]);
  expect(expected.length).toBeGreaterThan(0);
  expect(got).toEqual(expected);
}

describe("a gateway that stalls, under the default settings", () => {
  it("cuts a response held back for 120 s at the default 30 s timeout, with garbage collections meanwhile, and retries", async () => {
    // No config file: the default timeout_ms (30 s) and retry policy. The child collects garbage every 100 ms, which
    // is what once made the default timeout never fire (the abort reached a collected request).
    const hss = await startEmulator({ ...SMALL, faults: { latency: { nth: [2], ms: 120_000 } } });
    try {
      const gcOften = join(APP_DIR, "test", "fixtures", "gc-often.mjs");
      const run = await runAgainst(hss, "stall", { nodeArgs: ["--expose-gc", "--import", gcOften] });
      expect(run.stderr).toMatch(/ListImageBuildCommandRisks\w* timeout: retrying in/);
      await expectExactData(hss, run);
    } finally {
      await hss.close();
    }
  }, 100_000);
});

describe("Retry-After as some gateways send it", () => {
  it("waits 1.5 s rounded up to 2 s, once, then completes", async () => {
    const hss = await startEmulator({ ...SMALL, faults: { throttle: { nth: [2], retryAfter: 1.5 } } });
    try {
      const run = await runAgainst(hss, "retry-after");
      expect(run.stderr).toMatch(/throttled 429 APIG\.0308: retrying in 2 s/);
      await expectExactData(hss, run);
      const log = hss.requestLog.filter((entry) => entry.endpoint !== "iam");
      const throttled = log.findIndex((entry) => entry.status === 429);
      expect(log.filter((entry) => entry.status === 429)).toHaveLength(1);
      // The same request again, no sooner than the 2 s asked for (read as a date, it went at once).
      const retried = log
        .slice(throttled + 1)
        .find(
          (entry) =>
            entry.path === log[throttled]?.path &&
            JSON.stringify(entry.query) === JSON.stringify(log[throttled]?.query),
        );
      expect(retried?.status).toBe(200);
      expect((retried?.time ?? 0) - (log[throttled]?.time ?? 0)).toBeGreaterThanOrEqual(2000);
    } finally {
      await hss.close();
    }
  }, 60_000);
});
