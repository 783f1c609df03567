// End to end: every format states the same numbers, the numbers are right (computed here from the data read), and
// the gate's verdict and exit code follow from them. The built CLI in a child process, as `pnpm report` runs it.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence, RiskLevel } from "../src/evidence/types.js";
import { messages } from "../src/i18n/index.js";
import { assertBuilt, runCli, tempDir } from "./helpers/cli.js";
import { parseCsv } from "./helpers/csv.js";

const TOKEN = "tok-semantics-0b7d41c9e2";
const LEVELS: RiskLevel[] = ["critical", "high", "medium", "low"];
const m = messages("en-us");

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let outCount = 0;
const freshOut = () => join(work.dir, `out-${++outCount}`);
const target = () => ["--endpoint", emulator.url, "--project-id", emulator.projectId];
const env = () => ({ HSS_AUTH_TOKEN: TOKEN });

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "semantics", images: 60, tokens: [TOKEN] });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

/** What the run read, from its evidence's responses (not from the report): findings as (scope, kind, rule, image). */
function truthOf(evidence: Evidence) {
  const levels = new Map<string, RiskLevel>();
  for (const r of evidence.responses) {
    if (r.operation !== "ListImageBuildCommandRisks") continue;
    for (const rule of r.body.data_list)
      levels.set(`${r.scopeId}|${r.query.image_type}|${rule.rule_id}`, rule.risk_level);
  }
  const findings = new Map<string, { ruleId: string; level: RiskLevel; image: string }>();
  for (const r of evidence.responses) {
    if (r.operation !== "ListImageBuildCommandRisksImages") continue;
    const level = levels.get(`${r.scopeId}|${r.query.image_type}|${r.query.rule_id}`) as RiskLevel;
    for (const image of r.body.data_list) {
      const id = `${r.scopeId}|${image.image_id || image.image_digest}`;
      findings.set(`${r.scopeId}|${r.query.image_type}|${r.query.rule_id}|${id}`, {
        ruleId: String(r.query.rule_id),
        level,
        image: id,
      });
    }
  }
  const all = [...findings.values()];
  return {
    findings: all,
    ruleIds: new Set(all.map((f) => f.ruleId)),
    listings: new Set([...findings.keys()].map((k) => k.split("|").slice(0, 3).join("|"))),
  };
}

/** The headline table of summary.md as label -> value. */
function mdHeadline(md: string): Map<string, string> {
  const lines = md.split("\n").filter((l) => l.startsWith("| "));
  const cells = (line: string) =>
    line
      .slice(2, -2)
      .split(" | ")
      .map((c) => c.trim());
  const [head, , values] = lines;
  const labels = cells(head ?? "");
  return new Map(labels.map((label, i) => [label, cells(values ?? "")[i] ?? ""]));
}

async function outputs(out: string) {
  const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
  const md = await readFile(join(out, "summary.md"), "utf8");
  const html = await readFile(join(out, "report.html"), "utf8");
  const csv = parseCsv((await readFile(join(out, "images.csv"), "utf8")).replace(/^\uFEFF/, ""));
  const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "report.pdf"), "-"], { encoding: "utf8" });
  return { evidence, md, html, csv, pdf };
}

describe("a rule is its rule_id, in every format", () => {
  it("the demo counts each rule id once, with one section per rule", async () => {
    const out = freshOut();
    const run = await runCli(["--demo", "--out", out], { cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    const { evidence, md, html, csv, pdf } = await outputs(out);
    const truth = truthOf(evidence);
    // The demo lists rules for both image kinds: counting listings would give more than the rule ids.
    expect(truth.listings.size).toBeGreaterThan(truth.ruleIds.size);
    const rules = truth.ruleIds.size;

    expect(mdHeadline(md).get(m.t("summary.rulesWithFindings"))).toBe(m.number(rules));
    expect(html.split('<section class="rule ').length - 1).toBe(rules);
    expect(pdf).toContain(
      m.t("summary.sentence", {
        images: m.number(new Set(truth.findings.map((f) => f.image)).size),
        rules: m.number(rules),
        findings: m.number(truth.findings.length),
      }),
    );
    const ruleColumn = csv[0]?.indexOf("rule_id") ?? -1;
    expect(new Set(csv.slice(1).map((row) => row[ruleColumn])).size).toBe(rules);
    expect(csv.length - 1).toBe(truth.findings.length);
    const summary = evidence.assessment?.summary;
    expect(summary?.rulesWithFindings).toBe(rules);
    expect(summary?.rules.map((r) => r.ruleId).sort()).toEqual([...truth.ruleIds].sort());
    // Per level: distinct rule ids at that level.
    for (const level of LEVELS) {
      const atLevel = new Set(truth.findings.filter((f) => f.level === level).map((f) => f.ruleId));
      expect(summary?.byLevel[level].rules, level).toBe(atLevel.size);
    }
  }, 120_000);

  it("--rule with one rule id says 1 rule, though both image kinds list it", async () => {
    const listed = (kind: "cicd" | "registry") =>
      new Set(
        emulator.dataset
          .rules(emulator.projectId, kind)
          .filter((r) => emulator.dataset.images(emulator.projectId, kind, r.rule_id).length > 0)
          .map((r) => r.rule_id),
      );
    const both = [...listed("cicd")].find((id) => listed("registry").has(id));
    expect(both).toBeDefined();
    const out = freshOut();
    const run = await runCli([...target(), "--rule", String(both), "--format", "json,md", "--out", out], {
      env: env(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(truthOf(evidence).listings.size).toBe(2);
    expect(evidence.assessment?.summary?.rulesWithFindings).toBe(1);
    expect(evidence.assessment?.summary?.rules[0]?.listings.map((l) => l.imageKind)).toEqual(["cicd", "registry"]);
    const md = await readFile(join(out, "summary.md"), "utf8");
    expect(mdHeadline(md).get(m.t("summary.rulesWithFindings"))).toBe("1");
  }, 60_000);
});
