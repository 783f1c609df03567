/// <reference lib="dom" />
// The HTML report at scale: every row present, opens in Chromium, filter still answers. Times are printed for
// the record (BENCHMARKS.md), never asserted. Sizes: HSS_HTML_SCALE=10000,100000 (default 10000).
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/render/html/index.js";
import { makeHtmlReport } from "../fixtures/html.js";
import { launchChromium } from "../helpers/browser.js";

const sizes = (process.env.HSS_HTML_SCALE ?? "10000").split(",").map(Number);
const dir = process.env.HSS_HTML_ARTIFACTS ?? mkdtempSync(join(tmpdir(), "hss-html-scale-"));
afterAll(() => {
  if (!process.env.HSS_HTML_ARTIFACTS) rmSync(dir, { recursive: true, force: true });
});

const ms = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n);

describe.each(sizes)("HTML report with %i images", (images) => {
  it("renders every row and opens in Chromium", { timeout: 600_000 }, async () => {
    const report = makeHtmlReport({ images, waivers: true });
    const findings = report.sections.reduce((n, s) => n + s.findings.length, 0);
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let start = process.hrtime.bigint();
    const html = renderHtml(report);
    const renderMs = ms(start);
    const rssAfter = process.memoryUsage().rss;
    const file = join(dir, `report-${images}.html`);
    start = process.hrtime.bigint();
    writeFileSync(file, html);
    const writeMs = ms(start);
    const bytes = statSync(file).size;

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      page.on("console", (message) => {
        if (message.type() === "error") errors.push(message.text());
      });
      start = process.hrtime.bigint();
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 300_000 });
      // Wait for a frame to be produced after load: the page is on screen and scrollable.
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const loadMs = ms(start);
      // Deferred chunks become rows in idle time; the time until the last one is when Ctrl+F sees everything.
      start = process.hrtime.bigint();
      await page.waitForFunction(() => document.querySelectorAll(".ch.lz").length === 0, undefined, {
        timeout: 300_000,
        polling: 250,
      });
      const allRowsMs = ms(start);
      const counts = await page.evaluate(() => ({
        index: document.querySelectorAll("#images .dt tbody tr").length,
        findings: document.querySelectorAll("section.rule .dt tbody tr").length,
      }));
      expect(counts).toEqual({ index: report.imageIndex.length, findings });

      start = process.hrtime.bigint();
      await page.evaluate(() => document.querySelector("#images")?.scrollIntoView());
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const jumpMs = ms(start);

      // The filter's own time, in the page (the first run also reads every row's text once).
      const filterMs = await page.evaluate(() => {
        const input = document.getElementById("q") as HTMLInputElement;
        const t0 = performance.now();
        input.value = "ledger-3";
        input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
        return Math.round(performance.now() - t0);
      });
      const shown = await page.locator("#qn").textContent();
      expect(shown).toMatch(/\d/);
      expect(errors).toEqual([]);

      console.log(
        `[html-scale] images=${images} findings=${findings} size=${(bytes / 1e6).toFixed(1)}MB ` +
          `render=${renderMs}ms write=${writeMs}ms rssDelta=${((rssAfter - rssBefore) / 1e6).toFixed(0)}MB ` +
          `chromiumLoad=${loadMs}ms allRows+${allRowsMs}ms jumpToIndex=${jumpMs}ms filter=${filterMs}ms`,
      );
    } finally {
      await browser.close();
    }
  });
});
