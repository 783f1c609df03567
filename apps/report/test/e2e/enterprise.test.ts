// A real enterprise, end to end: the built CLI in a child process against loopback servers that play what a real
// tenant meets (a gateway that stalls under the default settings, a decimal Retry-After, ...). The right value,
// computed from the emulator's data and request log, is each assertion.
import { mkdirSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { APP_DIR, assertBuilt, type CliRun, listFiles, runCli, secretLeaks, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { makeCa, startConnectProxy, startTlsFront } from "../helpers/egress.js";
import { datasetPairs, evidencePairs } from "../helpers/pairs.js";
import { startRewritingFront } from "../helpers/rewrite.js";

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
  options: {
    config?: object;
    nodeArgs?: string[];
    env?: Record<string, string>;
    /** Credential variables instead of the token. */
    credentials?: Record<string, string>;
    /** Another endpoint in front of `hss`. */
    endpoint?: string;
    formats?: string;
  } = {},
): Promise<Run> {
  const caseDir = join(work.dir, name);
  await mkdir(caseDir, { recursive: true });
  const out = join(caseDir, "out");
  const args = ["--endpoint", options.endpoint ?? hss.url, "--project-id", hss.projectId];
  args.push("--format", options.formats ?? "json", "--out", out);
  if (options.config) {
    const file = join(caseDir, "config.yaml");
    await writeFile(file, JSON.stringify(options.config), { mode: 0o600 });
    args.push("--config", file);
  }
  const run = await runCli(args, {
    env: { ...(options.credentials ?? { HSS_AUTH_TOKEN: TOKEN }), ...options.env },
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
  }, 240_000);
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
  });
});

describe("a big IAM token", () => {
  it("logs in once with a 30,000-character X-Subject-Token and uses it for every request", async () => {
    const hss = await startEmulator({ ...SMALL, iamTokenLength: 30_000 });
    try {
      const run = await runAgainst(hss, "big-token", {
        credentials: {
          HSS_IAM_USER: hss.iamUser.name,
          HSS_IAM_PASSWORD: hss.iamUser.password,
          HSS_IAM_DOMAIN: hss.iamUser.domain,
          HSS_IAM_ENDPOINT: hss.url,
        },
      });
      await expectExactData(hss, run);
      const logins = hss.requestLog.filter((entry) => entry.endpoint === "iam");
      expect(logins.map((entry) => entry.status)).toEqual([201]);
      // Every API request was authenticated with the issued token (auth "iam"), none rejected.
      const api = hss.requestLog.filter((entry) => entry.endpoint !== "iam");
      expect(api.length).toBeGreaterThan(2);
      expect(api.every((entry) => entry.auth === "iam" && entry.status === 200)).toBe(true);
    } finally {
      await hss.close();
    }
  });
});

describe("behind a corporate egress proxy with a TLS-inspecting CA", () => {
  const REGION = "cn-north-4";
  const HSS_HOST = `hss.${REGION}.myhuaweicloud.com`;
  const IAM_HOST = `iam.${REGION}.myhuaweicloud.com`;
  const PROXY_USER = "egress-user";
  const PROXY_PASSWORD = "pr0xy-S3cret-value";
  let hss: RunningEmulator;
  let ca: ReturnType<typeof makeCa>;
  let front: Awaited<ReturnType<typeof startTlsFront>>;
  let proxy: Awaited<ReturnType<typeof startConnectProxy>>;

  beforeAll(async () => {
    hss = await startEmulator({
      ...SMALL,
      projects: [{ projectId: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", region: REGION }],
    });
    const caDir = join(work.dir, "ca");
    await mkdir(caDir);
    ca = makeCa(caDir, [HSS_HOST, IAM_HOST]);
    front = await startTlsFront(ca, hss.port);
    proxy = await startConnectProxy({ user: PROXY_USER, password: PROXY_PASSWORD }, front.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await front?.close();
    await hss?.close();
  });

  /** `--region` (the cloud's own host names, which do not resolve here) with IAM password auth. */
  async function runRegion(name: string, env: Record<string, string>): Promise<Run> {
    const caseDir = join(work.dir, name);
    await mkdir(caseDir, { recursive: true });
    const out = join(caseDir, "out");
    const args = ["--region", REGION, "--project-id", hss.projectId, "--format", "json,csv", "--out", out];
    const run = await runCli(args, {
      env: {
        HSS_IAM_USER: hss.iamUser.name,
        HSS_IAM_PASSWORD: hss.iamUser.password,
        HSS_IAM_DOMAIN: hss.iamUser.domain,
        ...env,
      },
      cwd: caseDir,
    });
    return { ...run, out };
  }

  const proxyUrl = (password: string) => `http://${PROXY_USER}:${password}@127.0.0.1:${proxy.port}`;

  it("reaches HSS and IAM through HTTPS_PROXY, trusting the CA given in NODE_EXTRA_CA_CERTS", async () => {
    proxy.connects.length = 0;
    const run = await runRegion("proxy-ok", { HTTPS_PROXY: proxyUrl(PROXY_PASSWORD), NODE_EXTRA_CA_CERTS: ca.caFile });
    await expectExactData(hss, run);
    // Every connection went through the proxy, with its credentials: IAM's and HSS's.
    const targets = new Set(proxy.connects.map((record) => record.target));
    expect([...targets].sort()).toEqual([`${HSS_HOST}:443`, `${IAM_HOST}:443`]);
    expect(proxy.connects.every((record) => record.authorized)).toBe(true);
    expect(hss.requestLog.some((entry) => entry.endpoint === "iam")).toBe(true);
    expect(await secretLeaks(run, run.out, [PROXY_PASSWORD, hss.iamUser.password])).toEqual([]);
  });

  it("names the untrusted certificate and NODE_EXTRA_CA_CERTS without it, and does not retry", async () => {
    proxy.connects.length = 0;
    const run = await runRegion("proxy-untrusted", { https_proxy: proxyUrl(PROXY_PASSWORD) });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/network error UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    expect(run.stderr).toMatch(/NODE_EXTRA_CA_CERTS=/);
    // The same certificate would fail again: one tunnel, one TLS handshake, no retry.
    expect(proxy.connects).toHaveLength(1);
    expect(run.stderr).not.toMatch(/retrying/);
    expect(await listFiles(join(run.out, ".."))).toEqual([]);
  });

  it("says the proxy refused the credentials (407), never prints them, and does not retry", async () => {
    proxy.connects.length = 0;
    const wrong = "wr0ng-Pr0xy-pass";
    const run = await runRegion("proxy-407", { HTTPS_PROXY: proxyUrl(wrong), NODE_EXTRA_CA_CERTS: ca.caFile });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/407/);
    expect(run.stderr).toMatch(/HTTPS_PROXY/);
    expect(proxy.connects).toEqual([{ target: `${IAM_HOST}:443`, authorized: false }]);
    expect(await secretLeaks(run, run.out, [wrong, PROXY_PASSWORD, hss.iamUser.password])).toEqual([]);
  });

  it("goes direct to hosts in NO_PROXY, and through http_proxy (lower case) otherwise", async () => {
    const env = { http_proxy: proxyUrl(PROXY_PASSWORD) };
    proxy.connects.length = 0;
    proxy.forwards.length = 0;
    const direct = await runAgainst(hss, "no-proxy", { env: { ...env, NO_PROXY: "127.0.0.1" } });
    await expectExactData(hss, direct);
    expect(proxy.connects).toEqual([]);
    expect(proxy.forwards).toEqual([]);
    // Without NO_PROXY the plain-http emulator is asked for through the proxy, in absolute form as curl does (no
    // tunnel): every request passed the proxy, with its credentials, and the data arrived whole.
    const proxied = await runAgainst(hss, "via-proxy", { env });
    await expectExactData(hss, proxied);
    expect(proxy.connects).toEqual([]);
    expect(proxy.forwards.length).toBeGreaterThan(0);
    expect(new Set(proxy.forwards.map((f) => JSON.stringify(f)))).toEqual(
      new Set([JSON.stringify({ target: `127.0.0.1:${hss.port}`, authorized: true })]),
    );
  });

  it("refuses a proxy variable that is not a URL, without echoing it (exit 2)", async () => {
    const value = "user:Secret-in-proxy@not a url";
    const run = await runRegion("proxy-bad", { HTTPS_PROXY: value });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/HTTPS_PROXY is not a proxy URL/);
    expect(run.stderr).not.toContain("Secret-in-proxy");
  });
});

describe("an unexpected error", () => {
  // A real one: while the run fetches (after its --out was checked), a folder appears where its evidence.json goes,
  // so the file cannot be put in place. (A folder in the way from the start is refused up front as a usage error.)
  async function runWithFolderInTheWay(name: string, extra: string[] = []): Promise<CliRun & { out: string }> {
    const out = join(work.dir, name);
    await mkdir(out, { recursive: true });
    let inTheWay = false;
    const hss = await startEmulator({
      ...SMALL,
      onRequest: () => {
        if (inTheWay) return;
        inTheWay = true;
        mkdirSync(join(out, "evidence.json", "in-the-way"), { recursive: true });
      },
    });
    try {
      const args = ["--endpoint", hss.url, "--project-id", hss.projectId, "--quiet", "--format", "json"];
      const run = await runCli([...args, "--out", out, ...extra], { cwd: work.dir, env: { HSS_AUTH_TOKEN: TOKEN } });
      return { ...run, out };
    } finally {
      await hss.close();
    }
  }

  it("exits 1 with one line saying what failed, and no stack trace; the folder is left as it was", async () => {
    const run = await runWithFolderInTheWay("unexpected-out");
    expect(run.code, run.stderr).toBe(1);
    const lines = run.stderr.trim().split("\n");
    const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: cannot put ${literal(join(run.out, "evidence.json"))} in place \\((EISDIR|ENOTEMPTY|EEXIST)\\); ${literal(run.out)} is left as it was$`,
      ),
    );
    expect(lines.slice(1)).toEqual(["(unexpected: run again with --debug to print the stack)"]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(await listFiles(run.out)).toEqual(["evidence.json/", "evidence.json/in-the-way/"]);
  });

  it("prints the stack under --debug", async () => {
    const run = await runWithFolderInTheWay("unexpected-debug", ["--debug"]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot put /);
    expect(run.stderr).toMatch(/^\s+at .*writeOutput/m);
  });
});

describe("imperfect answers", () => {
  it("shows a scan time outside the Date range as no time, in CSV and every other format, without crashing", async () => {
    const hss = await startEmulator(SMALL);
    // Images whose digest sorts in the lower half: latest_scan_time one past the largest time a Date holds.
    const hit = (digest: string) => digest < "sha256:8";
    const front = await startRewritingFront(hss.url, (body) => {
      const page = JSON.parse(body) as { data_list: { image_digest: string; latest_scan_time?: number }[] };
      for (const image of page.data_list) if (hit(image.image_digest)) image.latest_scan_time = 8640000000000001;
      return JSON.stringify(page);
    });
    try {
      const run = await runAgainst(hss, "date-range", { endpoint: front.url, formats: "json,csv,html,pdf,md" });
      expect(run.code, run.stderr).toBe(0);
      expect(await readFile(join(run.out, "evidence.json"), "utf8")).toContain('"latest_scan_time":8640000000000001');
      const [header = [], ...rows] = parseCsv(await readFile(join(run.out, "images.csv"), "utf8"));
      const digest = header.indexOf("digest");
      const lastScan = header.indexOf("last_scan");
      for (const row of rows) {
        const cell = row[lastScan] ?? "";
        if (hit(row[digest] ?? "")) expect(cell).toBe("");
        else expect(cell).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      }
      expect(rows.filter((row) => hit(row[digest] ?? "")).length).toBeGreaterThan(0);
    } finally {
      await front.close();
      await hss.close();
    }
  }, 120_000);
});

describe("null in optional fields, as the official SDKs accept it", () => {
  // Images whose digest sorts in the lower half, and rules whose id ends in an even character code.
  const hitImage = (digest: string) => digest < "sha256:8";
  const hitRule = (ruleId: string) => ruleId.charCodeAt(ruleId.length - 1) % 2 === 0;
  const IMAGE_FIELDS = ["namespace", "image_version", "latest_scan_time"] as const;
  const RULE_FIELDS = ["risk_id", "description"] as const;

  it("reads them as absent, shows —, and counts them in the evidence by field", async () => {
    const hss = await startEmulator(SMALL);
    const front = await startRewritingFront(
      hss.url,
      (body, path) => {
        const page = JSON.parse(body) as { data_list: Record<string, unknown>[] };
        for (const item of page.data_list) {
          if (path.endsWith("/images")) {
            if (hitImage(String(item.image_digest))) for (const field of IMAGE_FIELDS) item[field] = null;
          } else if (hitRule(String(item.rule_id))) for (const field of RULE_FIELDS) item[field] = null;
        }
        return JSON.stringify(page);
      },
      /\/image\/build-command-risks(\/images)?$/,
    );
    try {
      const run = await runAgainst(hss, "nulls", { endpoint: front.url, formats: "json,csv,html,md" });
      expect(run.code, run.stderr).toBe(0);
      const evidence = JSON.parse(await readFile(join(run.out, "evidence.json"), "utf8")) as Evidence;
      // The expected counts, from the bodies: every hit item once per response it appears in, its fields left out.
      const expected: Record<string, number> = {};
      const got: Record<string, number> = {};
      for (const response of evidence.responses) {
        for (const [key, count] of Object.entries(response.nulls ?? {})) got[key] = (got[key] ?? 0) + count;
        for (const item of response.body.data_list as unknown as Record<string, unknown>[]) {
          const images = response.operation === "ListImageBuildCommandRisksImages";
          const hit = images ? hitImage(String(item.image_digest)) : hitRule(String(item.rule_id));
          if (!hit) continue;
          const schema = images ? "BuildCommandRisksImageResponseInfo" : "ImageBuildCommandRiskResponseInfo";
          for (const field of images ? IMAGE_FIELDS : RULE_FIELDS) {
            expect(item).not.toHaveProperty(field);
            expected[`${schema}.${field}`] = (expected[`${schema}.${field}`] ?? 0) + 1;
          }
        }
      }
      expect(expected["BuildCommandRisksImageResponseInfo.namespace"]).toBeGreaterThan(0);
      expect(expected["ImageBuildCommandRiskResponseInfo.risk_id"]).toBeGreaterThan(0);
      expect(got).toEqual(expected);
      await expectExactData(hss, run);
      // CSV: no namespace, version or scan time for the hit images; HTML: their last scan cell is the dash.
      const [header = [], ...rows] = parseCsv(await readFile(join(run.out, "images.csv"), "utf8"));
      const column = (name: string) => header.indexOf(name);
      const hitRows = rows.filter((row) => hitImage(row[column("digest")] ?? ""));
      expect(hitRows.length).toBeGreaterThan(0);
      for (const row of hitRows) {
        expect([row[column("namespace")], row[column("version")], row[column("last_scan")]]).toEqual(["", "", ""]);
      }
      const html = await readFile(join(run.out, "report.html"), "utf8");
      const digest = hitRows[0]?.[column("digest")] ?? "";
      expect(html).toMatch(new RegExp(`<td class=dg>${digest}<td>[^<]*<td class=n>[^<]*<td>—`));
    } finally {
      await front.close();
      await hss.close();
    }
  }, 120_000);

  it("still fails a null in a required field, exit 3, naming its path, and writes no report", async () => {
    const hss = await startEmulator(SMALL);
    const front = await startRewritingFront(hss.url, (body) => {
      const page = JSON.parse(body) as { data_list: Record<string, unknown>[] };
      if (page.data_list[1]) page.data_list[1].image_name = null;
      return JSON.stringify(page);
    });
    try {
      const run = await runAgainst(hss, "required-null", { endpoint: front.url });
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain("data_list[1].image_name: Invalid input: expected string, received null");
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(await listFiles(run.out)).toEqual([]);
    } finally {
      await front.close();
      await hss.close();
    }
  }, 120_000);
});

describe("int64 beyond 2^53, as the spec allows", () => {
  it("keeps image_size 9223372036854775807 exact in evidence, CSV and HTML", async () => {
    const MAX = "9223372036854775807";
    const hss = await startEmulator(SMALL);
    const hit = (digest: string) => digest < "sha256:8";
    // The raw literal: JSON.stringify cannot write it, so a marker is swapped for its text.
    const front = await startRewritingFront(hss.url, (body) => {
      const page = JSON.parse(body) as { data_list: { image_digest: string; image_size?: number }[] };
      for (const image of page.data_list) if (hit(image.image_digest)) image.image_size = -1;
      return JSON.stringify(page).replaceAll('"image_size":-1', `"image_size":${MAX}`);
    });
    try {
      const run = await runAgainst(hss, "int64", { endpoint: front.url, formats: "json,csv,html" });
      expect(run.code, run.stderr).toBe(0);
      const evidence = JSON.parse(await readFile(join(run.out, "evidence.json"), "utf8")) as Evidence;
      let hits = 0;
      for (const response of evidence.responses) {
        if (response.operation !== "ListImageBuildCommandRisksImages") continue;
        for (const image of response.body.data_list) {
          if (!hit(image.image_digest ?? "")) continue;
          hits++;
          expect(image.image_size).toBe(MAX);
        }
      }
      expect(hits).toBeGreaterThan(0);
      await expectExactData(hss, run);
      const [header = [], ...rows] = parseCsv(await readFile(join(run.out, "images.csv"), "utf8"));
      const hitRows = rows.filter((row) => hit(row[header.indexOf("digest")] ?? ""));
      expect(hitRows.length).toBeGreaterThan(0);
      for (const row of hitRows) expect(row[header.indexOf("size_bytes")]).toBe(MAX);
      const html = await readFile(join(run.out, "report.html"), "utf8");
      const shown = `${new Intl.NumberFormat("en-us").format(BigInt(MAX))} B`;
      const digest = hitRows[0]?.[header.indexOf("digest")] ?? "";
      expect(html).toMatch(new RegExp(`<td class=dg>${digest}<td>[^<]*<td class=n>${shown}<td>`));
    } finally {
      await front.close();
      await hss.close();
    }
  }, 120_000);
});
