import { describe, expect, it, vi } from "vitest";
import { createProgress, HEARTBEAT_MS } from "../../src/cli/progress.js";
import type { ProgressEvent } from "../../src/fetch/progress.js";

const events: ProgressEvent[] = [
  { stage: "rules", scopeId: "s", imageKind: "cicd", rules: 3 },
  { stage: "images", listingsDone: 0, listingsTotal: 3, images: 0, pagesRead: 0, pagesTotal: 3 },
  { stage: "images", listingsDone: 1, listingsTotal: 3, images: 10, pagesRead: 1, pagesTotal: 3 },
  { stage: "retry", scopeId: "s", message: "throttled" },
  { stage: "scope-failed", scopeId: "t", message: "HTTP 401" },
  { stage: "warning", message: "waiver matches nothing" },
  { stage: "images", listingsDone: 3, listingsTotal: 3, images: 25, pagesRead: 3, pagesTotal: 3 },
  { stage: "build" },
  { stage: "render", format: "csv" },
  { stage: "write", dir: "/out" },
];

function capture(isTTY: boolean, quiet: boolean) {
  let text = "";
  const progress = createProgress({ isTTY, write: (t: string) => (text += t) }, quiet);
  for (const event of events) progress.onProgress(event);
  progress.line("wrote 1 file(s)");
  progress.notice("--fail-on high: FAILED");
  progress.stop();
  return text;
}

describe("progress", () => {
  it("prints one line per stage when not on a terminal, the image counter once with its final numbers", () => {
    expect(capture(false, false).split("\n")).toEqual([
      "s cicd: 3 rules selected",
      "s: throttled",
      "warning: waiver matches nothing",
      "affected images: 3/3 rule listings read, 25 image rows",
      "building the report model",
      "rendering csv",
      "writing /out",
      "wrote 1 file(s)",
      "--fail-on high: FAILED",
      "",
    ]);
  });

  it("updates one line in place on a terminal and keeps retries and the last line", () => {
    const text = capture(true, false);
    expect(text).toContain("\r\x1b[2K");
    expect(text).toContain("s: throttled\n");
    expect(text.endsWith("\r\x1b[2Kwrote 1 file(s)\n--fail-on high: FAILED\n")).toBe(true);
    // A failed scope is named once, by the run's error or PARTIAL warning, not by the progress.
    expect(text).not.toContain("HTTP 401");
    expect(text).not.toContain("rule listings read, 25 image rows\n");
  });

  it("prints only warnings and the verdict with --quiet", () => {
    expect(capture(false, true)).toBe("warning: waiver matches nothing\n--fail-on high: FAILED\n");
    expect(capture(true, true)).toBe("warning: waiver matches nothing\n--fail-on high: FAILED\n");
  });

  it("without a terminal, writes a line at least every 10 s while pages are read: pages, requests, retries, ETA", () => {
    vi.useFakeTimers();
    try {
      let text = "";
      const progress = createProgress({ isTTY: false, write: (t: string) => (text += t) }, false);
      const requests = 7;
      for (let i = 0; i < requests; i++) progress.onProgress({ stage: "request" });
      progress.onProgress({ stage: "retry", scopeId: "s", message: "throttled" });
      progress.onProgress({
        stage: "images",
        listingsDone: 1,
        listingsTotal: 4,
        images: 200,
        pagesRead: 2,
        pagesTotal: 10,
      });
      text = "";
      vi.advanceTimersByTime(HEARTBEAT_MS - 1000);
      expect(text).toBe("");
      vi.advanceTimersByTime(1000);
      // 2 of 10 pages in 10 s: 8 more take 40 s.
      expect(text).toBe("progress: 2/10 pages read, 7 requests, 1 retry, ETA 40 s\n");
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(text.split("\n").filter(Boolean)).toHaveLength(2);
      // Once the fetch is over (the model is built), no more heartbeat.
      progress.onProgress({ stage: "build" });
      text = "";
      vi.advanceTimersByTime(5 * HEARTBEAT_MS);
      expect(text).toBe("");
      progress.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
