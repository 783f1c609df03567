// Ageing end to end: the built CLI writes four runs into one history folder against an emulator whose scans move on
// between runs, on a clock the test sets (HSS_REPORT_NOW). What each run should say is computed from what the
// emulator served: a finding's first seen is the first run of its unbroken presence, its age and SLA follow.
import { execFileSync } from "node:child_process";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, pageWidth } from "../helpers/browser.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { plotPoints } from "../helpers/trend.js";

const TOKEN = "tok-ageing-3c5d71";
const DAY = 86_400_000;
const SLA: Record<string, number> = { critical: 7, high: 30, medium: 90, low: 180 };
const START = Date.parse("2026-12-01T06:00:00Z");
/** Days after START of each run: ages cross the critical (7) and high (30) SLAs on the way. */
const RUN_DAYS = [0, 5, 20, 45];

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };

interface Run {
  at: number;
  /** `ruleId|digest` -> level, as the emulator served them for this run. */
  served: Map<string, string>;
  code: number | null;
  stderr: string;
  folder: string;
}
const runs: Run[] = [];
const BAD_TOKEN = "tok-refused-9f2e44aa";
let failed: { code: number | null; stderr: string };

/** Every (rule, image) the emulator serves right now, over both image types. */
function served(): Map<string, string> {
  const out = new Map<string, string>();
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of emulator.dataset.rules(emulator.projectId, kind)) {
      for (const image of emulator.dataset.images(emulator.projectId, kind, rule.rule_id)) {
        out.set(`${kind}|${rule.rule_id}|${image.image_digest}`, rule.risk_level);
      }
    }
  }
  return out;
}

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "ageing", images: 300, tokens: [TOKEN] });
  work = await tempDir();
  const history = join(work.dir, "history");
  for (const [i, days] of RUN_DAYS.entries()) {
    if (i > 0) emulator.mutate({ steps: 2 });
    const at = START + days * DAY;
    const result = await runCli(
      [
        "--endpoint",
        emulator.url,
        "--project-id",
        emulator.projectId,
        "--format",
        "html,csv,json,md",
        "--out",
        history,
        "--keep",
        "10",
        "--fail-on-overdue",
      ],
      { env: { HSS_AUTH_TOKEN: TOKEN, HSS_REPORT_NOW: new Date(at).toISOString() }, cwd: work.dir },
    );
    const folder = join(history, (await readFile(join(history, "LATEST"), "utf8")).trim());
    runs.push({ at, served: served(), code: result.code, stderr: result.stderr, folder });
    if (i === 1) {
      // A run that fails (a token the emulator refuses) between runs 2 and 3: listed with why, nothing else changes.
      failed = await runCli(
        ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--out", history, "--keep", "10"],
        { env: { HSS_AUTH_TOKEN: BAD_TOKEN, HSS_REPORT_NOW: new Date(at + DAY).toISOString() }, cwd: work.dir },
      );
    }
  }
}, 240_000);
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

/** When a finding present in run `k` was first seen: the first run of its unbroken presence up to `k`. */
function expectedFirstSeen(key: string, k: number): number {
  let first = k;
  while (first > 0 && runs[first - 1]?.served.has(key)) first--;
  return (runs[first] as Run).at;
}

async function csvRows(run: Run) {
  const [head, ...rows] = parseCsv((await readFile(join(run.folder, "images.csv"), "utf8")).slice(1));
  const col = (name: string) => (head as string[]).indexOf(name);
  const columns = {
    rule: col("rule_id"),
    level: col("level"),
    digest: col("digest"),
    type: col("image_type"),
    firstSeen: col("first_seen"),
    age: col("age_days"),
    due: col("due"),
    overdue: col("overdue"),
  };
  for (const [name, index] of Object.entries(columns)) expect(index, `CSV column ${name}`).toBeGreaterThanOrEqual(0);
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      key: `${r[columns.type] === "cicd" ? "cicd" : "registry"}|${r[columns.rule]}|${r[columns.digest]}`,
      level: r[columns.level] as string,
      firstSeen: r[columns.firstSeen] as string,
      age: Number(r[columns.age]),
      due: r[columns.due] as string,
      overdue: r[columns.overdue] !== "",
    }));
}

describe("first seen, age and SLA over four runs of a history folder", () => {
  it("the data exercises every case: kept from run 1, new later, gone and back", () => {
    const last = runs.length - 1;
    const keys = [...(runs[last] as Run).served.keys()];
    const keptFromFirst = keys.filter((k) => runs.every((r) => r.served.has(k)));
    const newLater = keys.filter((k) => !runs[0]?.served.has(k));
    const goneAndBack = keys.filter((k) => runs[0]?.served.has(k) && runs.some((r) => !r.served.has(k)));
    expect(keptFromFirst.length).toBeGreaterThan(0);
    expect(newLater.length).toBeGreaterThan(0);
    expect(goneAndBack.length).toBeGreaterThan(0);
  });

  it("every finding of every run is first seen where its unbroken presence began, aged and due from there", async () => {
    let goneAndBackChecked = 0;
    for (const [k, run] of runs.entries()) {
      const rows = await csvRows(run);
      expect(new Set(rows.map((r) => r.key))).toEqual(new Set(run.served.keys()));
      for (const row of rows) {
        const first = expectedFirstSeen(row.key, k);
        expect(Date.parse(row.firstSeen), `${row.key} in run ${k + 1}`).toBe(first);
        expect(row.age).toBe(Math.floor((run.at - first) / DAY));
        const due = first + (SLA[row.level] as number) * DAY;
        expect(Date.parse(row.due)).toBe(due);
        expect(row.overdue).toBe(run.at > due);
        if (runs[0]?.served.has(row.key) && first !== runs[0].at) goneAndBackChecked++;
      }
    }
    expect(goneAndBackChecked).toBeGreaterThan(0);
  });

  it("counts overdue findings exactly in summary.md and report.html, and --fail-on-overdue gates on them", async () => {
    const seenOverdue: number[] = [];
    for (const [k, run] of runs.entries()) {
      let overdue = 0;
      for (const [key, level] of run.served) {
        if (run.at > expectedFirstSeen(key, k) + (SLA[level] as number) * DAY) overdue++;
      }
      seenOverdue.push(overdue);
      const md = await readFile(join(run.folder, "summary.md"), "utf8");
      expect(md).toContain(`Past their SLA (unwaived): **${overdue.toLocaleString("en-US")}**`);
      const html = await readFile(join(run.folder, "report.html"), "utf8");
      expect(html).toMatch(
        new RegExp(
          `<div class="cv">${overdue.toLocaleString("en-US")}</div><div class="cl">Overdue \\(past SLA\\)</div>`,
        ),
      );
      expect(run.code, run.stderr).toBe(overdue > 0 ? 4 : 0);
      if (overdue > 0)
        expect(run.stderr).toContain(
          `--fail-on-overdue: ${overdue} unwaived finding${overdue === 1 ? "" : "s"} past their SLA`,
        );
    }
    // The clock crosses SLAs: nothing overdue at first, something overdue by the last run.
    expect(seenOverdue[0]).toBe(0);
    expect(seenOverdue.at(-1)).toBeGreaterThan(0);
  });

  it("render --from shows the same first-seen times again, with the SLA of the config file", async () => {
    const last = runs.at(-1) as Run;
    const config = join(work.dir, "sla.yaml");
    await writeFile(config, "sla_days: { critical: 30, high: 60 }\n");
    const out = join(work.dir, "again");
    const result = await runCli(
      ["render", "--from", join(last.folder, "evidence.json"), "--config", config, "--format", "csv", "--out", out],
      { cwd: work.dir },
    );
    expect(result.code, result.stderr).toBe(0);
    const sla: Record<string, number> = { ...SLA, critical: 30, high: 60 };
    const rows = await csvRows({ ...last, folder: out });
    expect(rows.length).toBe(last.served.size);
    for (const row of rows) {
      const first = expectedFirstSeen(row.key, runs.length - 1);
      expect(Date.parse(row.firstSeen)).toBe(first);
      expect(Date.parse(row.due)).toBe(first + (sla[row.level] as number) * DAY);
    }
  });

  it("shows first seen, age and overdue in the PDF and the HTML of the last run", async () => {
    const last = runs.at(-1) as Run;
    const rows = await csvRows(last);
    const overdue = rows.filter((r) => r.overdue).length;
    const out = join(work.dir, "pdf");
    const result = await runCli(
      ["render", "--from", join(last.folder, "evidence.json"), "--format", "pdf", "--out", out],
      {
        cwd: work.dir,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "report.pdf"), "-"], {
      encoding: "utf8",
      maxBuffer: 64 << 20,
    });
    // One age line per finding; the overdue ones start with "Overdue".
    expect(text.match(/First seen \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC · \d+ days/g)?.length).toBe(rows.length);
    expect(text.match(/Overdue · First seen/g)?.length ?? 0).toBe(overdue);
    const oldest = rows.reduce((a, b) => (a.age >= b.age ? a : b));
    expect(text).toContain(`· ${oldest.age} days`);
    const html = await readFile(join(last.folder, "report.html"), "utf8");
    expect(html.match(/<span class="age" data-first-seen="/g)?.length).toBe(rows.length);
    expect(html.match(/<span class="tag exp">Overdue<\/span>/g)?.length ?? 0).toBe(overdue);
  });

  it("draws the trend with points equal to each run's counts, in the history index and the last report", async () => {
    const index = await readFile(join(work.dir, "history", "index.html"), "utf8");
    const report = await readFile(join((runs.at(-1) as Run).folder, "report.html"), "utf8");
    for (const html of [index, report]) {
      const levels = plotPoints(html, "levels");
      const changes = plotPoints(html, "changes");
      for (const [k, run] of runs.entries()) {
        const name = run.folder.split(/[\\/]/).at(-1) as string;
        for (const level of Object.keys(SLA)) {
          const count = [...run.served.values()].filter((l) => l === level).length;
          const point = levels.get(`${name}|${level}`);
          expect(point?.declared, `${name} ${level}`).toBe(count);
          expect(point?.drawn).toBeCloseTo(count, 0);
        }
        const before = runs[k - 1]?.served;
        if (!before) {
          expect(changes.has(`${name}|new`)).toBe(false);
          continue;
        }
        const added = [...run.served.keys()].filter((key) => !before.has(key)).length;
        const resolved = [...before.keys()].filter((key) => !run.served.has(key)).length;
        expect(changes.get(`${name}|new`)?.drawn).toBeCloseTo(added, 0);
        expect(changes.get(`${name}|resolved`)?.drawn).toBeCloseTo(resolved, 0);
      }
      expect(levels.size).toBe(runs.length * 4);
    }
  });

  it("lists the failed run with why, without its token, and it changes no one's first seen", async () => {
    expect(failed.code).toBe(3);
    const index = await readFile(join(work.dir, "history", "index.html"), "utf8");
    const row = /<tr class="failed">[\s\S]*?<\/tr>/.exec(index)?.[0];
    expect(row).toBeDefined();
    expect(index.match(/<tr class="failed">/g)).toHaveLength(1);
    expect(row).toContain(new Date(START + (RUN_DAYS[1] as number) * DAY + DAY).toISOString().slice(0, 10));
    expect(row).toContain("exit 3: ");
    expect(row).toContain("401");
    expect(index).not.toContain(BAD_TOKEN);
    expect(index).not.toContain(TOKEN);
  });

  it("fits the history index into 1280 px in Chromium, with no sideways scrolling", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(work.dir, "history", "index.html")).href);
      const size = await pageWidth(page);
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      expect(size.widest).toBeLessThanOrEqual(1280);
      const shot = join(work.dir, "history-index-1280.png");
      await page.screenshot({ path: shot, fullPage: true });
      if (process.env.HISTORY_SCREENSHOT) await copyFile(shot, process.env.HISTORY_SCREENSHOT);
    } finally {
      await browser.close();
    }
  });

  it("refuses a bad clock or SLA with exit 2, naming it", async () => {
    const clock = await runCli(["--demo", "--out", join(work.dir, "bad-clock")], {
      env: { HSS_REPORT_NOW: "tomorrow" },
      cwd: work.dir,
    });
    expect(clock.code).toBe(2);
    expect(clock.stderr).toContain('HSS_REPORT_NOW: not a date and time (got "tomorrow")');
    const config = join(work.dir, "bad-sla.yaml");
    await writeFile(config, "sla_days: { critical: 0, urgent: 3 }\n");
    const sla = await runCli(["--demo", "--config", config, "--out", join(work.dir, "bad-sla")], { cwd: work.dir });
    expect(sla.code).toBe(2);
    expect(sla.stderr).toContain("sla_days");
    expect(sla.stderr).toContain('unknown key "urgent"; allowed keys: critical, high, medium, low');
    expect(sla.stderr).not.toMatch(/\n\s+at /);
  });
});
