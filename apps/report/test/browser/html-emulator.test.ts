/// <reference lib="dom" />
// The HTML report end to end: `runReport` reads the emulator's hostile data over HTTP, writes report.html, and
// real Chromium opens it: nothing injected, nothing executed, nothing fetched, every image listed.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { startEmulator } from "@hss-reports/emulator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogues } from "../../src/i18n/index.js";
import { reveal } from "../../src/render/html/index.js";
import { runReport } from "../../src/run.js";
import { launchChromium } from "../helpers/browser.js";

let browser: Browser;
let emulator: Awaited<ReturnType<typeof startEmulator>>;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: "html-hostile", hostile: true, images: 300 });
  dir = await mkdtemp(join(tmpdir(), "hss-html-e2e-"));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(["en-us", "zh-cn"] as const)("report.html from the hostile emulator (%s)", (lang) => {
  it("shows every image, as text, with no script run and no request", async () => {
    const out = join(dir, lang);
    const result = await runReport(
      { endpoint: emulator.url, project_id: emulator.projectId, format: ["html"], out, lang },
      { env: { HSS_AUTH_TOKEN: emulator.token }, cwd: dir },
    );
    const file = join(out, "report.html");
    const html = await readFile(file, "utf8");
    expect(html).toContain(`<html lang="${lang === "zh-cn" ? "zh-CN" : "en-US"}">`);
    expect(result.report.imageIndex.length).toBeGreaterThan(0);

    const url = pathToFileURL(file).href;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const requests: string[] = [];
      const errors: string[] = [];
      await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
      const page = await context.newPage();
      page.on("request", (request) => requests.push(request.url()));
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") errors.push(message.text());
      });
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
      // Hover and scroll over everything: handlers injected through data would fire now.
      for (const row of (await page.locator("section.rule .dt tbody tr").all()).slice(0, 40)) await row.hover();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));

      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator("script").count()).toBe(1);
      expect(await page.locator("img, iframe, object, embed, form, input:not(#q):not([type=checkbox])").count()).toBe(
        0,
      );
      expect(await page.locator("svg").count()).toBe(1);
      const handlers = await page.evaluate(
        () =>
          Array.from(document.querySelectorAll("*")).filter((el) =>
            Array.from(el.attributes).some((attr) => attr.name.startsWith("on")),
          ).length,
      );
      expect(handlers).toBe(0);
      expect(await page.locator("#images .dt tbody tr").count()).toBe(result.report.imageIndex.length);
      const findings = result.report.sections.reduce((n, s) => n + s.findings.length, 0);
      expect(await page.locator("section.rule .dt tbody tr").count()).toBe(findings);
      // Every image name the API returned is on the page as text (control and bidi characters made visible).
      const text = (await page.locator("body").textContent()) ?? "";
      // (The HTML parser turns CR and CRLF into LF.)
      const visible = (s: string) => reveal(s).replace(/\r\n?/g, "\n");
      for (const image of result.report.images.values()) expect(text).toContain(visible(image.name));
      const heading = catalogues[lang]["sections.images"] ?? "";
      expect(await page.locator("#images h2").textContent()).toContain(heading);
    } finally {
      await context.close();
    }
  });
});
