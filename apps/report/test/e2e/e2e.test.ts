// End to end: the built CLI in a child process against the emulator over real HTTP, as `pnpm report` runs it.
import { execFileSync, spawn } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { APP_DIR, assertBuilt, CLI, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";

// Distinctive values, so that finding one in any output proves a leak.
const TOKEN = "tok-E2E-5f3c9a1d7b2e4f60a8c1";
const AK = "AKE2E7Q4M2N8P6R1T3V5";
const SK = "skE2E-9d8c7b6a5f4e3d2c1b0a99887766";

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "e2e", images: 40, tokens: [TOKEN], credentials: [{ ak: AK, sk: SK }] });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

const tokenEnv = () => ({ HSS_AUTH_TOKEN: TOKEN });
const akskEnv = () => ({
  HUAWEICLOUD_SDK_AK: AK,
  HUAWEICLOUD_SDK_SK: SK,
  HUAWEICLOUD_SDK_PROJECT_ID: emulator.projectId,
});
const target = () => ["--endpoint", emulator.url, "--project-id", emulator.projectId];
let outCount = 0;
const freshOut = () => join(work.dir, `out-${++outCount}`);

/** Every (rule, image) pair the emulator holds: the oracle the CSV is checked against. */
function expectedPairs(projectId: string): Set<string> {
  const pairs = new Set<string>();
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of emulator.dataset.rules(projectId, kind)) {
      for (const image of emulator.dataset.images(projectId, kind, rule.rule_id)) {
        pairs.add(`${rule.rule_id}|${image.image_digest}`);
      }
    }
  }
  return pairs;
}

async function readOutputs(out: string) {
  const csv = await readFile(join(out, "images.csv"), "utf8");
  const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
  return { csv, rows: parseCsv(csv.replace(/^\uFEFF/, "")), evidence };
}

describe("pnpm report against the emulator", () => {
  it("reads every affected image with a token and writes exactly the requested files", async () => {
    const out = freshOut();
    const run = await runCli([...target(), "--format", "json,csv", "--out", out], { env: tokenEnv(), cwd: work.dir });
    expect(run.stderr).toContain("wrote 2 files");
    expect(run.code).toBe(0);
    expect(await listFiles(out)).toEqual(["evidence.json", "images.csv"]);

    const { rows, evidence } = await readOutputs(out);
    const pairs = new Set(rows.slice(1).map((r) => `${r[1]}|${r[7]}`));
    expect(pairs).toEqual(expectedPairs(emulator.projectId));
    expect(rows.length - 1).toBe(pairs.size);
    expect(evidence.run.demo).toBe(false);
    expect(evidence.failures).toEqual([]);
    expect(evidence.responses.every((r) => r.requestId && r.scopeId === evidence.run.scopes[0]?.id)).toBe(true);
    expect(emulator.requestLog.some((entry) => entry.auth === "token")).toBe(true);
  });

  it("writes all four formats by default, from the same data", async () => {
    const out = freshOut();
    const run = await runCli([...target(), "--image-type", "registry", "--out", out], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await listFiles(out)).toEqual(["evidence.json", "images.csv", "report.html", "report.pdf", "summary.md"]);
    const pdf = await readFile(join(out, "report.pdf"));
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const { rows, evidence } = await readOutputs(out);
    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html).toContain(evidence.sha256);
    // Every rule of the CSV has its section in the HTML.
    for (const ruleId of new Set(rows.slice(1).map((r) => r[1] as string))) expect(html).toContain(ruleId);
  });

  it("signs with AK/SK from the environment", async () => {
    const out = freshOut();
    const before = emulator.requestLog.length;
    const run = await runCli(["--endpoint", emulator.url, "--format", "csv", "--out", out], {
      env: akskEnv(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await listFiles(out)).toEqual(["images.csv"]);
    const requests = emulator.requestLog.slice(before);
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((entry) => entry.auth === "aksk" && entry.status === 200)).toBe(true);
    const { rows } = await readOutputs2(out);
    expect(new Set(rows.slice(1).map((r) => `${r[1]}|${r[7]}`))).toEqual(expectedPairs(emulator.projectId));
  });

  it("logs in with an IAM user from the environment", async () => {
    const out = freshOut();
    const before = emulator.requestLog.length;
    const user = emulator.iamUser;
    const run = await runCli([...target(), "--format", "csv", "--out", out], {
      env: {
        HSS_IAM_USER: user.name,
        HSS_IAM_PASSWORD: user.password,
        HSS_IAM_DOMAIN: user.domain,
        HSS_IAM_ENDPOINT: emulator.url,
      },
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain(user.password);
    const requests = emulator.requestLog.slice(before);
    expect(requests.some((entry) => entry.endpoint === "iam")).toBe(true);
    expect(requests.filter((entry) => entry.endpoint !== "iam").every((entry) => entry.auth === "iam")).toBe(true);
  });

  it("narrows by --rule and a single --risk-level (passed to the API)", async () => {
    const rules = emulator.dataset.rules(emulator.projectId, "registry");
    // Rules with no affected image have no CSV row.
    const high = rules.filter((r) => r.risk_level === "high" && r.image_num > 0).map((r) => r.rule_id);
    const out = freshOut();
    const before = emulator.requestLog.length;
    const run = await runCli(
      [...target(), "--image-type", "registry", "--risk-level", "high", "--format", "csv,json", "--out", out],
      { env: tokenEnv(), cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const rulesRequests = emulator.requestLog.slice(before).filter((e) => e.endpoint === "rules");
    expect(rulesRequests.length).toBeGreaterThan(0);
    expect(new Set(rulesRequests.map((e) => e.query.risk_level))).toEqual(new Set(["high"]));
    const { rows } = await readOutputs(out);
    expect(new Set(rows.slice(1).map((r) => r[1]))).toEqual(new Set(high));
    expect(rows.slice(1).every((r) => r[3] === "high")).toBe(true);

    const one = high[0] as string;
    const out2 = freshOut();
    const run2 = await runCli([...target(), "--rule", one, "--format", "csv", "--out", out2], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(run2.code, run2.stderr).toBe(0);
    const { rows: rows2 } = await readOutputs2(out2);
    expect(new Set(rows2.slice(1).map((r) => r[1]))).toEqual(new Set([one]));
  });

  it("passes --enterprise-project-id to every request and names it in the scope", async () => {
    const out = freshOut();
    const before = emulator.requestLog.length;
    const run = await runCli(
      [
        ...target(),
        "--enterprise-project-id",
        "all_granted_eps",
        "--image-type",
        "cicd",
        "--format",
        "json",
        "--out",
        out,
      ],
      { env: tokenEnv(), cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const requests = emulator.requestLog.slice(before);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.every((e) => e.query.enterprise_project_id === "all_granted_eps")).toBe(true);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.run.scopes[0]?.id).toMatch(/\/all_granted_eps$/);
    expect(evidence.run.scopes[0]?.enterpriseProjectId).toBe("all_granted_eps");
  });

  it("re-renders from evidence.json with no network: identical CSV and evidence", async () => {
    const out = freshOut();
    const first = await runCli([...target(), "--format", "json,csv", "--out", out, "--lang", "zh-cn"], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(first.code, first.stderr).toBe(0);
    const again = freshOut();
    // No credentials and no endpoint: only the evidence can supply the data.
    const second = await runCli(
      ["render", "--from", join(out, "evidence.json"), "--format", "json,csv", "--out", again],
      {
        cwd: work.dir,
      },
    );
    expect(second.code, second.stderr).toBe(0);
    for (const name of ["images.csv", "evidence.json"]) {
      expect(await readFile(join(again, name))).toEqual(await readFile(join(out, name)));
    }
    // The report's language came from the evidence.
    expect((await readOutputs(again)).evidence.run.lang).toBe("zh-cn");
  });

  it("render --from says the evidence came masked, with the count its masking record holds, and masks nothing", async () => {
    const out = freshOut();
    const first = await runCli([...target(), "--format", "json", "--out", out], { env: tokenEnv(), cwd: work.dir });
    expect(first.code, first.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    const masking = evidence.masking;
    // The emulator's instructions quote secrets: the record must count some, else this test proves nothing.
    expect(masking?.masked).toBeGreaterThan(0);
    const values = `${masking?.masked} secret values found in build instructions`;
    const where = `${masking?.findings.length} finding${masking?.findings.length === 1 ? "" : "s"}`;
    expect(first.stderr).toContain(`masked ${values} (${where}`);

    const again = freshOut();
    const second = await runCli(["render", "--from", join(out, "evidence.json"), "--format", "json", "--out", again], {
      cwd: work.dir,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(
      `masked no secret value now; the evidence came masked: ${values} were masked when it was fetched (${where}`,
    );
    expect(second.stderr).toContain(`policy ${masking?.policy})`);
    expect(second.stderr).not.toContain(`masked ${values}`);
    // Nothing was masked again: the evidence is the same, byte for byte.
    expect(await readFile(join(again, "evidence.json"))).toEqual(await readFile(join(out, "evidence.json")));
  });

  it("refuses evidence that was modified after it was sealed", async () => {
    const out = freshOut();
    expect(
      (await runCli([...target(), "--format", "json", "--out", out], { env: tokenEnv(), cwd: work.dir })).code,
    ).toBe(0);
    const file = join(out, "evidence.json");
    const evidence = JSON.parse(await readFile(file, "utf8")) as Evidence;
    evidence.failures.push({ scopeId: "x", message: "tampered" });
    await writeFile(file, JSON.stringify(evidence));
    const run = await runCli(["render", "--from", file, "--out", freshOut()], { cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("sha256 mismatch");
  });

  it("exits 4 with --fail-on when findings reach the level, after writing the report", async () => {
    const out = freshOut();
    const run = await runCli([...target(), "--format", "csv", "--fail-on", "low", "--out", out], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(run.code).toBe(4);
    expect(await listFiles(out)).toEqual(["images.csv"]);

    // A level no finding reaches: exit 0.
    const levels = new Set(emulator.dataset.rules(emulator.projectId, "cicd").map((r) => r.risk_level));
    const absent = (["critical", "high", "medium", "low"] as const).find((l) => !levels.has(l));
    if (absent) {
      const only = await runCli(
        [
          ...target(),
          "--image-type",
          "cicd",
          "--risk-level",
          absent,
          "--fail-on",
          absent,
          "--format",
          "csv",
          "--out",
          freshOut(),
        ],
        { env: tokenEnv(), cwd: work.dir },
      );
      expect(only.code, only.stderr).toBe(0);
    }
  });

  it("prints nothing with --quiet", async () => {
    const run = await runCli([...target(), "--format", "csv", "--quiet", "--out", freshOut()], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe("");
  });

  it("writes to ./reports/<UTC timestamp>/ by default", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const run = await runCli([...target(), "--format", "csv"], { env: tokenEnv(), cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const files = await listFiles(dir);
      expect(files).toHaveLength(3);
      expect(files[2]).toMatch(/^reports\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\/images\.csv$/);
    } finally {
      await cleanup();
    }
  });
});

describe("credentials never leak", () => {
  it("appear in no output, file or message, with token or AK/SK, on success or failure", async () => {
    const secrets = [TOKEN, AK, SK];
    const { dir, cleanup } = await tempDir();
    try {
      const runs = [
        await runCli([...target(), "--format", "json,csv,html,findings,sarif,junit", "--out", join(dir, "t")], {
          env: tokenEnv(),
          cwd: dir,
        }),
        await runCli(["--endpoint", emulator.url, "--format", "json,csv,html", "--out", join(dir, "k")], {
          env: akskEnv(),
          cwd: dir,
        }),
        // Failures: a project the emulator does not hold, and a secret passed where an option value goes.
        await runCli(["--endpoint", emulator.url, "--project-id", "no-such-project", "--out", join(dir, "f")], {
          env: akskEnv(),
          cwd: dir,
        }),
        await runCli([...target(), "--rule", TOKEN, "--format", "csv,findings,sarif,junit", "--out", join(dir, "r")], {
          env: tokenEnv(),
          cwd: dir,
        }),
      ];
      expect(runs.map((r) => r.code)).toEqual([0, 0, 3, 2]);
      const texts = runs.flatMap((r) => [r.stdout, r.stderr]);
      for (const file of await listFiles(dir)) {
        if (!file.endsWith("/")) texts.push(await readFile(join(dir, file), "utf8"));
      }
      expect(texts.length).toBeGreaterThan(8);
      for (const [i, text] of texts.entries()) {
        for (const secret of secrets)
          expect(text, `text ${i}: ${text.slice(text.indexOf(secret) - 300, text.indexOf(secret) + 50)}`).not.toContain(
            secret,
          );
      }
    } finally {
      await cleanup();
    }
  });
});

async function readOutputs2(out: string) {
  const csv = await readFile(join(out, "images.csv"), "utf8");
  return { rows: parseCsv(csv.replace(/^\uFEFF/, "")) };
}

describe("failures leave nothing behind", () => {
  it("exits 3 and writes nothing when the API cannot be reached", async () => {
    const dead = await startEmulator({ seed: "dead", images: 5, tokens: [TOKEN] });
    const url = dead.url;
    await dead.close();
    const { dir, cleanup } = await tempDir();
    try {
      const run = await runCli(
        ["--endpoint", url, "--project-id", "p1", "--format", "json,csv", "--out", join(dir, "a", "b")],
        {
          env: tokenEnv(),
          cwd: dir,
        },
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/API error: .*ECONNREFUSED/s);
      expect(await listFiles(dir)).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it("exits 3 on rejected credentials, without echoing them", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const wrong = "tok-WRONG-0a9b8c7d6e5f4a3b";
      const run = await runCli([...target(), "--format", "csv"], { env: { HSS_AUTH_TOKEN: wrong }, cwd: dir });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("401");
      expect(run.stderr).not.toContain(wrong);
      expect(await listFiles(dir)).toEqual([]);
    } finally {
      await cleanup();
    }
  });
});

describe("usage errors exit 2", () => {
  it("names the variables to set when a region is given without credentials", async () => {
    const run = await runCli(["--region", "cn-north-4", "--project-id", "p"], { cwd: work.dir });
    expect(run.code).toBe(2);
    for (const name of ["HSS_AUTH_TOKEN", "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"])
      expect(run.stderr).toContain(name);
  });

  it("a wrong IAM password: the hint is about the login's variables, not tokens or AK/SK", async () => {
    const user = emulator.iamUser;
    const wrong = `${user.password}-wrong`;
    const run = await runCli([...target(), "--format", "csv", "--out", freshOut()], {
      cwd: work.dir,
      env: {
        HSS_IAM_USER: user.name,
        HSS_IAM_PASSWORD: wrong,
        HSS_IAM_DOMAIN: user.domain,
        HSS_IAM_ENDPOINT: emulator.url,
      },
    });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/HTTP 401.*check the IAM user name, password and account \(domain\) name: HSS_IAM_USER/);
    expect(run.stderr).not.toMatch(/X-Sdk-Date|AK\/SK|check the token/);
    expect(run.stderr).not.toContain(wrong);
  });

  it("asks for HSS_IAM_ENDPOINT when IAM login has an endpoint but no region", async () => {
    const user = emulator.iamUser;
    const run = await runCli([...target()], {
      cwd: work.dir,
      env: { HSS_IAM_USER: user.name, HSS_IAM_PASSWORD: user.password, HSS_IAM_DOMAIN: user.domain },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HSS_IAM_ENDPOINT");
  });

  it("names the variable missing from an incomplete AK/SK pair", async () => {
    const run = await runCli(["--region", "cn-north-4", "--project-id", "p"], {
      cwd: work.dir,
      env: { HUAWEICLOUD_SDK_AK: AK },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HUAWEICLOUD_SDK_SK");
    expect(run.stderr).not.toContain(AK);
  });

  it("rejects bad flag values, naming the flag and what is allowed", async () => {
    const run = await runCli(["--risk-level", "extreme", "--format", "csv,docx"], { cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--risk-level: must be one of critical, high, medium, low");
    expect(run.stderr).toContain("--format: must be one of html, pdf, json, csv, findings, sarif, junit, md");
  });

  it("exits 2 on sub-command usage errors too", async () => {
    const render = await runCli(["render"], { cwd: work.dir });
    expect(render.code).toBe(2);
    expect(render.stderr).toContain("--from");
    const unknown = await runCli(["render", "--from", "x.json", "--secret=hunter2-secret-value"], { cwd: work.dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).not.toContain("hunter2-secret-value");
  });

  it("rejects unknown flags and never echoes a secret given as one", async () => {
    const run = await runCli(["--token=hunter2-secret-value"], { cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("unknown option");
    expect(run.stderr).not.toContain("hunter2-secret-value");
  });

  it("validates the config file with the key path and the allowed values", async () => {
    const file = join(work.dir, "bad.yaml");
    await writeFile(
      file,
      [
        "lang: fr",
        "projectId: x",
        "scopes:",
        "  - region: cn-north-4",
        "    project_id: p1",
        "    image_types: [cicd, docker]",
        "    credentials: { sk: inline-secret }",
      ].join("\n"),
    );
    const run = await runCli(["--config", file], { cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('lang: must be one of en-us, zh-cn (got "fr")');
    expect(run.stderr).toContain('unknown key "projectId"');
    expect(run.stderr).toContain('Did you mean "project_id"?');
    expect(run.stderr).toContain("scopes[0].image_types[1]: must be one of cicd, registry");
    expect(run.stderr).toContain('scopes[0].credentials: unknown key "sk"');
    expect(run.stderr).not.toContain("inline-secret");
  });

  it("reports a .json config file that is not JSON, and where it stops being JSON", async () => {
    const text = '{"lang": "en-us",';
    const file = join(work.dir, "broken.json");
    await writeFile(file, text);
    const run = await runCli(["--config", file], { cwd: work.dir });
    expect(run.code).toBe(2);
    // The text ends where a property name should start: line 1, just past its last character.
    expect(run.stderr).toContain(`${file}: not valid JSON: `);
    expect(run.stderr).toContain(`at line 1, column ${text.length + 1}`);
  });
});

describe("--help and --version", () => {
  it("prints usage with every flag", async () => {
    const run = await runCli(["--help"], { cwd: work.dir });
    expect(run.code).toBe(0);
    for (const flag of [
      "--endpoint",
      "--region",
      "--project-id",
      "--enterprise-project-id",
      "--image-type",
      "--rule",
      "--risk-level",
      "--lang",
      "--format",
      "--out",
      "--config",
      "--fail-on",
      "--demo",
      "--quiet",
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it("prints the package version", async () => {
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const run = await runCli(["--version"], { cwd: work.dir });
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe(`hss-reports ${pkg.version}`);
  });
});

describe("demo and config files", () => {
  it("runs the demo on the in-process emulator when nothing points at a real account", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const run = await runCli(["--format", "json,csv,html", "--out", "demo"], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain("DEMO DATA");
      expect(await listFiles(join(dir, "demo"))).toEqual(["evidence.json", "images.csv", "report.html"]);
      const evidence = JSON.parse(await readFile(join(dir, "demo", "evidence.json"), "utf8")) as Evidence;
      expect(evidence.run.demo).toBe(true);
      expect(evidence.responses.length).toBeGreaterThan(2);
      const rows = parseCsv((await readFile(join(dir, "demo", "images.csv"), "utf8")).slice(1)).slice(1);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r[0]?.startsWith("DEMO DATA/"))).toBe(true);
      expect(await readFile(join(dir, "demo", "report.html"), "utf8")).toContain("DEMO DATA");
    } finally {
      await cleanup();
    }
  });

  it("takes the same options from a YAML config file, flags winning", async () => {
    const file = join(work.dir, "ok.yaml");
    await writeFile(
      file,
      [
        `endpoint: ${emulator.url}`,
        `project_id: ${emulator.projectId}`,
        "image_types: [registry]",
        "format: [json]",
        "lang: zh-cn",
      ].join("\n"),
    );
    const out = freshOut();
    const run = await runCli(["--config", file, "--format", "csv,json", "--out", out], {
      env: tokenEnv(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(await listFiles(out)).toEqual(["evidence.json", "images.csv"]);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.run.lang).toBe("zh-cn");
    expect(evidence.run.scopes[0]?.imageTypes).toEqual(["registry"]);
    expect(evidence.responses.every((r) => r.query.image_type === "registry")).toBe(true);
  });

  it("takes a JSON config file too", async () => {
    const file = join(work.dir, "ok.json");
    await writeFile(file, JSON.stringify({ endpoint: emulator.url, project_id: emulator.projectId, format: ["csv"] }));
    const out = freshOut();
    const run = await runCli(["--config", file, "--out", out], { env: tokenEnv(), cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(await listFiles(out)).toEqual(["images.csv"]);
  });
});

/** Pids of the processes under `pid` (children, grandchildren ...) with their command lines, from `ps`. */
function descendants(pid: number): { pid: number; args: string }[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? "" }));
  const out: { pid: number; args: string }[] = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      out.push({ pid: row.pid, args: row.args });
      walk(row.pid);
    }
  };
  walk(pid);
  return out;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("interrupted runs", () => {
  // `pnpm report` runs its script through a shell: without `exec`, SIGTERM to pnpm would stop the shell and leave
  // node running (and writing reports) under a supervisor that believes it stopped.
  for (const command of [[], ["schedule", "--cron", "0 0 1 1 *", "--run-now"]]) {
    it(`SIGTERM to \`pnpm report ${command[0] ?? ""}\` ends the node process too`, async () => {
      // The run is mid-fetch once the emulator has answered a request (an event: no deadline of its own).
      let answered = () => {};
      const midFetch = new Promise<void>((resolve) => {
        answered = resolve;
      });
      const slow = await startEmulator({
        seed: "slow-pnpm",
        images: 40,
        tokens: [TOKEN],
        latencyMs: 400,
        onRequest: () => answered(),
      });
      const { dir, cleanup } = await tempDir();
      let node: { pid: number; args: string } | undefined;
      try {
        const child = spawn(
          "pnpm",
          ["report", ...command, "--endpoint", slow.url, "--project-id", slow.projectId, "--out", join(dir, "out")],
          {
            cwd: join(APP_DIR, "..", ".."),
            env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", HSS_AUTH_TOKEN: TOKEN },
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
        let output = "";
        child.stdout.on("data", (chunk) => {
          output += chunk;
        });
        child.stderr.on("data", (chunk) => {
          output += chunk;
        });
        // Mid-fetch, or the output says why not.
        expect(await Promise.race([midFetch.then(() => "fetching"), exited.then(() => "exited")]), output).toBe(
          "fetching",
        );
        node = descendants(child.pid as number).find((p) => p.args.includes("apps/report/dist/cli.js"));
        expect(node, output).toBeDefined();
        child.kill("SIGTERM");
        // pnpm waits for its child: without the signal reaching node, the run would go on to write its report.
        await exited;
        // The node process ends with pnpm (poll: it may take a moment to clean up after pnpm has gone).
        for (let i = 0; i < 100 && alive(node?.pid as number); i++) await new Promise((r) => setTimeout(r, 100));
        expect(alive(node?.pid as number)).toBe(false);
        expect((await listFiles(join(dir, "out"))).filter((f) => !f.endsWith("/"))).toEqual([]);
      } finally {
        if (node && alive(node.pid)) process.kill(node.pid, "SIGKILL");
        await slow.close();
        await cleanup();
      }
    }, 120_000);
  }

  it("leave no partial output on SIGTERM mid-fetch", async () => {
    const slow = await startEmulator({ seed: "slow", images: 40, tokens: [TOKEN], latencyMs: 400 });
    const { dir, cleanup } = await tempDir();
    try {
      const child = spawn(
        process.execPath,
        [
          CLI,
          "--endpoint",
          slow.url,
          "--project-id",
          slow.projectId,
          "--format",
          "json,csv",
          "--out",
          join(dir, "r", "out"),
        ],
        { cwd: dir, env: { PATH: process.env.PATH ?? "", HSS_AUTH_TOKEN: TOKEN }, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
      // Signal once the first rules page has arrived: the run is certainly mid-fetch then.
      await new Promise<void>((resolve) => {
        child.stderr.on("data", (chunk) => {
          stderr += chunk;
          if (/ rules? selected/.test(stderr)) resolve();
        });
      });
      child.kill("SIGTERM");
      // 128 + 15, as a shell reports a process ended by SIGTERM (130 is SIGINT's); not a failed scope.
      expect(await exited).toBe(143);
      expect(stderr).toContain("interrupted by SIGTERM: no report written");
      expect(stderr).not.toMatch(/could not be read|failed|API error/);
      expect(await listFiles(dir)).toEqual([]);
    } finally {
      await slow.close();
      await cleanup();
    }
  });
});
