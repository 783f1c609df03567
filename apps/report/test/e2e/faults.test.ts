// Fault injection, end to end: the built CLI in a child process against the emulator (in this process)
// with one fault at a time. Every run either completes with exactly what the emulator holds (no (rule, image) pair
// missing, none twice), or exits 3 naming the failing request and leaves no output folder and no partial file.
// Retries and timeouts are tightened through the config file (`timeout_ms`, `retry`) so the suite stays fast.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { datasetPairs, evidencePairs } from "../helpers/pairs.js";

const TOKEN = "tok-FAULTS-0c1d2e3f4a5b6c7d8e9f";
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

// Tight retries (4 attempts, millisecond backoffs, Retry-After waited up to 2 s) and a per-attempt timeout that is
// generous for a loaded machine; the latency cases shorten it. JSON is YAML too.
const RETRY = {
  max_attempts: 4,
  base_delay_ms: 10,
  max_delay_ms: 40,
  throttle_delay_ms: 20,
  max_elapsed_ms: 20_000,
  max_retry_after_ms: 2000,
};
const BASE_CONFIG = { timeout_ms: 5000, retry: RETRY };

type Outcome =
  | { complete: true }
  | {
      complete: false;
      /** What the message must say about the failure, besides the operation and its parameters. */
      says: RegExp;
      /** Whether a response (and so an X-Request-Id) came back for the failing request. */
      requestId: boolean;
    };

interface FaultCase {
  name: string;
  options: EmulatorOptions;
  outcome: Outcome;
  /** IAM password login instead of a token (for token expiry). */
  password?: boolean;
  /** Closes the emulator once it has answered this many API requests. */
  stopAfter?: number;
  /** Extra flags, e.g. to walk one large rule. */
  args?: string[];
  /** At least this many faults must actually have been injected (so a case cannot pass by missing its fault). */
  minFaults?: number;
  /** A retry line the run must print (the client met the fault and retried). */
  retried?: RegExp;
  /** Overrides of BASE_CONFIG. */
  config?: { timeout_ms?: number; retry?: Partial<typeof RETRY> };
}

const SMALL = { images: 24 };
// With 600 images (seed "faults"), rule BCR-0014's registry listing holds 280 images: two pages of 200.
const WALK = { images: 600 };
const walkArgs = ["--image-type", "registry", "--rule", "BCR-0014"];

const cases: FaultCase[] = [
  { name: "no fault (control)", options: SMALL, outcome: { complete: true } },
  {
    name: "429 with Retry-After: 1",
    options: { ...SMALL, faults: { throttle: { nth: [2, 3], retryAfter: 1 } } },
    outcome: { complete: true },
    minFaults: 2,
    retried: /throttled 429 APIG\.0308: retrying in 1 s/,
  },
  {
    name: "429 burst without Retry-After",
    // Eight 429s in a row: requests in flight together slow the client's pacing down once, not once each.
    options: { ...SMALL, faults: { throttle: { from: 2, times: 8, retryAfter: null } } },
    outcome: { complete: true },
    minFaults: 8,
    retried: /throttled 429 APIG\.0308: retrying in 0(\.1)? s/,
  },
  {
    name: "429 on every request (retries exhausted)",
    options: { ...SMALL, faults: { throttle: { every: 1, retryAfter: null } } },
    outcome: { complete: false, says: /HTTP 429 APIG\.0308/, requestId: true },
  },
  {
    name: "429 with a Retry-After longer than allowed",
    options: { ...SMALL, faults: { throttle: { every: 1, retryAfter: 30 } } },
    outcome: { complete: false, says: /HTTP 429 APIG\.0308/, requestId: true },
  },
  {
    name: "5xx now and then (500, 502 HTML, 503, 504)",
    options: { ...SMALL, faults: { serverError: { nth: [1, 3, 5, 7] } } },
    outcome: { complete: true },
    minFaults: 4,
    retried: /server-error 502: retrying/,
  },
  {
    name: "5xx on every request",
    options: { ...SMALL, faults: { serverError: { every: 1, status: 503 } } },
    outcome: { complete: false, says: /HTTP 503/, requestId: true },
  },
  {
    name: "connection resets",
    options: { ...SMALL, faults: { reset: { nth: [1, 4, 9] } } },
    outcome: { complete: true },
    minFaults: 3,
    retried: /network: retrying/,
  },
  {
    name: "connection reset on every request",
    options: { ...SMALL, faults: { reset: { every: 1 } } },
    outcome: { complete: false, says: /network error/, requestId: false },
  },
  {
    name: "latency beyond the timeout, once",
    options: { ...SMALL, faults: { latency: { nth: [2, 6], ms: 8000 } } },
    config: { timeout_ms: 3000 },
    outcome: { complete: true },
    retried: /timeout: retrying/,
  },
  {
    name: "latency beyond the timeout, always",
    options: { ...SMALL, faults: { latency: { every: 1, ms: 5000 } } },
    config: { timeout_ms: 500, retry: { max_attempts: 2 } },
    outcome: { complete: false, says: /no response within 500 ms/, requestId: false },
  },
  {
    name: "truncated JSON bodies",
    options: { ...SMALL, faults: { truncate: { nth: [1, 5, 8] } } },
    outcome: { complete: true },
    minFaults: 3,
    retried: /network: retrying/,
  },
  {
    name: "truncated JSON on every request",
    options: { ...SMALL, faults: { truncate: { every: 1 } } },
    outcome: { complete: false, says: /network error|not JSON/, requestId: false },
  },
  {
    name: "schema-violating body (rules)",
    options: { ...SMALL, faults: { schemaViolation: { nth: 1, endpoint: "rules" } } },
    outcome: { complete: false, says: /does not match the spec: data_list\[0\]\.image_num/, requestId: true },
  },
  {
    name: "schema-violating body (images)",
    options: { ...SMALL, faults: { schemaViolation: { nth: 3, endpoint: "images" } } },
    outcome: { complete: false, says: /does not match the spec: (data_list\[0\]\.|total_num: )/, requestId: true },
  },
  {
    name: "total_num grows during a multi-page walk",
    options: { ...WALK, faults: { totalNumChange: { nth: 2, endpoint: "images", delta: 7 } } },
    args: walkArgs,
    outcome: { complete: false, says: /total_num changed from \d+ to \d+ at offset 200/, requestId: true },
  },
  {
    name: "total_num shrinks during a multi-page walk",
    options: { ...WALK, faults: { totalNumChange: { nth: 2, endpoint: "images", delta: -5 } } },
    args: walkArgs,
    outcome: { complete: false, says: /total_num changed from \d+ to \d+ at offset 200/, requestId: true },
  },
  {
    name: "new images land between two rules' listings",
    options: { ...SMALL, faults: { totalNumChange: { nth: 6, endpoint: "images", delta: 5 } } },
    outcome: { complete: false, says: /changed during the run/, requestId: true },
  },
  {
    name: "IAM token expires mid-run (renewed)",
    options: { ...SMALL, faults: { tokenExpiry: { nth: [3, 30] } } },
    password: true,
    outcome: { complete: true },
    minFaults: 2,
  },
  {
    name: "emulator goes away mid-run",
    options: SMALL,
    stopAfter: 5,
    outcome: { complete: false, says: /network error ECONNREFUSED/, requestId: false },
  },
];

let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
});
afterAll(async () => {
  await work?.cleanup();
});

describe("faults, end to end: exactly the data HSS holds, or exit 3 with nothing written", () => {
  it.concurrent.for(cases)("$name", async (fault, { expect }) => {
    let apiRequests = 0;
    let hss: RunningEmulator | undefined;
    let closing: Promise<void> | undefined;
    hss = await startEmulator({
      seed: "faults",
      tokens: [TOKEN],
      ...fault.options,
      onRequest: (entry) => {
        if (entry.endpoint === "iam") return;
        apiRequests++;
        if (fault.stopAfter !== undefined && apiRequests === fault.stopAfter) closing = hss?.close();
      },
    });
    try {
      const caseDir = join(work.dir, fault.name.replace(/\W+/g, "-"));
      const out = join(caseDir, "out", "report");
      const configFile = join(caseDir, "config.yaml");
      const config = { ...BASE_CONFIG, ...fault.config, retry: { ...RETRY, ...fault.config?.retry } };
      await mkdir(caseDir, { recursive: true });
      await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
      const env: Record<string, string> = fault.password
        ? {
            HSS_IAM_USER: hss.iamUser.name,
            HSS_IAM_PASSWORD: hss.iamUser.password,
            HSS_IAM_DOMAIN: hss.iamUser.domain,
            HSS_IAM_ENDPOINT: hss.url,
          }
        : { HSS_AUTH_TOKEN: TOKEN };
      const args = [
        "--endpoint",
        hss.url,
        "--project-id",
        hss.projectId,
        "--config",
        configFile,
        "--format",
        "json",
        "--out",
        out,
        ...(fault.args ?? []),
      ];
      const run = await runCli(args, { env, cwd: work.dir });
      await closing;
      const log = hss.requestLog;
      const injected = log.filter((entry) => entry.faults?.length).length;
      if (fault.minFaults !== undefined) expect(injected, "faults injected").toBeGreaterThanOrEqual(fault.minFaults);
      if (fault.retried) expect(run.stderr).toMatch(fault.retried);

      if (fault.outcome.complete) {
        expect(run.code, run.stderr).toBe(0);
        const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
        const got = evidencePairs(evidence);
        expect(new Set(got).size, "no duplicate (rule, image) pairs").toBe(got.length);
        const kinds = fault.args?.includes("--image-type") ? (["registry"] as const) : (["cicd", "registry"] as const);
        const rules = fault.args?.includes("--rule")
          ? [fault.args[fault.args.indexOf("--rule") + 1] as string]
          : undefined;
        const expected = datasetPairs(hss, kinds, rules);
        expect(expected.length).toBeGreaterThan(0);
        expect(got.sort()).toEqual(expected);
        expect(evidence.failures).toEqual([]);
        if (fault.password) expect(log.filter((entry) => entry.endpoint === "iam").length).toBeGreaterThan(1);
        return;
      }

      const { says, requestId } = fault.outcome;
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toMatch(/^API error: /m);
      expect(run.stderr).toMatch(says);
      // The failing request: its operation and the parameters it was sent with.
      expect(run.stderr).toMatch(/ListImageBuildCommandRisks(Images)? with [^\n]*image_type=(cicd|registry)/);
      expect(run.stderr).toMatch(/limit=200/);
      if (requestId) {
        const quoted = run.stderr.match(new RegExp(`X-Request-Id (${UUID.source})`))?.[1];
        expect(quoted, run.stderr).toBeDefined();
        // The id is one the emulator really answered with, on a request that failed or was faulted.
        const entry = log.find((e) => e.requestId === quoted);
        expect(entry, `X-Request-Id ${quoted} in the emulator's log`).toBeDefined();
        // ... on an answer that failed or was faulted (or the second rules listing that saw the change).
        const failedThere = entry !== undefined && (entry.status !== 200 || (entry.faults?.length ?? 0) > 0);
        expect(failedThere || /changed during the run/.test(run.stderr), JSON.stringify(entry)).toBe(true);
      } else {
        expect(run.stderr).toContain("(no X-Request-Id)");
      }
      // Nothing written: no report folder, no hidden partial folder next to it.
      const parent = join(out, "..");
      expect(await listFiles(parent)).toEqual([]);
    } finally {
      await (closing ?? hss.close());
    }
  });
});
