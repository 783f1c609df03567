// The formats for other tools, from small hand-made evidence: findings.json against its committed schema (and the
// schema against the zod types), report.sarif's levels, suppressions and GitHub's result limit, junit.xml's outcomes
// against the gate, each computed from the evidence rather than from the model.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence, RiskLevel } from "../../src/evidence/types.js";
import { buildReport } from "../../src/model/build.js";
import { findingsJsonSchema } from "../../src/model/records.js";
import { type Image, RISK_LEVELS, type Rule } from "../../src/model/types.js";
import { renderCsv } from "../../src/render/csv.js";
import { renderFindingsJson } from "../../src/render/findings-json.js";
import { escapeXml, renderJunit } from "../../src/render/junit.js";
import { GITHUB_LIMITS, renderSarif } from "../../src/render/sarif.js";
import { makeEvidence } from "../fixtures/evidence.js";
import { parseCsv } from "../helpers/csv.js";
import { FINDINGS_SCHEMA_FILE, findingsValidator, parseJunit } from "../helpers/interop.js";
import { type EvidenceFinding, evidenceFindings } from "../helpers/pairs.js";

// R-CURL on app-0 is waived until 2030; R-USER on app-1 was waived until 2020 (expired: it counts again).
const WAIVED = { rule: "R-CURL", image: "app-0" };
const EXPIRED = { rule: "R-USER", image: "app-1" };
const waive = (rule: Rule, image: Image) => {
  if (rule.ruleId === WAIVED.rule && image.name === WAIVED.image)
    return { reason: "vendor base image", approver: "alice", expires: "2030-01-01", ticket: "SEC-42" };
  if (rule.ruleId === EXPIRED.rule && image.name === EXPIRED.image)
    return { reason: "old exception", approver: "bob", expires: "2020-01-01" };
  return undefined;
};

function withFailOn(evidence: Evidence, failOn: RiskLevel | undefined): Evidence {
  const { failOn: _previous, ...parameters } = evidence.run.parameters;
  return sealEvidence({
    ...evidence,
    run: { ...evidence.run, parameters: failOn ? { ...parameters, failOn } : parameters },
  });
}

/** Every finding of the evidence's raw responses with its waiver state. */
function pairs(evidence: Evidence): (EvidenceFinding & { waived: boolean })[] {
  return evidenceFindings(evidence).map((f) => ({
    ...f,
    waived: f.ruleId === WAIVED.rule && f.info.image_name === WAIVED.image,
  }));
}

const capitalize = (text = "") => text.charAt(0).toUpperCase() + text.slice(1);
const atOrAbove = (level: RiskLevel, gate: RiskLevel) => RISK_LEVELS.indexOf(level) <= RISK_LEVELS.indexOf(gate);

describe("findings.json", () => {
  const before = buildReport(makeEvidence({ images: 3 }));
  const evidence = withFailOn(makeEvidence({ images: 6 }), "high");
  const report = buildReport(evidence, { baseline: { report: before, label: "prev" }, waive });
  const document = JSON.parse(renderFindingsJson(report)) as {
    schema_version: string;
    fail_on?: string;
    findings: Record<string, unknown>[];
  };
  const validate = findingsValidator();

  it("validates against the committed findings.schema.json, with every optional field in use", () => {
    expect(validate(document)).toEqual([]);
    const keys = new Set(document.findings.flatMap((f) => Object.keys(f)));
    for (const key of ["change", "waiver", "first_seen"]) expect(keys).toContain(key);
    expect(document.schema_version).toBe("1.3.0");
    // Outside a history folder a finding is first seen in this run, aged 0 days.
    const data = document as unknown as { data_time: string; findings: { first_seen: string; age_days: number }[] };
    expect(data.findings.every((f) => f.first_seen === data.data_time && f.age_days === 0)).toBe(true);
    expect(document.fail_on).toBe("high");
  });

  it("states the --fail-on verdict: unwaived findings at or above the level and the worst level, from the evidence", () => {
    const unwaived = pairs(evidence).filter((p) => !p.waived);
    const count = unwaived.filter((p) => atOrAbove(p.level, "high")).length;
    expect(count).toBeGreaterThan(0);
    const worst = RISK_LEVELS.find((level) => unwaived.some((p) => p.level === level));
    expect((document as unknown as { gate: unknown }).gate).toEqual({
      fail_on: "high",
      passed: false,
      findings: count,
      worst_level: worst,
    });
    const passing = JSON.parse(renderFindingsJson(buildReport(withFailOn(evidence, undefined)))) as object;
    expect(passing).not.toHaveProperty("gate");
  });

  it("the schema rejects what the format does not allow", () => {
    const record = document.findings[0] as Record<string, unknown>;
    const broken = [
      { ...record, rule: { ...(record.rule as object), level: "severe" } },
      { ...record, extra: 1 },
      Object.fromEntries(Object.entries(record).filter(([key]) => key !== "image")),
      { ...record, first_seen: "yesterday" },
    ];
    for (const finding of broken) expect(validate({ ...document, findings: [finding] })).not.toEqual([]);
    expect(validate({ ...document, schema_version: "0.9" })).not.toEqual([]);
  });

  it("the committed schema is the one generated from the zod types the renderer uses (`pnpm generate`)", () => {
    expect(JSON.parse(readFileSync(FINDINGS_SCHEMA_FILE, "utf8"))).toEqual(findingsJsonSchema());
  });

  it("has one record per CSV row, with the facts of the evidence", () => {
    const rows = parseCsv(renderCsv(report).slice(1)).slice(1);
    const expected = pairs(evidence);
    expect(document.findings).toHaveLength(rows.length);
    expect(document.findings).toHaveLength(expected.length);
    type Rec = { rule: { id: string; level: string }; image: { digest: string; name: string }; waived: boolean };
    const records = document.findings as unknown as (Rec & { change?: string; waiver?: { ticket?: string } })[];
    const id = (ruleId: string, digest: string) => `${ruleId} ${digest}`;
    expect(records.map((r) => id(r.rule.id, r.image.digest)).sort()).toEqual(
      expected.map((p) => id(p.ruleId, p.info.image_digest ?? "")).sort(),
    );
    for (const p of expected) {
      const record = records.find((r) => r.rule.id === p.ruleId && r.image.digest === p.info.image_digest);
      expect(record?.rule.level).toBe(p.level);
      expect(record?.waived).toBe(p.waived);
    }
    // Images 3, 4 and 5 are not in the baseline of 3 images: their findings are new.
    const newOnes = expected.filter((p) => !["app-0", "app-1", "app-2"].includes(p.info.image_name));
    expect(records.filter((r) => r.change === "new")).toHaveLength(newOnes.length);
    expect(records.find((r) => r.waiver?.ticket)?.waiver?.ticket).toBe("SEC-42");
  });
});

describe("report.sarif", () => {
  const evidence = makeEvidence({ images: 6 });
  const report = buildReport(evidence, { waive });
  type SarifResult = {
    ruleId: string;
    ruleIndex: number;
    level: string;
    suppressions?: { kind: string; status: string; justification: string }[];
    locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
  };
  type Sarif = {
    version: string;
    runs: {
      tool: { driver: { rules: { id: string; properties: Record<string, unknown>; help: { text: string } }[] } };
      results: SarifResult[];
      invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
    }[];
  };
  const sarif = JSON.parse(renderSarif(report)) as Sarif;
  const run = sarif.runs[0];

  it("is one SARIF 2.1.0 run with one result per finding and one rule per rule id", () => {
    expect(sarif.version).toBe("2.1.0");
    expect(sarif.runs).toHaveLength(1);
    const expected = pairs(evidence);
    expect(run?.results).toHaveLength(expected.length);
    expect(run?.tool.driver.rules.map((r) => r.id).sort()).toEqual([...new Set(expected.map((p) => p.ruleId))].sort());
    for (const result of run?.results ?? []) expect(run?.tool.driver.rules[result.ruleIndex]?.id).toBe(result.ruleId);
  });

  it("maps levels (critical/high error, medium warning, low note) and scores security-severity in GitHub's bands", () => {
    const levels = new Map(pairs(evidence).map((p) => [p.ruleId, p.level]));
    const sarifLevel: Record<RiskLevel, string> = { critical: "error", high: "error", medium: "warning", low: "note" };
    const band: Record<RiskLevel, [number, number]> = {
      critical: [9.0001, 10],
      high: [7, 8.9],
      medium: [4, 6.9],
      low: [0.1, 3.9],
    };
    for (const result of run?.results ?? []) {
      expect(result.level).toBe(sarifLevel[levels.get(result.ruleId) as RiskLevel]);
    }
    for (const rule of run?.tool.driver.rules ?? []) {
      const score = Number(rule.properties["security-severity"]);
      const [low, high] = band[levels.get(rule.id) as RiskLevel];
      expect(score).toBeGreaterThanOrEqual(low);
      expect(score).toBeLessThanOrEqual(high);
      expect(rule.help.text.length).toBeGreaterThan(0);
    }
  });

  it("carries waived findings as accepted suppressions with their justification; an expired waiver suppresses nothing", () => {
    const suppressed = (run?.results ?? []).filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(pairs(evidence).filter((p) => p.waived).length);
    expect(suppressed[0]?.ruleId).toBe(WAIVED.rule);
    expect(suppressed[0]?.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "vendor base image (approved by alice, expires 2030-01-01 00:00 UTC); ticket SEC-42",
      },
    ]);
  });

  it("states the --fail-on verdict in the invocation: its properties, and an error notification when it failed", () => {
    const unwaived = pairs(evidence).filter((p) => !p.waived);
    const worst = RISK_LEVELS.find((level) => unwaived.some((p) => p.level === level));
    type Invocation = {
      executionSuccessful: boolean;
      properties?: { gate: unknown };
      toolExecutionNotifications: { level: string; message: { text: string } }[];
    };
    const invocation = (failOn: RiskLevel) =>
      (
        JSON.parse(renderSarif(buildReport(withFailOn(evidence, failOn), { waive }))) as {
          runs: { invocations: Invocation[] }[];
        }
      ).runs[0]?.invocations[0] as Invocation;
    const high = unwaived.filter((p) => atOrAbove(p.level, "high")).length;
    const failed = invocation("high");
    expect(failed.executionSuccessful).toBe(true);
    expect(failed.properties?.gate).toEqual({ failOn: "high", passed: false, findings: high, worstLevel: worst });
    expect(failed.toolExecutionNotifications.filter((n) => n.level === "error").map((n) => n.message.text)).toEqual([
      `Gate --fail-on high: failed: ${high} unwaived findings at or above High (worst: ${capitalize(worst)})`,
    ]);
    // A run without --fail-on has no verdict to state.
    expect(run?.invocations[0]).not.toHaveProperty("properties");
  });

  it("keeps within GitHub's results-per-run limit, most severe unwaived findings first, and says what it left out", () => {
    const limited = JSON.parse(renderSarif(report, 3)) as Sarif;
    const results = limited.runs[0]?.results ?? [];
    expect(results).toHaveLength(3);
    expect(results.every((r) => r.level === "error" && !r.suppressions)).toBe(true);
    // The unwaived critical findings (R-CURL on images 2 and 4), then the most severe of the rest (R-USER, high).
    const unwaivedCritical = pairs(evidence).filter((p) => p.level === "critical" && !p.waived).length;
    expect(unwaivedCritical).toBe(2);
    expect(results.map((r) => r.ruleId)).toEqual(["R-CURL", "R-CURL", "R-USER"]);
    const total = pairs(evidence).length;
    expect(limited.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.message.text)).toEqual([
      `${total - 3} of ${total} findings are left out of this file: GitHub code scanning accepts at most 3 results per run. findings.json lists every finding.`,
    ]);
  });
});

describe("report.sarif at scale", () => {
  it("30,000 findings: GitHub's 25,000 results per run, under 10 MB gzip-compressed", () => {
    // 20,000 images break R-USER and 10,000 of them R-CURL.
    const report = buildReport(makeEvidence({ images: 20_000, seal: false }));
    expect(report.findings.size).toBe(30_000);
    const text = renderSarif(report);
    expect(gzipSync(text).length).toBeLessThanOrEqual(10 * 1024 * 1024);
    const run = (JSON.parse(text) as { runs: { results: { ruleId: string }[]; properties: Record<string, number> }[] })
      .runs[0];
    expect(run?.results).toHaveLength(GITHUB_LIMITS.resultsPerRun);
    // Every critical finding is kept; the cut falls on the high ones.
    expect(run?.results.filter((r) => r.ruleId === "R-CURL")).toHaveLength(10_000);
    expect(run?.properties).toMatchObject({ findings: 30_000, omittedFindings: 5_000 });
  });
});

describe("junit.xml", () => {
  const evidence = makeEvidence({ images: 6 });
  const expectedFailures = (gate: RiskLevel | undefined) =>
    pairs(evidence).filter((p) => !p.waived && (gate === undefined || atOrAbove(p.level, gate))).length;

  it.each([undefined, ...RISK_LEVELS])("--fail-on %s: failures are exactly the findings the gate counts", (gate) => {
    const report = buildReport(withFailOn(evidence, gate), { waive });
    const junit = parseJunit(renderJunit(report));
    const all = pairs(evidence);
    expect(junit.totals.tests).toBe(all.length);
    expect(junit.cases).toHaveLength(all.length);
    expect(junit.totals.failures).toBe(expectedFailures(gate));
    expect(junit.cases.filter((c) => c.failure)).toHaveLength(expectedFailures(gate));
    // The model's own gate verdict (what makes the CLI exit 4) counts the same findings.
    if (gate) expect(report.summary.gate?.findings).toBe(junit.totals.failures);
    expect(junit.totals.skipped).toBe(all.filter((p) => p.waived).length);
    expect(junit.cases.filter((c) => c.skipped).map((c) => c.name)).toEqual(
      all.filter((p) => p.waived).map((p) => p.image),
    );
    // One suite per rule, its counts adding up.
    expect(junit.suites.map((s) => s.name).sort()).toEqual(["R-CURL curl piped to shell", "R-USER Runs as root"]);
    expect(junit.suites.reduce((n, s) => n + s.failures, 0)).toBe(junit.totals.failures);
  });

  it("an expired waiver is a failure that says so", () => {
    const junit = parseJunit(renderJunit(buildReport(evidence, { waive })));
    const expired = junit.cases.find((c) => c.name.includes(`/${EXPIRED.image}:`) && c.suite.startsWith(EXPIRED.rule));
    expect(expired?.failure?.text).toContain(
      "The waiver of this finding expired on 2020-01-01 00:00 UTC: it counts again.",
    );
  });

  it("escapes markup and makes characters XML cannot hold visible", () => {
    const hostile = `<script>&"'\u0000\u0007\u001b\uFFFE\uD800 x\r\ny\t]]>`;
    const escaped = escapeXml(hostile, true);
    // Only XML 1.0 Chars (section 2.2) are left, and no markup character outside a reference.
    expect(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(escaped)).toBe(true);
    expect(escaped.replace(/&(amp|lt|gt|quot|apos|#\d+);/g, "")).not.toMatch(/[<>&"']/);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(`<a v="${escaped}"/>`) as {
      a: { v: string };
    };
    expect(parsed.a.v.startsWith(`<script>&"'`)).toBe(true);
  });
});
