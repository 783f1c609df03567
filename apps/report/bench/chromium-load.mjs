// Opens an HTML report in real Chromium (headless, /usr/bin/chromium via playwright-core) and measures how long
// until it is usable: DOMContentLoaded and load (navigation timing), first contentful paint, and one filter over
// every row right after load, then keystrokes once the page is idle (the report's script filters every table).
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
  // A filter right after load (it may still have to index deferred rows), then keystrokes once the page is idle:
  // each is the time from the input event to two frames later (the filtered table is on screen).
  const typeOnce = (value) =>
    page.evaluate(async (text) => {
      const input = document.getElementById("q");
      if (!input) return Number.NaN;
      const t0 = performance.now();
      input.value = text;
      input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter" }));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - t0;
    }, value);
  const filterMs = await typeOnce("nginx");
  await typeOnce("");
  await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 10_000 })));
  const keystrokes = [];
  for (const text of ["n", "ng", "ngi", "ngin", "nginx", "nginx-1", "nginx-12", "nginx-1", ""])
    keystrokes.push(await typeOnce(text));
  const sorted = [...keystrokes].sort((a, b) => a - b);
  const keystrokeMedianMs = sorted[Math.floor(sorted.length / 2)];
  const keystrokeMaxMs = sorted.at(-1);
  process.stdout.write(
    `${JSON.stringify({ gotoMs, ...timing, filterMs, keystrokeMedianMs, keystrokeMaxMs, keystrokes })}\n`,
  );
} finally {
  await browser.close();
}
