// A report of exactly one of everything (one scope, rule, image, finding; one day old, one day of SLA, one waiver)
// says "1 finding", never "1 findings", in every format and in the run's log. Built from a fixture evidence file
// and re-rendered by the built CLI, as a user would.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence, EvidenceResponse, RuleInfo } from "../../src/evidence/types.js";
import { makeEvidence } from "../fixtures/evidence.js";
import { cliWorkDir, runCli } from "../helpers/cli.js";

const DAY_MS = 86_400_000;
const FORMATS = ["html", "pdf", "json", "csv", "findings", "sarif", "junit", "md"];

/** The rule the fixture lists first: the one rule of `oneOfEach`. */
function firstRule(evidence: Evidence): RuleInfo {
  for (const r of evidence.responses) {
    if (r.operation === "ListImageBuildCommandRisks" && r.body.data_list[0]) return r.body.data_list[0];
  }
  throw new Error("the fixture lists no rule");
}

/** The fixture cut to its first rule and that rule's first image, read at `at`. */
function oneOfEach(at: string): Evidence {
  const full = makeEvidence({ images: 1 });
  const rule = firstRule(full);
  const responses: EvidenceResponse[] = [];
  for (const r of full.responses) {
    if (r.operation === "ListImageBuildCommandRisks") {
      responses.push({ ...r, receivedAt: at, body: { total_num: 1, data_list: [rule] } });
    } else if (r.query.rule_id === rule.rule_id) {
      responses.push({ ...r, receivedAt: at, body: { total_num: 1, data_list: r.body.data_list.slice(0, 1) } });
    }
  }
  const { sha256: _, ...rest } = full;
  return sealEvidence({ ...rest, run: { ...rest.run, startedAt: at, finishedAt: at }, responses });
}

/** What the evidence holds: its scopes, rules, distinct images and (rule, image) findings. */
function countsOf(evidence: Evidence) {
  const images = new Set<string>();
  const findings = new Set<string>();
  const rules = new Set<string>();
  for (const r of evidence.responses) {
    if (r.operation === "ListImageBuildCommandRisks") {
      for (const rule of r.body.data_list) rules.add(rule.rule_id);
    } else {
      for (const image of r.body.data_list) {
        const id = `${image.image_id} ${image.image_digest}`;
        images.add(id);
        findings.add(`${r.query.rule_id} ${id}`);
      }
    }
  }
  return { scopes: evidence.run.scopes.length, rules: rules.size, images: images.size, findings: findings.size };
}

/** "1 findings", "1 images", "1 rules", "1 days" and the like: a count of one with a plural noun. */
const ONE_WITH_PLURAL =
  /(?<![\d.,])1\s+(?:unwaived\s+|risky\s+build-command\s+|unfinished\s+run\s+)?(?:findings|images|rules|days|scopes|runs|files|targets|attempts|characters|rows|requests|retries|pages|waivers)\b/g;

/** Every text a user reads: report files (PDF through pdftotext), the run's log. */
async function texts(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { "report.pdf": "" };
  for (const name of [
    "report.html",
    "evidence.json",
    "images.csv",
    "findings.json",
    "report.sarif",
    "junit.xml",
    "summary.md",
  ]) {
    out[name] = await readFile(join(dir, name), "utf8");
  }
  out["report.pdf"] = execFileSync("pdftotext", ["-layout", join(dir, "report.pdf"), "-"], { encoding: "utf8" });
  return out;
}

describe("a report of one of everything", () => {
  const work = cliWorkDir();

  it("counts in the singular in every format and in the log, its counts taken from the data", async () => {
    const dir = work();
    const now = Date.parse("2026-11-27T00:00:00.000Z");
    // The baseline read the same finding 25 hours earlier: it is 1 day old, past an SLA of 1 day.
    const current = oneOfEach(new Date(now).toISOString());
    const baseline = oneOfEach(new Date(now - DAY_MS - 3_600_000).toISOString());
    const counts = countsOf(current);
    expect(counts).toEqual({ scopes: 1, rules: 1, images: 1, findings: 1 });
    const level = firstRule(current).risk_level;
    const ageDays = Math.floor((Date.parse(current.run.startedAt) - Date.parse(baseline.run.startedAt)) / DAY_MS);
    const slaDays = 1;
    await writeFile(join(dir, "baseline.json"), JSON.stringify(baseline));
    // As a history folder carries it on: the finding was first seen by the baseline's run (the assessment records
    // it; it is not sealed). Its key is the id findings.json gives it.
    const first = await runCli(["render", "--from", "baseline.json", "--format", "findings", "--out", "first"], {
      cwd: dir,
    });
    expect(first.code).toBe(0);
    const ids = JSON.parse(await readFile(join(dir, "first", "findings.json"), "utf8")).findings.map(
      (f: { id: string }) => f.id,
    );
    expect(ids).toHaveLength(counts.findings);
    const firstSeen = Object.fromEntries(ids.map((id: string) => [id, baseline.run.startedAt]));
    await writeFile(join(dir, "current.json"), JSON.stringify({ ...current, assessment: { firstSeen } }));
    await writeFile(join(dir, "config.yaml"), `sla_days:\n  ${level}: ${slaDays}\n`);
    const waiver = (expires: string) =>
      `waivers:\n  - rule: "*"\n    image: "**"\n    reason: accepted\n    approver: lead\n    expires: ${expires}\n`;
    await writeFile(join(dir, "expired.yaml"), waiver("2026-01-01"));
    await writeFile(join(dir, "waived.yaml"), waiver("2099-12-31"));
    const render = (out: string, waivers: string) =>
      runCli(
        [
          "render",
          "--from",
          "current.json",
          "--baseline",
          "baseline.json",
          "--config",
          "config.yaml",
          "--waivers",
          waivers,
          "--fail-on",
          level,
          "--fail-on-overdue",
          "--format",
          FORMATS.join(","),
          "--out",
          out,
        ],
        { cwd: dir },
      );

    // An expired waiver: the finding counts again, fails the gate and is overdue.
    const expired = await render("expired", "expired.yaml");
    expect(expired.stderr).not.toMatch(/\n\s+at /);
    expect(expired.code).toBe(4);
    const files = await texts(join(dir, "expired"));
    const pdf = files["report.pdf"]?.replace(/\s+/g, " ");
    const log = `${expired.stdout}${expired.stderr}`;
    for (const [name, text] of Object.entries({ ...files, log })) {
      expect(text.match(ONE_WITH_PLURAL) ?? [], name).toEqual([]);
    }
    const sentence = `${counts.images} image is affected by ${counts.rules} risky build-command rule (${counts.findings} finding).`;
    expect(files["summary.md"]).toContain(sentence);
    expect(files["report.html"]).toContain(sentence);
    expect(pdf).toContain(sentence);
    expect(files["summary.md"]).toContain(
      `0 findings waived; ${counts.findings} covered by an expired waiver (it counts again).`,
    );
    expect(files["report.html"]).toContain(`${ageDays} day</span>`);
    expect(pdf).toContain(`· ${ageDays} day `);
    expect(log).toContain(`(SLA ${slaDays} day)`);
    expect(log).toContain(`--fail-on-overdue: ${counts.findings} unwaived finding past their SLA`);
    expect(files["summary.md"]).toContain(`failed: ${counts.findings} unwaived finding at or above`);

    // A waiver in force: the one finding is waived.
    const waived = await render("waived", "waived.yaml");
    expect(waived.code).toBe(0);
    const md = await readFile(join(dir, "waived", "summary.md"), "utf8");
    expect(md).toContain(`${counts.findings} finding waived; 0 covered by an expired waiver (they count again).`);
    expect(md).toContain(`${counts.findings} finding: `);
    for (const [name, text] of Object.entries({ ...(await texts(join(dir, "waived"))), log: waived.stderr })) {
      expect(text.match(ONE_WITH_PLURAL) ?? [], name).toEqual([]);
    }
  });
});
