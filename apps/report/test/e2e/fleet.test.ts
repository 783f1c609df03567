// Fleet runs through the CLI: several scopes from a config file, each with its own credential variables.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";

const TOKEN_A = "tok-FLEET-A-0f1e2d3c4b5a6978";
const AK_B = "AKFLEETB0123456789AB";
const SK_B = "skFLEET-B-8899aabbccddeeff0011";

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({
    seed: "fleet",
    images: 20,
    projects: [
      { projectId: "proj-a", region: "cn-north-4" },
      { projectId: "proj-b", region: "ap-southeast-1", images: 12 },
    ],
    tokens: [TOKEN_A],
    credentials: [{ ak: AK_B, sk: SK_B }],
  });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

async function writeConfig(name: string, lines: string[]): Promise<string> {
  const file = join(work.dir, name);
  await writeFile(file, lines.join("\n"));
  return file;
}

const scopeLines = (bToken = "B_AK") => [
  "format: [json, csv]",
  "scopes:",
  `  - endpoint: ${emulator.url}`,
  "    project_id: proj-a",
  "    credentials: { token_env: A_TOKEN }",
  `  - endpoint: ${emulator.url}`,
  "    project_id: proj-b",
  "    image_types: [registry]",
  `    credentials: { ak_env: ${bToken}, sk_env: B_SK }`,
];

const env = { A_TOKEN: TOKEN_A, B_AK: AK_B, B_SK: SK_B, WRONG_AK: "AKWRONG0000000000000" };

describe("fleet report from --config scopes", () => {
  it("reads every scope with its own credentials into one report", async () => {
    const config = await writeConfig("fleet.yaml", scopeLines());
    const out = join(work.dir, "fleet");
    const run = await runCli(["--config", config, "--out", out], { env, cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    const host = new URL(emulator.url).host;
    expect(evidence.run.scopes.map((s) => s.id)).toEqual([`${host}/proj-a`, `${host}/proj-b`]);
    expect(evidence.run.scopes[1]?.imageTypes).toEqual(["registry"]);
    expect(evidence.failures).toEqual([]);

    const rows = parseCsv((await readFile(join(out, "images.csv"), "utf8")).slice(1)).slice(1);
    const expected = (projectId: string, kinds: ("cicd" | "registry")[]) => {
      let n = 0;
      for (const kind of kinds) {
        for (const rule of emulator.dataset.rules(projectId, kind)) {
          n += emulator.dataset.images(projectId, kind, rule.rule_id).length;
        }
      }
      return n;
    };
    expect(rows.filter((r) => r[0] === `${host}/proj-a`)).toHaveLength(expected("proj-a", ["cicd", "registry"]));
    expect(rows.filter((r) => r[0] === `${host}/proj-b`)).toHaveLength(expected("proj-b", ["registry"]));
  });

  it("exits 3 when a scope fails, and names it; writes nothing", async () => {
    const config = await writeConfig("fleet-bad.yaml", scopeLines("WRONG_AK"));
    const out = join(work.dir, "fleet-bad");
    const run = await runCli(["--config", config, "--out", out], { env, cwd: work.dir });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("/proj-b");
    expect(run.stderr).toContain("--allow-partial");
    expect(await listFiles(out)).toEqual([]);
  });

  it("with --allow-partial, writes the scopes that worked and records the failure", async () => {
    const config = await writeConfig("fleet-partial.yaml", scopeLines("WRONG_AK"));
    const out = join(work.dir, "fleet-partial");
    const run = await runCli(["--config", config, "--allow-partial", "--out", out], { env, cwd: work.dir });
    expect(run.code, run.stderr).toBe(6); // written, marked PARTIAL
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.failures).toHaveLength(1);
    expect(evidence.failures[0]?.scopeId).toMatch(/\/proj-b$/);
    expect(evidence.failures[0]?.message).toContain("401");
    expect(new Set(evidence.responses.map((r) => r.scopeId)).size).toBe(1);
  });

  it("names the variable a scope's credentials reference when it is unset", async () => {
    const config = await writeConfig("fleet-unset.yaml", scopeLines());
    const run = await runCli(["--config", config], { env: { A_TOKEN: TOKEN_A }, cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("scopes[1]: no credentials: set B_AK, B_SK in the environment");
  });

  it("rejects a scope list combined with a single-scope flag", async () => {
    const config = await writeConfig("fleet-mixed.yaml", scopeLines());
    const run = await runCli(["--config", config, "--region", "cn-north-4"], { env, cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("give either scopes");
  });
});
