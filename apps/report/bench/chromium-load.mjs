// Opens an HTML report in real Chromium (headless, /usr/bin/chromium via playwright-core) and measures how long
// until it is usable: DOMContentLoaded and load (navigation timing), first contentful paint, and one filter over
// every row (type a word, press Enter: the report's script materializes and filters all tables).
//   node chromium-load.mjs <file.html>
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [file] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const started = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 120_000 });
  const gotoMs = performance.now() - started;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const fcp = performance.getEntriesByName("first-contentful-paint")[0];
    return {
      domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : Number.NaN,
      loadMs: nav ? nav.loadEventEnd : Number.NaN,
      fcpMs: fcp ? fcp.startTime : Number.NaN,
    };
  });
  // One filter over every row: the slowest interaction the report offers (it materializes lazy chunks first).
  const filterMs = await page.evaluate(async () => {
    const input = document.getElementById("q");
    if (!input) return Number.NaN;
    const t0 = performance.now();
    input.value = "nginx";
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return performance.now() - t0;
  });
  process.stdout.write(`${JSON.stringify({ gotoMs, ...timing, filterMs })}\n`);
} finally {
  await browser.close();
}
