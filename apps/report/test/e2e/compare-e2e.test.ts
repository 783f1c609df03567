// End to end: a run is compared with its baseline only on what both read. The built CLI in a child process against
// the emulator; what is expected is computed from the evidence the runs wrote (their parameters and responses).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence, FindingRef, RiskLevel } from "../../src/evidence/types.js";
import { messages } from "../../src/i18n/index.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { evidenceFindings } from "../helpers/pairs.js";

const TOKEN = "tok-compare-5d21c8e0a4";
const LEVELS: RiskLevel[] = ["critical", "high", "medium", "low"];
const m = messages("en-us");

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
const target = (projectId: string) => ["--endpoint", emulator.url, "--project-id", projectId];
const env = (now?: string) => ({ HSS_AUTH_TOKEN: TOKEN, ...(now ? { HSS_REPORT_NOW: now } : {}) });

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({
    seed: "compare",
    images: 40,
    tokens: [TOKEN],
    projects: [{ projectId: "proj-a" }, { projectId: "proj-b" }],
  });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

const refKey = (f: Pick<FindingRef, "scopeId" | "ruleId" | "image" | "digest">) =>
  `${f.scopeId} ${f.ruleId} ${f.image} ${f.digest}`;
const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, "utf8")) as T;
const FORMATS = "html,pdf,json,md,findings";
const words = (text: string) => text.replace(/\s+/g, " ");

describe("a history run with --risk-level critical, then one without, on unchanged data", () => {
  it("finds nothing new or resolved, and every format names the levels only the second run read", async () => {
    const hist = join(work.dir, "hist-levels");
    const first = await runCli(
      [...target("proj-a"), "--risk-level", "critical", "--format", "json,md", "--out", hist, "--keep", "5"],
      { env: env("2026-12-01T06:00:00Z"), cwd: work.dir },
    );
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(
      [...target("proj-a"), "--format", "html,pdf,json,csv,md,findings", "--out", hist, "--keep", "5"],
      { env: env("2026-12-02T06:00:00Z"), cwd: work.dir },
    );
    expect(second.code, second.stderr).toBe(0);
    const out = join(hist, "2026-12-02T06-00-00Z");
    const before = await readJson<Evidence>(join(hist, "2026-12-01T06-00-00Z", "evidence.json"));
    const evidence = await readJson<Evidence>(join(out, "evidence.json"));

    // Expected, from the runs' own records: the levels the first run was given, and the findings the second read.
    const compared = LEVELS.filter((l) => before.run.parameters.riskLevels.includes(l));
    const onlyNow = LEVELS.filter((l) => !compared.includes(l));
    const truth = evidenceFindings(evidence);
    const inside = truth.filter((f) => compared.includes(f.level));
    const outside = truth.length - inside.length;
    expect(compared).toEqual(["critical"]);
    expect(inside.length).toBeGreaterThan(0);
    expect(outside).toBeGreaterThan(0);

    const changes = evidence.assessment?.changes;
    expect(changes?.new).toEqual([]);
    expect(changes?.resolved).toEqual([]);
    expect(changes?.unchanged).toBe(inside.length);
    expect(changes?.comparison?.outside).toBe(outside);
    expect(changes?.comparison?.differences).toEqual([
      { dimension: "riskLevels", compared, currentOnly: onlyNow, baselineOnly: [] },
    ]);

    const labels = (levels: RiskLevel[]) => (levels.length ? levels.map((l) => m.level(l)).join(", ") : m.t("none"));
    const sentence = m.count("changes.outside", outside);
    const md = await readFile(join(out, "summary.md"), "utf8");
    expect(md).toContain(
      `${m.t("changes.new")}: **0** · ${m.t("changes.resolved")}: **0** · ${m.t("changes.unchanged")}: ${m.number(inside.length)}`,
    );
    expect(md).toContain(`**${sentence}**`);
    expect(md).toContain(
      `- ${m.t("changes.dimension.riskLevels")}: ${m.t("changes.compared")}: ${labels(compared)} · ` +
        `${m.t("changes.currentOnly")}: ${labels(onlyNow)} · ${m.t("changes.baselineOnly")}: ${m.t("none")}`,
    );

    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html).toContain(`<p class="compare" id="compared" role="note">${sentence}</p>`);
    expect(html).toContain(
      `<tr><th scope="row">${m.t("changes.dimension.riskLevels")}</th><td>${labels(compared)}</td><td>${labels(onlyNow)}</td><td>${m.t("none")}</td></tr>`,
    );

    const pdf = words(execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "report.pdf"), "-"], { encoding: "utf8" }));
    expect(pdf).toContain(words(sentence));
    // pdftotext reads the table column by column: each head is followed by its value.
    expect(pdf).toContain(`${m.t("changes.dimension")} ${m.t("changes.dimension.riskLevels")}`);
    expect(pdf).toContain(`${m.t("changes.compared")} ${labels(compared)}`);
    expect(pdf).toContain(`${m.t("changes.currentOnly")} ${labels(onlyNow)}`);
    expect(pdf).toContain(`${m.t("changes.baselineOnly")} ${m.t("none")}`);

    const findings = await readJson<{
      not_compared?: unknown;
      findings: { rule: { level: RiskLevel }; change?: string }[];
    }>(join(out, "findings.json"));
    expect(findings.not_compared).toEqual([
      { dimension: "risk_levels", compared, this_run_only: onlyNow, baseline_only: [] },
    ]);
    expect(findings.findings).toHaveLength(truth.length);
    for (const f of findings.findings) {
      expect(f.change).toBe(compared.includes(f.rule.level) ? "unchanged" : undefined);
    }
    const csv = parseCsv((await readFile(join(out, "images.csv"), "utf8")).replace(/^\uFEFF/, ""));
    const [head, ...rows] = csv;
    const level = head?.indexOf("level") ?? -1;
    const change = head?.indexOf("change") ?? -1;
    for (const row of rows) {
      expect(row[change]).toBe(compared.includes(row[level] as RiskLevel) ? "unchanged" : "");
    }

    // The history index tags the run: its new and resolved cover only part of it.
    const index = await readFile(join(hist, "index.html"), "utf8");
    expect(index).toContain(m.count("history.notCompared", outside));

    // The run log says it too, in the report's English words.
    expect(second.stderr).toContain(`warning: compared with `);
    expect(second.stderr).toContain(`${m.t("changes.currentOnly")}: ${labels(onlyNow)}`);
  }, 180_000);
});

describe("runs of different scopes", () => {
  it("an explicit --baseline of another project is exit 2 naming it and both scopes, before any API call", async () => {
    const a = join(work.dir, "scope-a");
    expect(
      (await runCli([...target("proj-a"), "--format", "json", "--out", a], { env: env(), cwd: work.dir })).code,
    ).toBe(0);
    const baseline = join(a, "evidence.json");
    const read = (await readJson<Evidence>(baseline)).run.scopes.map((s) => s.id);
    const requests = emulator.requestLog.filter((r) => r.projectId === "proj-b").length;
    const b = join(work.dir, "scope-b");
    const run = await runCli([...target("proj-b"), "--baseline", baseline, "--out", b], { env: env(), cwd: work.dir });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/^usage error: --baseline /);
    expect(run.stderr).toContain(baseline);
    for (const id of read) expect(run.stderr).toContain(id);
    expect(run.stderr).toContain(`${new URL(emulator.url).host}/proj-b`);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(b)).toBe(false);
    expect(emulator.requestLog.filter((r) => r.projectId === "proj-b").length).toBe(requests);
  }, 120_000);

  it("the previous run of a history folder read another project: not an error, the report says nothing was compared", async () => {
    const hist = join(work.dir, "hist-scopes");
    const args = ["--format", "json,md", "--out", hist, "--keep", "3"];
    expect(
      (await runCli([...target("proj-a"), ...args], { env: env("2026-12-01T06:00:00Z"), cwd: work.dir })).code,
    ).toBe(0);
    const run = await runCli([...target("proj-b"), ...args], { env: env("2026-12-02T06:00:00Z"), cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    const before = await readJson<Evidence>(join(hist, "2026-12-01T06-00-00Z", "evidence.json"));
    const evidence = await readJson<Evidence>(join(hist, "2026-12-02T06-00-00Z", "evidence.json"));
    const changes = evidence.assessment?.changes;
    expect(changes?.new).toEqual([]);
    expect(changes?.resolved).toEqual([]);
    expect(changes?.unchanged).toBe(0);
    expect(changes?.comparison?.outside).toBe(evidenceFindings(evidence).length);
    expect(changes?.comparison?.differences).toEqual([
      {
        dimension: "scopes",
        compared: [],
        currentOnly: evidence.run.scopes.map((s) => s.id),
        baselineOnly: before.run.scopes.map((s) => s.id),
      },
    ]);
    const md = await readFile(join(hist, "2026-12-02T06-00-00Z", "summary.md"), "utf8");
    expect(md).toContain(`**${m.t("changes.nothingCompared", { dimension: m.t("changes.dimension.scopes") })}**`);
    expect(run.stderr).toContain(m.t("changes.nothingCompared", { dimension: m.t("changes.dimension.scopes") }));
  }, 120_000);
});

describe("one rule added since the baseline", () => {
  it("its findings are not new; the shared rule's changes are computed as before", async () => {
    // Two rule ids with findings in proj-a, from a full read.
    const full = join(work.dir, "rules-full");
    expect(
      (await runCli([...target("proj-a"), "--format", "json", "--out", full], { env: env(), cwd: work.dir })).code,
    ).toBe(0);
    const counts = new Map<string, number>();
    for (const f of evidenceFindings(await readJson<Evidence>(join(full, "evidence.json"))))
      counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    const [shared, added] = [...counts.entries()].sort((x, y) => y[1] - x[1]).map(([id]) => id) as [string, string];

    const first = join(work.dir, "rules-1");
    expect(
      (
        await runCli([...target("proj-a"), "--rule", shared, "--format", "json", "--out", first], {
          env: env(),
          cwd: work.dir,
        })
      ).code,
    ).toBe(0);
    emulator.mutate({ steps: 6, projectId: "proj-a" });
    const second = join(work.dir, "rules-2");
    const run = await runCli(
      [
        ...target("proj-a"),
        ...["--rule", shared, "--rule", added],
        ...["--baseline", join(first, "evidence.json"), "--format", FORMATS, "--out", second],
      ],
      { env: env(), cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
    const before = evidenceFindings(await readJson<Evidence>(join(first, "evidence.json")));
    const evidence = await readJson<Evidence>(join(second, "evidence.json"));
    const now = evidenceFindings(evidence);
    const beforeKeys = new Set(before.map(refKey));
    const nowKeys = new Set(now.map(refKey));
    const expectedNew = now.filter((f) => f.ruleId === shared && !beforeKeys.has(refKey(f))).map(refKey);
    const expectedResolved = before.filter((f) => !nowKeys.has(refKey(f))).map(refKey);
    const addedFindings = now.filter((f) => f.ruleId === added);
    expect(addedFindings.length).toBeGreaterThan(0);
    // The data changed for the shared rule: there is something to find as new or resolved.
    expect(expectedNew.length + expectedResolved.length).toBeGreaterThan(0);

    const changes = evidence.assessment?.changes;
    expect(changes?.new.map(refKey).sort()).toEqual(expectedNew.sort());
    expect(changes?.resolved.map(refKey).sort()).toEqual(expectedResolved.sort());
    expect(changes?.unchanged).toBe(now.length - addedFindings.length - expectedNew.length);
    expect(changes?.comparison?.outside).toBe(addedFindings.length);
    expect(changes?.comparison?.differences).toEqual([
      { dimension: "ruleIds", compared: [shared], currentOnly: [added], baselineOnly: [] },
    ]);
    const findings = await readJson<{ findings: { rule: { id: string }; change?: string }[] }>(
      join(second, "findings.json"),
    );
    const addedRecords = findings.findings.filter((f) => f.rule.id === added);
    expect(addedRecords).toHaveLength(addedFindings.length);
    for (const f of addedRecords) expect(f.change).toBeUndefined();

    // render --from reproduces it byte for byte: the comparison is recorded in the evidence's assessment.
    const again = join(work.dir, "rules-again");
    const render = await runCli(
      ["render", "--from", join(second, "evidence.json"), "--format", FORMATS, "--out", again],
      { cwd: work.dir },
    );
    expect(render.code, render.stderr).toBe(0);
    for (const name of ["report.html", "report.pdf", "evidence.json", "findings.json", "summary.md"]) {
      expect(await readFile(join(again, name)), name).toEqual(await readFile(join(second, name)));
    }
  }, 180_000);
});
