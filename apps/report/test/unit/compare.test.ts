// Like with like: a run is compared with its baseline only on what both read (scopes read successfully, image types,
// --risk-level and --rule filters). Unit tests on hand-made evidence; the CLI end to end is in compare-e2e.test.ts.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence, RiskLevel } from "../../src/evidence/types.js";
import { prepareRun } from "../../src/history/context.js";
import { buildReport } from "../../src/model/build.js";
import { recordedOptions } from "../../src/model/recorded.js";
import type { Report } from "../../src/model/types.js";
import { assessmentOf } from "../../src/render/json.js";
import { makeEvidence } from "../fixtures/evidence.js";

/** The fixture as a run with these filters would have read it (the fetcher's selection: an empty filter is all). */
function readWith(
  evidence: Evidence,
  filters: { ruleIds?: string[]; riskLevels?: RiskLevel[]; scopeId?: string },
): Evidence {
  const ruleIds = filters.ruleIds ?? [];
  const levels = filters.riskLevels ?? [];
  const levelOf = new Map<string, RiskLevel>();
  for (const r of evidence.responses) {
    if (r.operation === "ListImageBuildCommandRisks")
      for (const x of r.body.data_list) levelOf.set(x.rule_id, x.risk_level);
  }
  const selected = (ruleId: string) =>
    (ruleIds.length === 0 || ruleIds.includes(ruleId)) &&
    (levels.length === 0 || levels.includes(levelOf.get(ruleId) as RiskLevel));
  const scopeId = filters.scopeId ?? (evidence.run.scopes[0]?.id as string);
  const { sha256: _seal, ...rest } = evidence;
  return sealEvidence({
    ...rest,
    run: {
      ...evidence.run,
      parameters: { ...evidence.run.parameters, ruleIds, riskLevels: levels },
      scopes: evidence.run.scopes.map((s) => ({ ...s, id: scopeId })),
    },
    responses: evidence.responses
      .filter((r) => r.operation === "ListImageBuildCommandRisks" || selected(String(r.query.rule_id)))
      .map((r) => ({ ...r, scopeId })),
  });
}

const findingsOf = (report: Report, ruleId: string) =>
  [...report.findings.values()].filter((f) => report.rules.get(f.ruleKey)?.ruleId === ruleId);

describe("a diff covers only what both runs read", () => {
  const all = makeEvidence({ images: 6 });

  it("a baseline read with --risk-level critical: nothing new at the other levels, which are named", () => {
    const baseline = buildReport(readWith(all, { riskLevels: ["critical"] }));
    const report = buildReport(all, { baseline: { report: baseline, label: "previous" } });
    const user = findingsOf(report, "R-USER"); // high: outside what the baseline read
    const curl = findingsOf(report, "R-CURL");
    expect(user.length).toBeGreaterThan(0);
    expect(report.changes?.newFindings).toEqual([]);
    expect(report.changes?.resolved).toEqual([]);
    expect(report.changes?.unchanged).toBe(curl.length);
    expect(report.changes?.comparison?.outside).toBe(user.length);
    expect(report.changes?.comparison?.differences).toEqual([
      { dimension: "riskLevels", compared: ["critical"], currentOnly: ["high", "medium", "low"], baselineOnly: [] },
    ]);
    expect(user.every((f) => f.change === undefined)).toBe(true);
    expect(curl.every((f) => f.change === "unchanged")).toBe(true);

    // The other way round: what only the baseline read is not "resolved".
    const back = buildReport(readWith(all, { riskLevels: ["critical"] }), {
      baseline: { report: buildReport(all), label: "previous" },
    });
    expect(back.changes?.resolved).toEqual([]);
    expect(back.changes?.comparison?.differences[0]?.baselineOnly).toEqual(["high", "medium", "low"]);
  });

  it("one rule added: its findings are not new; a finding of the shared rule still is", () => {
    const before = readWith(makeEvidence({ images: 4 }), { ruleIds: ["R-USER"] });
    const report = buildReport(readWith(all, { ruleIds: ["R-USER", "R-CURL"] }), {
      baseline: { report: buildReport(before), label: "previous" },
    });
    const added = new Set(report.changes?.newFindings);
    // 4 images -> 6: R-USER gains img-4 and img-5; R-CURL's findings were not read by the baseline.
    expect([...added].map((k) => report.findings.get(k)?.imageKey.split("|")[1]).sort()).toEqual(["img-4", "img-5"]);
    expect(findingsOf(report, "R-CURL").some((f) => added.has(f.key))).toBe(false);
    expect(report.changes?.comparison?.outside).toBe(findingsOf(report, "R-CURL").length);
    expect(report.changes?.comparison?.ruleIds).toEqual(["R-USER"]);
    expect(report.changes?.comparison?.differences).toEqual([
      { dimension: "ruleIds", compared: ["R-USER"], currentOnly: ["R-CURL"], baselineOnly: [] },
    ]);
  });

  it("every rule against a --rule baseline: the rules only this run read are named", () => {
    const report = buildReport(all, {
      baseline: { report: buildReport(readWith(all, { ruleIds: ["R-CURL"] })), label: "previous" },
    });
    expect(report.changes?.comparison?.differences).toEqual([
      { dimension: "ruleIds", compared: ["R-CURL"], currentOnly: ["R-USER"], baselineOnly: [] },
    ]);
    expect(report.changes?.newFindings).toEqual([]);
  });

  it("no scope in common: nothing compared, nothing new or resolved", () => {
    const other = buildReport(readWith(all, { scopeId: "eu-west-0/proj-9" }));
    const report = buildReport(all, { baseline: { report: other, label: "other" } });
    expect(report.changes?.newFindings).toEqual([]);
    expect(report.changes?.resolved).toEqual([]);
    expect(report.changes?.unchanged).toBe(0);
    expect(report.changes?.comparison?.outside).toBe(report.findings.size);
    expect(report.changes?.comparison?.differences).toEqual([
      { dimension: "scopes", compared: [], currentOnly: ["cn-north-4/proj-1"], baselineOnly: ["eu-west-0/proj-9"] },
    ]);
  });

  it("a scope the baseline could not read is not compared", () => {
    const failed = readWith(all, {});
    const { sha256: _seal, ...rest } = failed;
    const partial = sealEvidence({
      ...rest,
      responses: [],
      failures: [{ scopeId: "cn-north-4/proj-1", message: "HTTP 403" }],
    });
    const report = buildReport(all, { baseline: { report: buildReport(partial), label: "partial" } });
    expect(report.changes?.resolved).toEqual([]);
    expect(report.changes?.newFindings).toEqual([]);
    expect(report.changes?.comparison?.differences[0]).toEqual({
      dimension: "scopes",
      compared: [],
      currentOnly: ["cn-north-4/proj-1"],
      baselineOnly: [],
    });
  });

  it("runs that read alike: every finding compared, no comparison recorded", () => {
    const report = buildReport(all, { baseline: { report: buildReport(all), label: "same" } });
    expect(report.changes?.comparison).toBeUndefined();
    expect(report.changes?.unchanged).toBe(report.findings.size);
  });

  it("the assessment records the comparison, and a re-render from it reproduces the changes", () => {
    const baseline = buildReport(readWith(makeEvidence({ images: 3 }), { riskLevels: ["high"] }));
    const report = buildReport(all, { baseline: { report: baseline, label: "previous" } });
    const assessment = assessmentOf(report);
    expect(assessment.changes?.comparison).toEqual(report.changes?.comparison);
    const again = buildReport(all, { recordedChanges: recordedOptions(assessment).changes });
    expect(again.changes).toEqual(report.changes);
    expect([...again.findings.values()].map((f) => f.change)).toEqual(
      [...report.findings.values()].map((f) => f.change),
    );
  });
});

describe("an explicit --baseline of other scopes", () => {
  it("is a usage error naming the file and both scope lists (another region); a shared scope is not", async () => {
    const dir = await mkdtemp(join(tmpdir(), "hss-compare-"));
    try {
      const evidence = makeEvidence();
      const file = join(dir, "old-evidence.json");
      await writeFile(file, JSON.stringify(evidence));
      const context = await prepareRun({ baseline: file }, join(dir, "out"), {
        cwd: dir,
        explicitOut: true,
        now: new Date(),
      });
      const [scope] = evidence.run.scopes;
      if (!scope) throw new Error("fixture without a scope");
      const elsewhere = { ...scope, id: "eu-west-0/proj-1", region: "eu-west-0" };
      let error: unknown;
      try {
        context.checkScopes([elsewhere]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UsageError);
      const message = (error as Error).message;
      expect(message.startsWith(`--baseline ${file}: `)).toBe(true);
      expect(message).toContain(scope.id);
      expect(message).toContain(elsewhere.id);
      expect(() => context.checkScopes([elsewhere, scope])).not.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
