// Debian's Chromium, headless, as every browser test starts it: no sandbox (root in CI), and none of the background
// connections this machine's closed network would refuse.
import { type Browser, chromium, type Page } from "playwright-core";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** How wide the page lays out: its scroll and client widths, and the right edge of its widest element (CSS px). */
export function pageWidth(page: Page): Promise<{ scroll: number; client: number; widest: number }> {
  return page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    widest: Math.max(...Array.from(document.querySelectorAll("body *"), (e) => e.getBoundingClientRect().right)),
  }));
}

/**
 * Waits until every deferred table chunk of a report.html is rows (the page's script makes them rows near the screen
 * and in idle time, which a loaded machine reaches late): on the page's state, polled each frame, with no deadline of
 * its own (the test's timeout guards a hang).
 */
export async function everyChunkRendered(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelectorAll(".ch.lz").length === 0, undefined, { timeout: 0 });
}
