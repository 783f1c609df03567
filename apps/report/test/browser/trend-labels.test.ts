// The trend charts' x labels when two runs of a history folder fall on the same day: each run's label adds its time
// of day, so no two read alike, and in Chromium no two labels' boxes overlap (in the index and in the latest
// report). The built CLI against the emulator, at the data times the test sets (`HSS_REPORT_NOW`).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runLabels } from "../../src/render/trend.js";
import { launchChromium } from "../helpers/browser.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";

const TOKEN = "tok-trend-labels-4c1d";
/** Two runs on 1 December (06:00 and 18:00 UTC), one on 2 December. */
const TIMES = ["2026-12-01T06:00:00Z", "2026-12-01T18:00:00Z", "2026-12-02T06:00:00Z"];
/** What a reader tells the runs apart by: the day, and the time of day only where the day is not enough. */
const EXPECTED = [["12-01", "06:00"], ["12-01", "18:00"], ["12-02"]];

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let browser: Browser | undefined;
let hist: string;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "trend-labels", images: 20, tokens: [TOKEN] });
  work = await tempDir();
  hist = join(work.dir, "hist");
  for (const at of TIMES) {
    const run = await runCli(
      [
        "--endpoint",
        emulator.url,
        "--project-id",
        emulator.projectId,
        "--out",
        hist,
        "--keep",
        "5",
        "--format",
        "html,json",
      ],
      { env: { HSS_AUTH_TOKEN: TOKEN, HSS_REPORT_NOW: at }, cwd: work.dir },
    );
    expect(run.code, run.stderr).toBe(0);
  }
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  await work?.cleanup();
});

interface Label {
  run: string;
  lines: string[];
  box: { left: number; right: number; top: number; bottom: number };
}

/** Every x label of each trend plot of `file`, with its lines and its box on the page, in Chromium. */
async function labelsOf(file: string): Promise<Record<string, Label[]>> {
  browser ??= await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    return await page.evaluate(() => {
      const plots: Record<string, Label[]> = {};
      for (const svg of Array.from(document.querySelectorAll("svg[data-plot]"))) {
        plots[svg.getAttribute("data-plot") ?? ""] = Array.from(svg.querySelectorAll("text[data-x-label]"), (text) => {
          const { left, right, top, bottom } = text.getBoundingClientRect();
          return {
            run: text.getAttribute("data-x-label") ?? "",
            lines: Array.from(text.querySelectorAll("tspan"), (line) => line.textContent ?? ""),
            box: { left, right, top, bottom },
          };
        });
      }
      return plots;
    });
  } finally {
    await page.close();
  }
}

const overlap = (a: Label["box"], b: Label["box"]) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe("trend labels of two runs on the same day", () => {
  it("runLabels: the year where a day repeats across years, the seconds where two runs share a minute", () => {
    expect(runLabels(TIMES.map((dataTime) => ({ dataTime })))).toEqual(EXPECTED);
    expect(runLabels(["2025-12-01T06:00:00Z", "2026-12-01T06:00:00Z"].map((dataTime) => ({ dataTime })))).toEqual([
      ["2025-12-01"],
      ["2026-12-01"],
    ]);
    expect(runLabels(["2026-12-01T06:00:05Z", "2026-12-01T06:00:40Z"].map((dataTime) => ({ dataTime })))).toEqual([
      ["12-01", "06:00:05"],
      ["12-01", "06:00:40"],
    ]);
  });

  for (const file of ["index.html", "latest/report.html"]) {
    it(`${file}: each run's label differs from the others, and no two overlap`, async () => {
      const plots = await labelsOf(join(hist, file));
      expect(Object.keys(plots).sort()).toEqual(["changes", "levels"]);
      for (const [plot, labels] of Object.entries(plots)) {
        expect(
          labels.map((l) => l.lines),
          `${file} ${plot}`,
        ).toEqual(EXPECTED);
        expect(labels.map((l) => l.run)).toEqual(TIMES.map((at) => `${at.slice(0, 13)}-${at.slice(14, 16)}-00Z`));
        for (const [i, a] of labels.entries()) {
          expect(a.box.right - a.box.left, `${file} ${plot} ${a.run}: drawn`).toBeGreaterThan(0);
          for (const b of labels.slice(i + 1)) {
            expect(overlap(a.box, b.box), `${file} ${plot}: ${a.run} and ${b.run}`).toBe(false);
          }
        }
      }
    });
  }
});
