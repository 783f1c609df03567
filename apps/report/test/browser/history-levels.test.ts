// A history whose first run read only `--risk-level critical`: the levels it did not read are "not read", not 0 —
// absent from its `.history.json` entry, "—" in the index, a gap in the trend of the index and of the next report —
// and the index, whose second run carries the "not compared" tag, still fits 1280 px in Chromium. The built CLI
// against the emulator; what is expected is computed from the evidence the runs wrote.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence, RiskLevel } from "../../src/evidence/types.js";
import { messages } from "../../src/i18n/index.js";
import { launchChromium, pageWidth } from "../helpers/browser.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";
import { evidenceFindings } from "../helpers/pairs.js";
import { plotLines, plotPoints } from "../helpers/trend.js";

const TOKEN = "tok-levels-8e14b2c7";
const LEVELS: RiskLevel[] = ["critical", "high", "medium", "low"];
const RUNS = ["2026-12-01T06-00-00Z", "2026-12-02T06-00-00Z"] as const;
const m = messages("en-us");

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let hist: string;
/** Per run: findings by level, as its evidence holds them; `null` for a level the run was not given. */
const expected: Record<RiskLevel, number | null>[] = [];

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "levels", images: 60, tokens: [TOKEN] });
  work = await tempDir();
  hist = join(work.dir, "hist");
  const target = ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--out", hist];
  for (const [i, extra] of [["--risk-level", "critical", "--keep", "5"], []].entries()) {
    const run = await runCli([...target, "--format", "html,json,md", ...extra], {
      env: { HSS_AUTH_TOKEN: TOKEN, HSS_REPORT_NOW: `${(RUNS[i] as string).slice(0, 10)}T06:00:00Z` },
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    const evidence = JSON.parse(await readFile(join(hist, RUNS[i] as string, "evidence.json"), "utf8")) as Evidence;
    const given = evidence.run.parameters.riskLevels;
    const findings = evidenceFindings(evidence);
    expected.push(
      Object.fromEntries(
        LEVELS.map((l) => [
          l,
          given.length && !given.includes(l) ? null : findings.filter((f) => f.level === l).length,
        ]),
      ) as Record<RiskLevel, number | null>,
    );
  }
}, 180_000);
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

describe("a history run limited to --risk-level critical, then one of every level", () => {
  it("the data has findings of the levels the first run did not read", () => {
    expect(expected[0]).toMatchObject({ high: null, medium: null, low: null });
    expect(expected[0]?.critical).toBeGreaterThan(0);
    for (const level of ["high", "medium", "low"] as const) expect(expected[1]?.[level]).toBeGreaterThan(0);
  });

  it("records the levels it did not read as absent in .history.json, not 0", async () => {
    const entries = JSON.parse(await readFile(join(hist, ".history.json"), "utf8")) as Record<
      string,
      { byLevel: Record<RiskLevel, number | null> }
    >;
    RUNS.forEach((run, i) => {
      expect(entries[run]?.byLevel, run).toEqual(expected[i]);
    });
  });

  it("shows — in the index for a level not read, and the count for the levels read", async () => {
    const index = await readFile(join(hist, "index.html"), "utf8");
    RUNS.forEach((run, i) => {
      const row = index.split("\n").find((line) => line.startsWith("<tr>") && line.includes(`>${run}<`));
      expect(row, run).toBeDefined();
      const cells = [...(row as string).matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]);
      // Run, data time, affected images, findings, then one cell per level.
      const byLevel = cells.slice(4, 4 + LEVELS.length);
      expect(byLevel, run).toEqual(
        LEVELS.map((l) => {
          const n = expected[i]?.[l];
          return n === null || n === undefined ? m.t("none") : m.number(n);
        }),
      );
    });
  });

  it("leaves a gap in the trend of the index and of the next report: no point, no line through it", async () => {
    for (const file of ["index.html", join(RUNS[1], "report.html")]) {
      const html = await readFile(join(hist, file), "utf8");
      const points = plotPoints(html, "levels");
      const lines = plotLines(html, "levels");
      for (const level of LEVELS) {
        const read = RUNS.filter((_, i) => expected[i]?.[level] !== null);
        RUNS.forEach((run, i) => {
          const point = points.get(`${run}|${level}`);
          if (expected[i]?.[level] === null) expect(point, `${file} ${run} ${level}`).toBeUndefined();
          else expect(point?.declared, `${file} ${run} ${level}`).toBe(expected[i]?.[level]);
        });
        // Two consecutive runs read the level: one line between them; else none.
        expect(lines.get(level) ?? [], `${file} ${level}`).toEqual(read.length === RUNS.length ? [RUNS.length] : []);
      }
    }
  });

  it("fits the index into 1280 px in Chromium though a run carries the long 'not compared' tag", async () => {
    const index = await readFile(join(hist, "index.html"), "utf8");
    const second = JSON.parse(await readFile(join(hist, RUNS[1], "evidence.json"), "utf8")) as Evidence;
    const outside = second.assessment?.changes?.comparison?.outside;
    expect(outside).toBeGreaterThan(0);
    expect(index).toContain(m.count("history.notCompared", outside as number));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(pathToFileURL(join(hist, "index.html")).href);
      const size = await pageWidth(page);
      expect(size.scroll).toBeLessThanOrEqual(size.client);
      expect(size.widest).toBeLessThanOrEqual(1280);
    } finally {
      await browser.close();
    }
  });
});
