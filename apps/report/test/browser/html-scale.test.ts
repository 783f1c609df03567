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

/** `namespace/name:version`, as the report shows an image. */
const imageRef = (image: { namespace: string; name: string; version: string }): string =>
  `${image.namespace ? `${image.namespace}/` : ""}${image.name}${image.version ? `:${image.version}` : ""}`;

describe.each(sizes)("HTML report with %i images", (images) => {
  it("filters right after load, before any row index is built: the rows the data says match", {
    timeout: 600_000,
  }, async () => {
    const report = makeHtmlReport({ images, waivers: true });
    const file = join(dir, `first-filter-${images}.html`);
    writeFileSync(file, renderHtml(report));
    const browser = await launchChromium();
    try {
      const errors: string[] = [];
      // Typed in upper case: the filter ignores case. The second holds "=", which the markup escapes (&#x3D;).
      for (const needle of ["LEDGER-3", "password=changeme"]) {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        page.on("pageerror", (error) => errors.push(error.message));
        // Typed as soon as the document is parsed, before any idle time: no deferred chunk has become rows or been
        // indexed row by row, so the filter reads them all from their markup.
        await page.addInitScript((text) => {
          document.addEventListener("DOMContentLoaded", () => {
            const deferred = document.querySelectorAll(".ch").length - document.querySelectorAll(".tg").length;
            const waiting = document.querySelectorAll(".ch.lz").length;
            const input = document.getElementById("q") as HTMLInputElement;
            input.value = text;
            input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
            (window as unknown as { waiting: boolean }).waiting = deferred > 0 && waiting === deferred;
          });
        }, needle);
        await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 300_000 });
        const waiting = await page.evaluate(() => (window as unknown as { waiting: boolean }).waiting);
        const lower = needle.toLowerCase();
        const imageMatches = (key: string) => {
          const image = report.images.get(key);
          return image !== undefined && imageRef(image).toLowerCase().includes(lower);
        };
        const expectedIndex = report.imageIndex.filter((entry) => imageMatches(entry.imageKey)).length;
        const expectedFindings = report.sections
          .flatMap((section) => section.findings)
          .filter(
            (f) =>
              imageMatches(f.imageKey) || f.instructions.some((ins) => ins.instruction.toLowerCase().includes(lower)),
          ).length;
        expect(expectedIndex + expectedFindings).toBeGreaterThan(0);
        const counter = (await page.locator("#qn").textContent()) ?? "";
        const [shown] = (counter.match(/[\d,]+/g) ?? []).map((n) => Number(n.replace(/,/g, "")));
        // Every row, deferred or not, decided: once they are all rows, exactly the matching ones show.
        await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
        const visible = (selector: string) =>
          page.$$eval(`${selector} .dt tbody tr`, (rows) => rows.filter((row) => !row.closest("[hidden]")).length);
        expect({
          waiting,
          shown,
          index: await visible("#images"),
          findings: await visible("section.rule"),
        }).toEqual({
          waiting: true,
          shown: expectedIndex + expectedFindings,
          index: expectedIndex,
          findings: expectedFindings,
        });
      }
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

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
