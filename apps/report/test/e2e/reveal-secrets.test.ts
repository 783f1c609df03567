// `--reveal-secrets`: the opt-out for someone at the data. Only on a one-off run (refused in a config file and by
// `schedule`); then the values are there, the CLI warns, and every page of every format (whatever files the folder
// holds) says that it holds unmasked secrets. Re-rendering such evidence without the flag masks it again.
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SECRET_VALUES, TOKENS } from "@hss-reports/emulator";
import { XMLParser } from "fast-xml-parser";
import type { Log } from "sarif";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Format } from "../../src/config/schema.js";
import type { Evidence } from "../../src/evidence/types.js";
import { listRuns } from "../../src/history/index.js";
import { catalogues } from "../../src/i18n/index.js";
import { FILE_NAMES } from "../../src/render/formats.js";
import { assertBuilt, type CliRun, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { findingsValidator } from "../helpers/interop.js";

interface JunitSuite {
  name: string;
  properties: { property: { name: string; value: string }[] }[];
  "system-err"?: string[];
}

const MARKING = "UNMASKED SECRETS";
const FORMATS = Object.keys(FILE_NAMES) as Format[];
// What the formats read by tools say: the marking and its message, from the catalogue the pages use.
const NOTICE = `${catalogues["en-us"].unmaskedSecrets}: ${catalogues["en-us"]["unmaskedSecrets.message"]}`;

let work: { dir: string; cleanup: () => Promise<void> };
let out: string;
let run: CliRun;

beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
  out = join(work.dir, "revealed");
  // Every format: a format added without the marking fails "says so on every page of every file".
  run = await runCli(["--demo", "--reveal-secrets", "--format", FORMATS.join(","), "--out", out], { cwd: work.dir });
});
afterAll(async () => {
  await work?.cleanup();
});

describe("report --reveal-secrets", () => {
  it("keeps the values and warns", async () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("warning: --reveal-secrets");
    const evidence = await readFile(join(out, "evidence.json"), "utf8");
    for (const token of Object.values(TOKENS)) expect(evidence).toContain(JSON.stringify(token).slice(1, -1));
    const parsed = JSON.parse(evidence) as Evidence;
    expect(parsed.masking?.policy).toBe("revealed");
    expect(parsed.masking?.warning).toContain(MARKING);
  });

  it("says so on every page of every file of the output folder", async () => {
    const files = (await listFiles(out)).filter((f) => !f.endsWith("/"));
    expect(files.sort()).toEqual(Object.values(FILE_NAMES).sort());
    for (const file of files) {
      const path = join(out, file);
      if (file.endsWith(".pdf")) {
        const pages = execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8", maxBuffer: 64 << 20 })
          .split("\f")
          .filter((page) => page.trim() !== "");
        expect(pages.length).toBeGreaterThan(1);
        pages.forEach((page, index) => {
          expect(page, `${file} page ${index + 1}`).toContain(MARKING);
        });
      } else {
        expect(await readFile(path, "utf8"), file).toContain(MARKING);
      }
    }
  });

  it("marks the HTML's title, banner and printed pages, and every CSV row", async () => {
    const html = await readFile(join(out, "report.html"), "utf8");
    expect(/<title>[^<]*UNMASKED SECRETS[^<]*<\/title>/.test(html)).toBe(true);
    expect(html).toContain(`<strong>${MARKING}</strong>`);
    expect(/@top-right \{ content: "[^"]*UNMASKED SECRETS/.test(html)).toBe(true);
    const rows = parseCsv((await readFile(join(out, "images.csv"), "utf8")).replace(/^\uFEFF/, ""));
    expect(rows.length).toBeGreaterThan(1);
    const [header = [], ...body] = rows;
    expect(header.at(-1)).toBe("unmasked_secrets");
    for (const row of body) expect(row.at(-1)).toBe(MARKING);
  });

  it("findings.json, SARIF and JUnit carry the notice where their readers look", async () => {
    expect(catalogues["en-us"].unmaskedSecrets).toBe(MARKING);
    const findings = JSON.parse(await readFile(join(out, FILE_NAMES.findings), "utf8")) as Record<string, unknown>;
    expect(findings.unmasked_secrets).toBe(NOTICE);
    expect(findingsValidator()(findings)).toEqual([]);
    const sarif = JSON.parse(await readFile(join(out, FILE_NAMES.sarif), "utf8")) as Log;
    const [sarifRun] = sarif.runs;
    expect(sarifRun?.properties?.unmaskedSecrets).toBe(NOTICE);
    expect(sarifRun?.invocations?.[0]?.toolExecutionNotifications).toContainEqual({
      level: "warning",
      message: { text: NOTICE },
    });
    const junit = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (_name, _path, _leaf, attribute) => !attribute,
    }).parse(await readFile(join(out, FILE_NAMES.junit), "utf8")) as { testsuites: { testsuite: JunitSuite[] }[] };
    const suites = junit.testsuites[0]?.testsuite ?? [];
    // One suite per rule with findings: as many as the SARIF rules.
    expect(suites.length).toBe(sarifRun?.tool.driver.rules?.length);
    for (const suite of suites) {
      const properties = suite.properties[0]?.property ?? [];
      expect(properties.find((p) => p.name === "unmasked_secrets")?.value, suite.name).toBe(NOTICE);
      expect(suite["system-err"], suite.name).toEqual([NOTICE]);
    }
  });

  it("render --from the revealed evidence, without the flag, masks it again", async () => {
    const again = join(work.dir, "again");
    const rendered = await runCli(["render", "--from", join(out, "evidence.json"), "--out", again], { cwd: work.dir });
    expect(rendered.code, rendered.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(again, "evidence.json"), "utf8")) as Evidence;
    const original = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.masking?.policy).toBe("hss-reports/mask@4");
    expect(evidence.masking?.sealedBefore).toBe(original.sha256);
    // This render masked them, and the log says how many: the count its masking record holds.
    expect(evidence.masking?.masked).toBeGreaterThan(0);
    expect(rendered.stderr).toContain(
      `masked ${evidence.masking?.masked} secret values found in build instructions that the evidence held unmasked (`,
    );
    expect(rendered.stderr).toContain(`sealed before as ${original.sha256.slice(0, 12)}…); keys kept`);
    for (const file of (await listFiles(again)).filter((f) => !f.endsWith("/") && !f.endsWith(".pdf"))) {
      const text = await readFile(join(again, file), "utf8");
      expect(
        SECRET_VALUES.filter((value) => text.includes(value)),
        file,
      ).toEqual([]);
      expect(text, file).not.toContain(MARKING);
    }
  });
});

describe("--reveal-secrets is for one-off runs only", () => {
  it("is refused in a config file: exit 2, the key and the flag named, no report", async () => {
    const config = join(work.dir, "reveal.yaml");
    await writeFile(config, "demo: true\nreveal_secrets: true\n");
    const target = join(work.dir, "refused");
    const refused = await runCli(["--config", config, "--out", target], { cwd: work.dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("reveal_secrets is refused in a config file");
    expect(refused.stderr).toContain("--reveal-secrets");
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(target)).toEqual([]);
  });

  it("is refused by schedule: exit 2, nothing written", async () => {
    const target = join(work.dir, "scheduled");
    const refused = await runCli(["schedule", "--cron", "0 6 * * 1", "--demo", "--reveal-secrets", "--out", target], {
      cwd: work.dir,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("--reveal-secrets");
    expect(await listFiles(target)).toEqual([]);
  });

  it("is refused into a history folder (--out of one, or --keep): exit 2, both named, the history unchanged", async () => {
    const history = join(work.dir, "history");
    const first = await runCli(["--demo", "--format", "json,md", "--out", history, "--keep", "3"], { cwd: work.dir });
    expect(first.code, first.stderr).toBe(0);
    const snapshot = async () => {
      const files = await listFiles(history);
      return Object.fromEntries(
        await Promise.all(
          files
            .filter((f) => !f.endsWith("/") && f !== "latest")
            .map(async (f) => [f, await readFile(join(history, f), "utf8")]),
        ),
      );
    };
    const before = await snapshot();
    expect(Object.keys(before)).toContain("index.html");
    for (const args of [[], ["--keep", "3"]]) {
      const refused = await runCli(["--demo", "--reveal-secrets", "--out", history, ...args], { cwd: work.dir });
      expect(refused.code, args.join(" ")).toBe(2);
      expect(refused.stderr).toContain(
        `--reveal-secrets writes a one-off report; not into the history folder ${history}`,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(await snapshot()).toEqual(before);
    }
    // --keep makes a new folder a history folder too: refused before anything is written.
    const fresh = join(work.dir, "fresh-history");
    const keep = await runCli(["--demo", "--reveal-secrets", "--out", fresh, "--keep", "2"], { cwd: work.dir });
    expect(keep.code).toBe(2);
    expect(keep.stderr).toContain(`not into the history folder ${fresh}`);
    expect(await listFiles(fresh)).toEqual([]);
  });

  it("is refused inside a history folder (the default ./reports, a kept run): exit 2, the folder named", async () => {
    const cwd = join(work.dir, "inside");
    await mkdir(cwd);
    // ./reports is the default --out and schedule's default history folder.
    const first = await runCli(["--demo", "--format", "json,md", "--keep", "5", "--out", "reports"], { cwd });
    expect(first.code, first.stderr).toBe(0);
    const history = join(cwd, "reports");
    const [kept] = await listRuns(history);
    expect(kept).toBeDefined();
    const before = await listFiles(history);
    for (const args of [[], ["--out", join("reports", kept as string)]]) {
      const refused = await runCli(["--demo", "--reveal-secrets", ...args], { cwd });
      expect(refused.code, args.join(" ")).toBe(2);
      expect(refused.stderr).toContain(
        `--reveal-secrets writes a one-off report; not into the history folder ${history}`,
      );
      expect(refused.stderr).not.toMatch(/\n\s+at /);
      expect(await listFiles(history)).toEqual(before);
    }
    // The kept run is still the masked one that run wrote.
    const evidence = JSON.parse(await readFile(join(history, kept as string, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.masking?.policy).not.toBe("revealed");
  });

  it("a history run leaves out a revealed report put into its folder by hand, and warns", async () => {
    const history = join(work.dir, "adopt");
    const first = await runCli(["--demo", "--format", "json,md", "--keep", "5", "--out", history], { cwd: work.dir });
    expect(first.code, first.stderr).toBe(0);
    // A one-off revealed report (`out`, written by beforeAll) copied in under a run folder name older than the run.
    const [kept] = await listRuns(history);
    const stray = "2000-01-01T00-00-00Z";
    await cp(out, join(history, stray), { recursive: true });
    const next = await runCli(["--demo", "--format", "json,md", "--keep", "5", "--out", history], { cwd: work.dir });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain(
      `warning: ${join(history, stray)} holds a report written with --reveal-secrets (unmasked secrets): not part of the history`,
    );
    const runs = await listRuns(history);
    expect(runs).toContain(stray);
    const listed = runs.filter((run) => run !== stray);
    expect(listed).toHaveLength(2);
    expect(listed[0]).toBe(kept);
    const headlines = JSON.parse(await readFile(join(history, ".history.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(headlines).sort()).toEqual(listed);
    expect(await readFile(join(history, "index.html"), "utf8")).not.toContain(stray);
    expect((await readFile(join(history, "LATEST"), "utf8")).trim()).toBe(listed[1]);
    // The new run compared with the kept run, not with the revealed one.
    const evidence = JSON.parse(await readFile(join(history, listed[1] as string, "evidence.json"), "utf8")) as {
      assessment?: { changes?: { baseline?: string } };
    };
    expect(JSON.stringify(evidence.assessment)).not.toContain(stray);
  });
});
