// The formats for other tools end to end: the built CLI on the demo data and on the emulator's hostile data, read
// back by Microsoft's SARIF validator, ajv with the committed findings.schema.json, Chromium's strict XML parser
// and a CSV parser. Counts come from the raw API answers in evidence.json, never from the renderers' model.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence, RiskLevel } from "../../src/evidence/types.js";
import { RISK_LEVELS } from "../../src/model/types.js";
import { CSV_COLUMNS } from "../../src/render/csv.js";
import { GITHUB_LIMITS } from "../../src/render/sarif.js";
import { launchChromium } from "../helpers/browser.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { findingsValidator, parseJunit, validateSarif } from "../helpers/interop.js";
import { evidenceFindings } from "../helpers/pairs.js";

const FORMATS = "json,csv,findings,sarif,junit";
const OTHER_TOOLS = ["findings.json", "report.sarif", "junit.xml"];

let work: { dir: string; cleanup: () => Promise<void> };
let browser: Browser | undefined;
const validate = findingsValidator();

beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
});
afterAll(async () => {
  await browser?.close();
  await work?.cleanup();
});

const read = (dir: string, name: string) => readFile(join(dir, name), "utf8");

async function readAll(dir: string) {
  const evidence = JSON.parse(await read(dir, "evidence.json")) as Evidence;
  const findings = JSON.parse(await read(dir, "findings.json")) as {
    findings: { rule: { id: string }; waived: boolean }[];
  };
  const csvRows = parseCsv((await read(dir, "images.csv")).slice(1));
  return { evidence, findings, csvRows, junitXml: await read(dir, "junit.xml") };
}

/** GitHub code scanning's documented limits, checked on the file as it would be uploaded (gzip-compressed). */
async function expectWithinGitHubLimits(file: string): Promise<void> {
  const raw = await readFile(file);
  expect(gzipSync(raw).length).toBeLessThanOrEqual(10 * 1024 * 1024);
  const sarif = JSON.parse(raw.toString("utf8")) as {
    runs: { results: { locations: unknown[] }[]; tool: { driver: { rules: { properties: { tags: string[] } }[] } } }[];
  };
  expect(sarif.runs.length).toBeLessThanOrEqual(20);
  for (const run of sarif.runs) {
    expect(run.results.length).toBeLessThanOrEqual(GITHUB_LIMITS.resultsPerRun);
    expect(run.tool.driver.rules.length).toBeLessThanOrEqual(25_000);
    for (const rule of run.tool.driver.rules) expect(rule.properties.tags.length).toBeLessThanOrEqual(20);
    for (const result of run.results) expect(result.locations.length).toBeLessThanOrEqual(1000);
  }
}

/** Parses XML in Chromium: a strict XML 1.0 parser, as CI servers use. Returns its error, or what it counted. */
async function parseInChromium(xml: string): Promise<{ error?: string; failures: number; testcases: number }> {
  browser ??= await launchChromium();
  const page = await browser.newPage();
  try {
    return await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, "application/xml");
      const error = doc.querySelector("parsererror")?.textContent ?? undefined;
      return {
        ...(error ? { error } : {}),
        failures: doc.getElementsByTagName("failure").length,
        testcases: doc.getElementsByTagName("testcase").length,
      };
    }, xml);
  } finally {
    await page.close();
  }
}

describe("on the demo data", () => {
  const out = () => join(work.dir, "demo");
  let gate: RiskLevel;
  let waivedRule: string;
  let exitCode: number | null;

  beforeAll(async () => {
    // A first run to learn the demo's rules: then a gate at the second-worst level present and one rule waived.
    const probe = join(work.dir, "probe");
    const first = await runCli(["--format", "json", "--out", probe], { cwd: work.dir });
    expect(first.code, first.stderr).toBe(0);
    const pairs = evidenceFindings(JSON.parse(await read(probe, "evidence.json")) as Evidence);
    const levels = RISK_LEVELS.filter((level) => pairs.some((p) => p.level === level));
    expect(levels.length).toBeGreaterThan(1);
    gate = levels[1] as RiskLevel;
    waivedRule = pairs.find((p) => p.level === levels[0])?.ruleId as string;
    const waivers = join(work.dir, "waivers.json");
    await writeFile(
      waivers,
      JSON.stringify([{ rule: waivedRule, image: "**", reason: "vendor", approver: "alice", expires: "2099-12-31" }]),
    );
    const run = await runCli(["--format", FORMATS, "--fail-on", gate, "--waivers", waivers, "--out", out()], {
      cwd: work.dir,
    });
    // Exit 4 when the gate counts any finding: checked below against the count.
    expect([0, 4], run.stderr).toContain(run.code);
    exitCode = run.code;
  });

  /** The verdict computed from the raw answers: unwaived findings at or above the gate, the worst unwaived level. */
  const verdictOf = (evidence: Evidence) => {
    const unwaived = evidenceFindings(evidence).filter((p) => p.ruleId !== waivedRule);
    const counted = unwaived.filter((p) => RISK_LEVELS.indexOf(p.level) <= RISK_LEVELS.indexOf(gate)).length;
    return { counted, worst: RISK_LEVELS.find((level) => unwaived.some((p) => p.level === level)) };
  };

  it("junit.xml: its failures are the unwaived findings at or above --fail-on, the gate's count", async () => {
    const { evidence, junitXml } = await readAll(out());
    const pairs = evidenceFindings(evidence);
    const { counted } = verdictOf(evidence);
    expect(counted).toBeGreaterThan(0);
    expect(exitCode).toBe(4);
    const junit = parseJunit(junitXml);
    expect(junit.totals.failures).toBe(counted);
    expect(junit.cases.filter((c) => c.failure)).toHaveLength(counted);
    // The gate's own count, as evidence.json states the run's verdict.
    expect(evidence.assessment?.summary?.gate?.findings).toBe(counted);
    expect(junit.totals.skipped).toBe(pairs.filter((p) => p.ruleId === waivedRule).length);
    expect(junit.totals.tests).toBe(pairs.length);
    const strict = await parseInChromium(junitXml);
    expect(strict.error).toBeUndefined();
    expect(strict.failures).toBe(counted);
  });

  it("findings.json validates against the committed schema and has one record per CSV row", async () => {
    const { evidence, findings, csvRows } = await readAll(out());
    expect(validate(findings)).toEqual([]);
    expect(findings.findings).toHaveLength(csvRows.length - 1);
    expect(findings.findings).toHaveLength(evidenceFindings(evidence).length);
    expect(findings.findings.filter((f) => f.waived).every((f) => f.rule.id === waivedRule)).toBe(true);
    const { counted, worst } = verdictOf(evidence);
    expect(counted).toBeGreaterThan(0);
    expect((findings as unknown as { gate: unknown }).gate).toEqual({
      fail_on: gate,
      passed: false,
      findings: counted,
      worst_level: worst,
    });
  });

  it("report.sarif: no error from Microsoft's SARIF validator, within GitHub's limits, one result per finding", async () => {
    const file = join(out(), "report.sarif");
    const found = await validateSarif(file);
    expect(found.filter((f) => f.level === "error")).toEqual([]);
    await expectWithinGitHubLimits(file);
    const sarif = JSON.parse(await read(out(), "report.sarif")) as {
      runs: {
        results: { suppressions?: unknown }[];
        invocations: {
          executionSuccessful: boolean;
          properties: { gate: unknown };
          toolExecutionNotifications: { level: string; message: { text: string } }[];
        }[];
      }[];
    };
    const { evidence } = await readAll(out());
    expect(sarif.runs[0]?.results).toHaveLength(evidenceFindings(evidence).length);
    expect(sarif.runs[0]?.results.filter((r) => r.suppressions)).toHaveLength(
      evidenceFindings(evidence).filter((p) => p.ruleId === waivedRule).length,
    );
    // The failed gate: a completed run (executionSuccessful) whose verdict is an error notification with the count.
    const { counted, worst } = verdictOf(evidence);
    const invocation = sarif.runs[0]?.invocations[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.properties.gate).toEqual({ failOn: gate, passed: false, findings: counted, worstLevel: worst });
    const errors = invocation?.toolExecutionNotifications.filter((n) => n.level === "error") ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message.text).toContain(`failed: ${counted} unwaived findings at or above`);
  });

  it("render --from writes the same three files from evidence.json, with no network", async () => {
    const again = join(work.dir, "again");
    const waivers = join(work.dir, "waivers.json");
    const run = await runCli(
      [
        "render",
        "--from",
        join(out(), "evidence.json"),
        "--format",
        "findings,sarif,junit",
        "--waivers",
        waivers,
        "--out",
        again,
      ],
      { cwd: work.dir },
    );
    expect([0, 4]).toContain(run.code);
    for (const name of OTHER_TOOLS) expect(await read(again, name), name).toBe(await read(out(), name));
  });

  it("render --from with another --fail-on: junit.xml fails what that gate counts, the recorded waivers skipped", async () => {
    const other = join(work.dir, "other-gate");
    const run = await runCli(
      [
        "render",
        "--from",
        join(out(), "evidence.json"),
        "--format",
        "junit,findings",
        "--fail-on",
        "low",
        "--out",
        other,
      ],
      { cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(4);
    const { evidence } = await readAll(out());
    // A re-render applies the waivers its evidence recorded; at "low" every other finding counts.
    const all = evidenceFindings(evidence).length;
    const waived = evidence.assessment?.waivers?.length ?? 0;
    expect(waived).toBeGreaterThan(0);
    expect(parseJunit(await read(other, "junit.xml")).totals.failures).toBe(all - waived);
    expect(parseJunit(await read(other, "junit.xml")).totals.skipped).toBe(waived);
    expect((JSON.parse(await read(other, "findings.json")) as { fail_on?: string }).fail_on).toBe("low");
  });

  it("images.csv has the same column identifiers in every language", async () => {
    const zh = join(work.dir, "zh");
    const run = await runCli(["--format", "csv", "--lang", "zh-cn", "--out", zh], { cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    const { csvRows } = await readAll(out());
    expect(csvRows[0]).toEqual(CSV_COLUMNS);
    expect(parseCsv((await read(zh, "images.csv")).slice(1))[0]).toEqual(CSV_COLUMNS);
  });
});

describe("on hostile data", () => {
  const TOKEN = "tok-INTEROP-HOSTILE-2c7e";
  let hss: RunningEmulator;
  let out: string;

  beforeAll(async () => {
    hss = await startEmulator({ seed: "h3", images: 40, hostile: true, tokens: [TOKEN] });
    out = join(work.dir, "hostile");
    const run = await runCli(
      ["--endpoint", hss.url, "--project-id", hss.projectId, "--format", FORMATS, "--out", out],
      { env: { HSS_AUTH_TOKEN: TOKEN }, cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await hss?.close();
  });

  it("report.sarif: no error from Microsoft's SARIF validator, within GitHub's limits", async () => {
    const file = join(out, "report.sarif");
    expect((await validateSarif(file)).filter((f) => f.level === "error")).toEqual([]);
    await expectWithinGitHubLimits(file);
    const sarif = JSON.parse(await read(out, "report.sarif")) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results).toHaveLength(evidenceFindings((await readAll(out)).evidence).length);
  });

  it("junit.xml is well-formed XML 1.0 for a strict parser, one testcase per finding, no gate: every one fails", async () => {
    const { evidence, junitXml } = await readAll(out);
    const strict = await parseInChromium(junitXml);
    expect(strict.error).toBeUndefined();
    const count = evidenceFindings(evidence).length;
    expect(strict.testcases).toBe(count);
    expect(strict.failures).toBe(count);
    expect(parseJunit(junitXml).totals.failures).toBe(count);
  });

  it("findings.json validates and keeps the hostile values exactly", async () => {
    const { evidence, findings, csvRows } = await readAll(out);
    expect(validate(findings)).toEqual([]);
    expect(findings.findings).toHaveLength(csvRows.length - 1);
    const text = await read(out, "findings.json");
    // Each instruction of the answers is in the records as HSS sent it (JSON keeps any character).
    const records = JSON.parse(text) as { findings: { instructions: { instruction: string | null }[] }[] };
    const written = new Set(records.findings.flatMap((f) => f.instructions.map((i) => i.instruction)));
    for (const r of evidence.responses) {
      if (r.operation !== "ListImageBuildCommandRisksImages") continue;
      for (const image of r.body.data_list) {
        for (const risk of image.risk_detail_info.risk_list) {
          expect(written.has(risk.build_instruction === "--" ? null : (risk.build_instruction ?? ""))).toBe(true);
        }
      }
    }
  });
});
