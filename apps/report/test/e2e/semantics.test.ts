// End to end: every format states the same numbers, the numbers are right (computed here from the data read), and
// the gate's verdict and exit code follow from them. The built CLI in a child process, as `pnpm report` runs it.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence, RiskLevel } from "../../src/evidence/types.js";
import { messages } from "../../src/i18n/index.js";
import { assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { evidenceFindings } from "../helpers/pairs.js";

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
  emulator = await startEmulator({
    seed: "semantics",
    images: 60,
    tokens: [TOKEN],
    projects: [{ projectId: "proj-a" }, { projectId: "proj-b", images: 30 }],
  });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

/** What the run read, from its evidence's responses (not from the report): findings, rule ids, rule listings. */
function truthOf(evidence: Evidence) {
  const findings = evidenceFindings(evidence);
  return {
    findings,
    ruleIds: new Set(findings.map((f) => f.ruleId)),
    listings: new Set(findings.map((f) => `${f.scopeId}|${f.imageKind}|${f.ruleId}`)),
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
      m.count("summary.sentence", new Set(truth.findings.map((f) => f.imageKey)).size, {
        images: m.count("summary.imageCount", new Set(truth.findings.map((f) => f.imageKey)).size),
        rules: m.count("summary.ruleCount", rules),
        findings: m.count("md.findingCount", truth.findings.length),
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
  });
});

/** A fleet config of the emulator's two projects, plus `extra` scope lines. */
async function fleetConfig(name: string, extra: string[] = []): Promise<string> {
  const file = join(work.dir, name);
  const lines = [
    "credentials: { token_env: SEM_TOKEN }",
    "scopes:",
    `  - { endpoint: "${emulator.url}", project_id: proj-a }`,
    `  - { endpoint: "${emulator.url}", project_id: proj-b }`,
    ...extra,
  ];
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}
const fleetEnv = () => ({ SEM_TOKEN: TOKEN });
const rank = (level: RiskLevel) => LEVELS.indexOf(level);
const count = (text: string, needle: string) => text.split(needle).length - 1;

describe("the gate", () => {
  it("states the --fail-on verdict in every format and on stderr even with --quiet: count, worst level, exit 4", async () => {
    // Waive one critical rule everywhere: the verdict counts only unwaived findings.
    const first = freshOut();
    expect((await runCli([...target(), "--format", "json", "--out", first], { env: env(), cwd: work.dir })).code).toBe(
      0,
    );
    const all = truthOf(JSON.parse(await readFile(join(first, "evidence.json"), "utf8")) as Evidence).findings;
    const critical = [...new Set(all.filter((f) => f.level === "critical").map((f) => f.ruleId))].sort();
    expect(critical.length).toBeGreaterThan(1);
    const waived = critical[0] as string;
    const waivers = join(work.dir, "gate-waivers.yaml");
    await writeFile(
      waivers,
      [
        "waivers:",
        `  - { rule: ${waived}, image: "**", reason: accepted, approver: sec@example.com, expires: 2099-01-01 }`,
        `  - { rule: NO-SUCH-RULE, image: "**", reason: stale, approver: sec@example.com, expires: 2099-01-01 }`,
        "",
      ].join("\n"),
    );

    const out = freshOut();
    const run = await runCli([...target(), "--waivers", waivers, "--fail-on", "high", "--quiet", "--out", out], {
      env: env(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(4);
    const { evidence, md, html, csv, pdf } = await outputs(out);
    const findings = truthOf(evidence).findings;
    const counted = findings.filter((f) => f.ruleId !== waived && rank(f.level) <= rank("high"));
    const worst = LEVELS.find((l) => findings.some((f) => f.ruleId !== waived && f.level === l)) as RiskLevel;
    expect(counted.length).toBeGreaterThan(0);

    // --quiet: no progress, but the warning about the waiver that matches nothing and the verdict.
    const lines = run.stderr.trim().split("\n");
    expect(lines).toContain(
      `--fail-on high: FAILED: ${counted.length} unwaived finding${counted.length === 1 ? "" : "s"} at or above high (worst: ${worst})`,
    );
    expect(lines.filter((l) => l.startsWith("warning:") && l.includes("NO-SUCH-RULE"))).toHaveLength(1);
    expect(lines.every((l) => l.startsWith("warning:") || l.startsWith("--fail-on"))).toBe(true);

    const sentence = `${m.t("gate.label", { level: "high" })}: ${m.count("gate.failed", counted.length, {
      level: m.level("high"),
      worst: m.level(worst),
    })}`;
    expect(md).toContain(`**${sentence.replace(/[\\`*_{}[\]<>#+!|~&]/g, (c) => `\\${c}`)}**`);
    expect(html).toContain(sentence);
    expect(pdf.replace(/\s+/g, " ")).toContain(sentence);
    const gateColumn = csv[0]?.indexOf("counts_for_gate") ?? -1;
    expect(gateColumn).toBeGreaterThan(0);
    expect(csv.slice(1).filter((row) => row[gateColumn] === "yes")).toHaveLength(counted.length);
    expect(evidence.assessment?.summary?.gate).toEqual({
      level: "high",
      passed: false,
      findings: counted.length,
      worstLevel: worst,
    });
  }, 120_000);

  it("a gate that passes says so, and exits 0", async () => {
    const out = freshOut();
    // Only low-level rules are read: nothing can be at or above critical.
    const run = await runCli(
      [
        ...target(),
        "--image-type",
        "cicd",
        "--risk-level",
        "low",
        "--fail-on",
        "critical",
        "--format",
        "json,md",
        "--out",
        out,
      ],
      { env: env(), cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain("--fail-on critical: passed: no unwaived finding at or above critical");
    const md = await readFile(join(out, "summary.md"), "utf8");
    expect(md).toContain(m.t("gate.passed", { level: m.level("critical") }));
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.assessment?.summary?.gate).toMatchObject({ level: "critical", passed: true, findings: 0 });
  });

  it("--rule naming a rule no scope lists is exit 2, naming it; nothing is written", async () => {
    const out = freshOut();
    const run = await runCli([...target(), "--rule", "BCR-00O1", "--fail-on", "low", "--out", out], {
      env: env(),
      cwd: work.dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^usage error: --rule BCR-00O1: no scope lists this rule \(rules listed: BCR-/m);
    expect(await listFiles(out)).toEqual([]);
  });
});

describe("a fleet with a scope that cannot be read", () => {
  const broken = () => [`  - { endpoint: "${emulator.url}", project_id: no-such-project }`];
  const brokenId = () => `${new URL(emulator.url).host}/no-such-project`;

  it("without --allow-partial: exit 3, the failure printed once, nothing written", async () => {
    const out = freshOut();
    const config = await fleetConfig("fleet-broken.yaml", broken());
    const run = await runCli(["--config", config, "--out", out], { env: fleetEnv(), cwd: work.dir });
    expect(run.code).toBe(3);
    expect(count(run.stderr, brokenId())).toBe(1);
    expect(await listFiles(out)).toEqual([]);
  });

  it("with --allow-partial: exit 6 (4 when the gate fails too); summary.md names the scope not read and why", async () => {
    const out = freshOut();
    const config = await fleetConfig("fleet-partial.yaml", broken());
    const run = await runCli(["--config", config, "--allow-partial", "--quiet", "--out", out], {
      env: fleetEnv(),
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(6);
    // Printed once, even with --quiet: the report is PARTIAL.
    expect(count(run.stderr, brokenId())).toBe(1);
    expect(run.stderr).toMatch(/^warning: PARTIAL report: scope \S+\/no-such-project could not be read: /m);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    const [failure] = evidence.failures;
    expect(failure?.scopeId).toBe(brokenId());
    const md = await readFile(join(out, "summary.md"), "utf8");
    const scopeLine = md.split("\n").find((l) => l.startsWith(`- ${m.t("meta.scope")}:`)) ?? "";
    expect(scopeLine).not.toContain("no-such-project");
    const partial = md.slice(md.indexOf(`### ${m.t("md.partialScopes")}`));
    expect(partial.split("\n")[2]).toContain("no-such-project");
    expect(partial.split("\n")[2]).toContain(String(failure?.message.slice(0, 20)));

    const gated = await runCli(["--config", config, "--allow-partial", "--fail-on", "low", "--out", freshOut()], {
      env: fleetEnv(),
      cwd: work.dir,
    });
    expect(gated.code, gated.stderr).toBe(4);
  }, 120_000);
});

describe("render --from", () => {
  const files = ["report.html", "report.pdf", "evidence.json", "images.csv", "summary.md"];

  it("reproduces the report the run wrote: same id, waivers and changes, byte for byte in every format", async () => {
    const em = await startEmulator({ seed: "render-again", images: 40, tokens: [TOKEN] });
    try {
      const args = ["--endpoint", em.url, "--project-id", em.projectId];
      const first = freshOut();
      expect((await runCli([...args, "--format", "json", "--out", first], { env: env(), cwd: work.dir })).code).toBe(0);
      em.mutate({ steps: 3 });
      const firstEvidence = JSON.parse(await readFile(join(first, "evidence.json"), "utf8")) as Evidence;
      const waived = truthOf(firstEvidence).findings[0]?.ruleId as string;
      const waivers = join(work.dir, "render-waivers.yaml");
      await writeFile(
        waivers,
        `waivers:\n  - { rule: ${waived}, image: "**", reason: accepted, approver: a@example.com, expires: 2099-01-01 }\n`,
      );
      const out = freshOut();
      const run = await runCli(
        [...args, "--baseline", join(first, "evidence.json"), "--waivers", waivers, "--fail-on", "high", "--out", out],
        { env: env(), cwd: work.dir },
      );
      expect([0, 4]).toContain(run.code);
      const written = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
      // The run had something to reproduce: waived findings and changes.
      expect(written.assessment?.waivers?.length).toBeGreaterThan(0);
      expect(
        (written.assessment?.changes?.new.length ?? 0) + (written.assessment?.changes?.resolved.length ?? 0),
      ).toBeGreaterThan(0);

      // No network, no waivers file, no baseline: only the evidence.
      const again = freshOut();
      const render = await runCli(["render", "--from", join(out, "evidence.json"), "--out", again], { cwd: work.dir });
      expect(render.code, render.stderr).toBe(run.code);
      for (const name of files) {
        expect(await readFile(join(again, name)), name).toEqual(await readFile(join(out, name)));
      }

      // Other waivers: it says so and carries its own id (the original's id named).
      const other = freshOut();
      await writeFile(join(work.dir, "no-waivers.yaml"), "waivers: []\n");
      const rerun = await runCli(
        [
          "render",
          "--from",
          join(out, "evidence.json"),
          "--waivers",
          join(work.dir, "no-waivers.yaml"),
          "--out",
          other,
        ],
        { cwd: work.dir },
      );
      expect([0, 4]).toContain(rerun.code);
      const id = `HSS-${written.sha256.slice(0, 12).toUpperCase()}`;
      const md = await readFile(join(other, "summary.md"), "utf8");
      expect(md).toMatch(new RegExp(`^## .* ${id}-[0-9A-F]{6}`));
      expect(md).toContain(m.t("meta.derivedFrom", { reportId: id, what: m.t("derived.waivers") }));
      const html = await readFile(join(other, "report.html"), "utf8");
      expect(html).toContain(m.t("meta.derivedFrom", { reportId: id, what: m.t("derived.waivers") }));
      expect((await readFile(join(out, "summary.md"), "utf8")).split("\n")[0]).toContain(` ${id}`);

      // --lang: other words, the same id and numbers.
      const zh = freshOut();
      const zhRun = await runCli(["render", "--from", join(out, "evidence.json"), "--lang", "zh-cn", "--out", zh], {
        cwd: work.dir,
      });
      expect(zhRun.code, zhRun.stderr).toBe(run.code);
      const zhMd = await readFile(join(zh, "summary.md"), "utf8");
      const zhM = messages("zh-cn");
      expect(zhMd.split("\n")[0]).toBe(`## ${zhM.t("title")} ${id}`);
      expect(mdHeadline(zhMd).get(zhM.t("summary.waived"))).toBe(
        mdHeadline(await readFile(join(out, "summary.md"), "utf8")).get(m.t("summary.waived")),
      );
    } finally {
      await em.close();
    }
  }, 180_000);
});

describe("summary.md of a fleet", () => {
  it("names the scope of each new, resolved and waived finding", async () => {
    const config = await fleetConfig("fleet-md.yaml");
    const first = freshOut();
    const one = await runCli(["--config", config, "--format", "json", "--out", first], {
      env: fleetEnv(),
      cwd: work.dir,
    });
    expect(one.code, one.stderr).toBe(0);
    emulator.mutate({ steps: 4, projectId: "proj-a" });
    emulator.mutate({ steps: 4, projectId: "proj-b" });
    const firstEvidence = JSON.parse(await readFile(join(first, "evidence.json"), "utf8")) as Evidence;
    // Waive the rule with the most findings, in every scope.
    const counts = new Map<string, number>();
    for (const f of truthOf(firstEvidence).findings) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    const waived = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
    const waivers = join(work.dir, "fleet-md-waivers.yaml");
    await writeFile(
      waivers,
      `waivers:\n  - { rule: ${waived}, image: "**", reason: accepted, approver: a@example.com, expires: 2099-01-01 }\n`,
    );
    const out = freshOut();
    const run = await runCli(
      [
        "--config",
        config,
        "--baseline",
        join(first, "evidence.json"),
        "--waivers",
        waivers,
        "--format",
        "json,md",
        "--out",
        out,
      ],
      { env: fleetEnv(), cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    const md = await readFile(join(out, "summary.md"), "utf8");
    const scopes = evidence.run.scopes.map((s) => s.id);
    const listed = (title: string): string[] => {
      const start = md.indexOf(`\n${title}:\n\n`);
      if (start < 0) return [];
      const rest = md.slice(start + title.length + 4);
      return rest
        .slice(0, rest.indexOf("\n\n"))
        .split("\n")
        .filter((l) => l.startsWith("- ") && !l.includes("…"));
    };
    const refs = (list: { scopeId: string; ruleId: string; image: string }[] | undefined) =>
      new Set((list ?? []).map((r) => `${r.scopeId} · ${r.ruleId} · ${r.image}`));
    const check = (lines: string[], expected: Set<string>) => {
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        // `- scope · Level · RULE-ID name · image`
        const [scope, , rule, image] = line.slice(2).split(" · ");
        expect(scopes).toContain(scope);
        expect(expected).toContain(`${scope} · ${rule?.split(" ")[0]} · ${image?.replace(/\\/g, "")}`);
      }
    };
    check(listed(m.t("changes.new")), refs(evidence.assessment?.changes?.new));
    check(listed(m.t("changes.resolved")), refs(evidence.assessment?.changes?.resolved));
    // Waiver lines list example findings: each `scope · level · rule · image`, separated by "; ".
    const waiverLine = md.split("\n").find((l) => l.startsWith(`- ${m.t("waiver.waived")} · `)) ?? "";
    const examples = (/ · [\d,]+ findings: (.*)$/.exec(waiverLine)?.[1] ?? "").split("; ");
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples.filter((e) => !e.startsWith("…"))) {
      expect(scopes).toContain(example.split(" · ")[0]);
    }
  }, 180_000);
});
