import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { sealEvidence } from "../../src/evidence/hash.js";
import {
  enclosingHistoryRoot,
  firstSeenAfter,
  HEADLINES_FILE,
  isHistoryRoot,
  LATEST_FILE,
  latestRun,
  listRuns,
  loadBaseline,
  previousBaseline,
  RETENTION_FILE,
  removePartials,
  updateHistory,
} from "../../src/history/index.js";
import { messages } from "../../src/i18n/index.js";
import { buildReport } from "../../src/model/build.js";
import { folderStamp } from "../../src/output/write.js";
import { renderSummaryMd, SUMMARY_MD, withSummaryMd } from "../../src/render/summary-md.js";
import { makeEvidence } from "../fixtures/evidence.js";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "hss-history-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function addRun(name: string, images: number, extra: Record<string, string> = {}) {
  const dir = join(root, name);
  await mkdir(dir);
  const evidence = makeEvidence({ images });
  await writeFile(join(dir, "evidence.json"), JSON.stringify(evidence));
  await writeFile(join(dir, "report.html"), "<!doctype html>");
  for (const [file, text] of Object.entries(extra)) await writeFile(join(dir, file), text);
  return evidence;
}

describe("history folder", () => {
  it("names runs by UTC second (two in one second: see claimFolder)", () => {
    expect(folderStamp(new Date("2026-11-27T23:45:07.123Z"))).toBe("2026-11-27T23-45-07Z");
  });

  it("knows a folder inside a history folder by the files a history run writes, not by another tool's LATEST", async () => {
    const deep = join(root, "2026-11-27T10-00-00Z", "sub");
    await mkdir(deep, { recursive: true });
    await writeFile(join(root, LATEST_FILE), "2026-11-27T10-00-00Z\n");
    // The folder itself is one by its LATEST; a folder under it only when the history's own files are there.
    expect(await enclosingHistoryRoot(root)).toBe(root);
    expect(await enclosingHistoryRoot(deep)).toBeUndefined();
    for (const file of [HEADLINES_FILE, RETENTION_FILE]) {
      await writeFile(join(root, file), "{}\n");
      expect(await enclosingHistoryRoot(deep), file).toBe(root);
      expect(await enclosingHistoryRoot(join(deep, "not-yet-made")), file).toBe(root);
      await rm(join(root, file));
    }
  });

  it("keeps the last N runs, points latest at the newest and lists runs in index.html", async () => {
    expect(await isHistoryRoot(root)).toBe(false);
    await addRun("2026-11-27T10-00-00Z", 2);
    await addRun("2026-11-27T11-00-00Z", 4);
    await addRun("2026-11-27T12-00-00Z", 6);
    await mkdir(join(root, "not-a-run"));
    const evidence = await addRun("2026-11-27T13-00-00Z", 3);
    const before = buildReport(makeEvidence({ images: 6 }));
    const report = buildReport(evidence, { baseline: { report: before, label: "2026-11-27T12-00-00Z" } });

    const result = await updateHistory(root, { keep: 2, current: { name: "2026-11-27T13-00-00Z", report } });
    expect(result.pruned).toEqual(["2026-11-27T10-00-00Z", "2026-11-27T11-00-00Z"]);
    expect(await listRuns(root)).toEqual(["2026-11-27T12-00-00Z", "2026-11-27T13-00-00Z"]);
    expect((await readdir(root)).sort()).toContain("not-a-run");
    expect(await isHistoryRoot(root)).toBe(true);
    expect((await readFile(join(root, LATEST_FILE), "utf8")).trim()).toBe("2026-11-27T13-00-00Z");
    expect(await readlink(join(root, "latest"))).toBe("2026-11-27T13-00-00Z");
    expect(await latestRun(root)).toBe("2026-11-27T13-00-00Z");

    const html = await readFile(join(root, "index.html"), "utf8");
    expect(html).toContain("Report history");
    const rows = html.split("<tr>").slice(2);
    expect(rows).toHaveLength(2);
    // Newest first: 3 images -> 3 + 2 findings, 3 resolved against the 6-image run (app-3/4/5 for R-USER, app-4 curl).
    expect(rows[0]).toContain('href="2026-11-27T13-00-00Z/report.html"');
    expect(rows[0]).toContain('<span class="tag">latest</span>');
    expect(rows[0]).toMatch(/<td>3<\/td><td>5<\/td><td class="critical">2<\/td><td class="high">3<\/td>/);
    expect(rows[0]).toMatch(/<td>0<\/td><td>4<\/td><td class="delivery">—<\/td><td class="files">/);
    // The older run was rebuilt from its evidence (no baseline before it in the history any more).
    expect(rows[1]).toMatch(/<td>6<\/td><td>9<\/td>/);
    expect(html).not.toMatch(/10-00-00Z/);

    // Keep shrinking: the current run is never pruned.
    const again = await updateHistory(root, { keep: 1, current: { name: "2026-11-27T13-00-00Z", report } });
    expect(again.pruned).toEqual(["2026-11-27T12-00-00Z"]);
  });

  it("shows each run's delivery: how many targets got it, and the failed ones by name", async () => {
    await addRun("2026-11-27T10-00-00Z", 2);
    await addRun("2026-11-27T11-00-00Z", 2);
    const report = buildReport(makeEvidence({ images: 2 }));
    const sent = [
      { target: "email to a@example.com", status: "sent" as const, attempts: 1 },
      { target: "webhook slack ($HOOK)", status: "sent" as const, attempts: 2 },
      { target: "jira AUDIT-1", status: "skipped" as const, attempts: 0 },
    ];
    await updateHistory(root, { current: { name: "2026-11-27T10-00-00Z", report, deliveries: sent } });
    const failed = [
      { target: "email to a@example.com", status: "sent" as const, attempts: 1 },
      { target: "jira <AUDIT-2>", status: "failed" as const, attempts: 3, error: "HTTP 503" },
    ];
    await updateHistory(root, { current: { name: "2026-11-27T11-00-00Z", report, deliveries: failed } });
    const rows = (await readFile(join(root, "index.html"), "utf8")).split("<tr>").slice(2);
    expect(rows[0]).toContain('<td class="delivery"><span class="critical">failed: jira &lt;AUDIT-2&gt;</span></td>');
    // The older run keeps its status from the headline cache.
    const sentTo = sent.filter((d) => d.status === "sent").length;
    expect(sentTo).toBeGreaterThan(1);
    expect(rows[1]).toContain(`<td class="delivery">sent to ${sentTo} targets</td>`);
  });

  it("says a delivery to one target in the singular", async () => {
    await addRun("2026-11-27T10-00-00Z", 1);
    const report = buildReport(makeEvidence({ images: 1 }));
    const deliveries = [{ target: "email to a@example.com", status: "sent" as const, attempts: 1 }];
    await updateHistory(root, { current: { name: "2026-11-27T10-00-00Z", report, deliveries } });
    const html = await readFile(join(root, "index.html"), "utf8");
    expect(html).toContain(`<td class="delivery">sent to ${deliveries.length} target</td>`);
  });

  it("says when a run's new and resolved cover only part of it: how many findings were not compared", async () => {
    await addRun("2026-11-27T10-00-00Z", 4);
    const evidence = makeEvidence({ images: 4 });
    const { sha256: _seal, ...rest } = evidence;
    // The run before read critical findings only.
    const before = sealEvidence({
      ...rest,
      run: { ...rest.run, parameters: { ...rest.run.parameters, riskLevels: ["critical"] } },
      responses: rest.responses.filter(
        (r) => r.operation === "ListImageBuildCommandRisks" || r.query.rule_id === "R-CURL",
      ),
    });
    const report = buildReport(evidence, { baseline: { report: buildReport(before), label: "before" } });
    const outside = [...report.findings.values()].filter((f) => f.level !== "critical").length;
    expect(outside).toBeGreaterThan(0);
    await updateHistory(root, { current: { name: "2026-11-27T10-00-00Z", report } });
    const [row] = (await readFile(join(root, "index.html"), "utf8")).split("<tr>").slice(2);
    expect(row).toContain(`<span class="tag demo">${messages("en-us").count("history.notCompared", outside)}</span>`);
  });

  it("writes index.html in Chinese and escapes names", async () => {
    const evidence = makeEvidence({ images: 1, lang: "zh-cn", demo: true });
    await mkdir(join(root, "2026-11-27T10-00-00Z"));
    await writeFile(join(root, "2026-11-27T10-00-00Z", "evidence.json"), JSON.stringify(evidence));
    await updateHistory(root, {});
    const html = await readFile(join(root, "index.html"), "utf8");
    expect(html).toContain('<html lang="zh-cn">');
    expect(html).toContain("报告历史");
    expect(html).toContain("演示数据");
    expect(html).toContain('href="2026-11-27T10-00-00Z/evidence.json"');
  });

  it("finds the previous run's evidence as the baseline and refuses tampered evidence", async () => {
    expect(await previousBaseline(root)).toBeUndefined();
    await addRun("2026-11-27T10-00-00Z", 2);
    await mkdir(join(root, "2026-11-27T11-00-00Z")); // a run without evidence (--format html)
    const baseline = await previousBaseline(root);
    expect(baseline?.label).toBe("2026-11-27T10-00-00Z");
    expect(baseline?.report.findings.size).toBe(3);

    const evidence = makeEvidence({ images: 2 });
    evidence.run.demo = !evidence.run.demo;
    await writeFile(join(root, "tampered.json"), JSON.stringify(evidence));
    await expect(loadBaseline(join(root, "tampered.json"))).rejects.toThrow(UsageError);
    await expect(loadBaseline(join(root, "tampered.json"))).rejects.toThrow(/sha256 mismatch/);
    await writeFile(join(root, "other.json"), JSON.stringify({ format: "x" }));
    await expect(loadBaseline(join(root, "other.json"))).rejects.toThrow(
      /--baseline .*other\.json: not an evidence\.json written by hss-report/,
    );
    await expect(loadBaseline(join(root, "missing.json"))).rejects.toThrow(/cannot read the file \(ENOENT\)/);
  });

  it("carries first-seen times of the previous run's findings only, believing real times no later than that run", () => {
    const evidence = makeEvidence({ images: 3 });
    const report = buildReport(evidence);
    const [kept, future, garbage, other] = [...report.findings.keys()];
    const earlier = "2026-10-01T00:00:00.000Z";
    evidence.assessment = {
      firstSeen: {
        [kept as string]: earlier,
        [future as string]: "2099-01-01T00:00:00.000Z",
        [garbage as string]: "last week",
        "gone|registry|R-X#gone": earlier,
      },
    };
    const carried = firstSeenAfter(evidence, report);
    expect([...carried.keys()]).toEqual([...report.findings.keys()]);
    expect(carried.get(kept as string)).toBe(earlier);
    for (const key of [future, garbage, other]) expect(carried.get(key as string)).toBe(evidence.run.startedAt);

    // The next run: a finding carried over keeps its time, one that is not carried is first seen now.
    const next = makeEvidence({ images: 4 });
    const nextReport = buildReport(next, { firstSeen: carried });
    expect(nextReport.findings.get(kept as string)?.firstSeen).toBe(earlier);
    const added = [...nextReport.findings.keys()].filter((key) => !report.findings.has(key));
    expect(added.length).toBeGreaterThan(0);
    for (const key of added) expect(nextReport.findings.get(key)?.firstSeen).toBe(next.run.startedAt);
  });

  it("removes partial folders of dead processes or of a given pid, not of live ones", async () => {
    await mkdir(join(root, ".2026-11-27T10-00-00Z.partial-999999999-abcd"));
    await mkdir(join(root, `.2026-11-27T11-00-00Z.partial-${process.pid}-abcd`));
    expect(await removePartials(root)).toEqual([".2026-11-27T10-00-00Z.partial-999999999-abcd"]);
    expect(await removePartials(root, process.pid)).toEqual([`.2026-11-27T11-00-00Z.partial-${process.pid}-abcd`]);
    expect(await readdir(root)).toEqual([]);
  });
});

describe("summary.md", () => {
  it("states headline numbers, changes and waivers, escaped and cut short", () => {
    const before = buildReport(makeEvidence({ images: 2 }));
    const evidence = makeEvidence({ images: 30, name: (i) => (i === 2 ? "<script>x|y</script>" : `app-${i}`) });
    const report = buildReport(evidence, {
      baseline: { report: before, label: "2026-11-27T10-00-00Z" },
      waive: (rule, image) =>
        rule.ruleId === "R-CURL" && image.imageId === "img-2"
          ? { reason: "vendor | image", approver: "alice", expires: "2026-01-01" }
          : rule.ruleId === "R-USER" && image.imageId === "img-1"
            ? { reason: "ok", approver: "bob", expires: "2030-01-01" }
            : undefined,
    });
    const md = renderSummaryMd(report, [{ name: "report.html", sha256: "ab".repeat(32), bytes: 2048 }]);
    expect(md).toContain(`## Image build-command risk report ${report.meta.reportId}`);
    expect(md).toContain("| 30 | 2 | 45 | 15 | 30 | 0 | 0 | 1 |");
    expect(md).toContain("Highest unwaived level: Critical.");
    expect(md).toContain("New: **42** · Resolved: **0** · Unchanged: 3");
    expect(md).toContain("- Critical · R-CURL curl piped to shell · payments/\\<script\\>x\\|y\\</script\\>:1.2.0");
    expect(md).toContain("- … and 32 more (see the full report)");
    expect(md).toContain("1 finding waived; 1 covered by an expired waiver (it counts again).");
    expect(md).toContain(
      "- **Waiver expired** · Reason: vendor \\| image · Approved by: alice · Expires: 2026-01-01 00:00 UTC · 1 finding: Critical · R-CURL curl piped to shell · payments/\\<script\\>x\\|y\\</script\\>:1.2.0\n",
    );
    expect(md).toContain(
      "- Waived · Reason: ok · Approved by: bob · Expires: 2030-01-01 00:00 UTC · 1 finding: High · R-USER Runs as root · payments/app-1:1.1.0\n",
    );
    expect(md).toContain(`| report.html | 2 KB | \`${"ab".repeat(32)}\` |`);
    expect(md.split("\n").length).toBeLessThan(80);
  });

  it("hashes every file as it is written and lists them in summary.md, written last", async () => {
    const report = buildReport(makeEvidence({ images: 2, lang: "zh-cn" }));
    const files = withSummaryMd(report, [
      { name: "a.txt", content: "héllo" },
      {
        name: "b.csv",
        content: (function* () {
          yield "x,";
          yield "y\r\n";
        })(),
      },
      { name: "c.bin", content: new Uint8Array([1, 2, 3]) },
    ]);
    expect(files.map((f) => f.name)).toEqual(["a.txt", "b.csv", "c.bin", SUMMARY_MD]);
    for (const file of files) await writeFile(join(root, file.name), file.content);
    const md = await readFile(join(root, SUMMARY_MD), "utf8");
    for (const name of ["a.txt", "b.csv", "c.bin"]) {
      const sha = createHash("sha256")
        .update(await readFile(join(root, name)))
        .digest("hex");
      expect(md).toContain(`| ${name.replace(".", ".")} |`);
      expect(md).toContain(sha);
    }
    expect(md).toContain("已写入的文件");
    expect(md).toContain("没有可对比的上一次报告。");
  });

  it("refuses to be written before the files it lists, and passes every chunk through unchanged", async () => {
    const report = buildReport(makeEvidence({ images: 1 }));
    const early = withSummaryMd(report, [{ name: "a.txt", content: ["a", "b"] }]);
    await expect(writeFile(join(root, SUMMARY_MD), early[1]?.content ?? "")).rejects.toThrow(
      /must be written after a.txt/,
    );
    const bytes = [new Uint8Array([37, 80, 68, 70]), new Uint8Array([45, 49])];
    const files = withSummaryMd(report, [{ name: "r.pdf", content: bytes }]);
    const seen: unknown[] = [];
    for await (const chunk of (files[0] as { content: AsyncIterable<unknown> }).content) seen.push(chunk);
    expect(seen).toEqual(bytes);
    const md = [];
    for await (const chunk of (files[1] as { content: AsyncIterable<string> }).content) md.push(chunk);
    expect(md.join("")).toContain(createHash("sha256").update("%PDF-1").digest("hex"));
  });
});
