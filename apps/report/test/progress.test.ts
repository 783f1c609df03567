import { describe, expect, it } from "vitest";
import { createProgress } from "../src/cli/progress.js";
import type { ProgressEvent } from "../src/fetch/progress.js";

const events: ProgressEvent[] = [
  { stage: "rules", scopeId: "s", imageKind: "cicd", rules: 3 },
  { stage: "images", listingsDone: 0, listingsTotal: 3, images: 0 },
  { stage: "images", listingsDone: 1, listingsTotal: 3, images: 10 },
  { stage: "retry", scopeId: "s", message: "throttled" },
  { stage: "images", listingsDone: 3, listingsTotal: 3, images: 25 },
  { stage: "build" },
  { stage: "render", format: "csv" },
  { stage: "write", dir: "/out" },
];

function capture(isTTY: boolean, quiet: boolean) {
  let text = "";
  const progress = createProgress({ isTTY, write: (t: string) => (text += t) }, quiet);
  for (const event of events) progress.onProgress(event);
  progress.line("wrote 1 file(s)");
  return text;
}

describe("progress", () => {
  it("prints one line per stage when not on a terminal, the image counter once with its final numbers", () => {
    expect(capture(false, false).split("\n")).toEqual([
      "s cicd: 3 rule(s) selected",
      "s: throttled",
      "affected images: 3/3 rule listings read, 25 image rows",
      "building the report model",
      "rendering csv",
      "writing /out",
      "wrote 1 file(s)",
      "",
    ]);
  });

  it("updates one line in place on a terminal and keeps retries and the last line", () => {
    const text = capture(true, false);
    expect(text).toContain("\r\x1b[2K");
    expect(text).toContain("s: throttled\n");
    expect(text.endsWith("\r\x1b[2Kwrote 1 file(s)\n")).toBe(true);
    expect(text).not.toContain("rule listings read, 25 image rows\n");
  });

  it("prints nothing with --quiet", () => {
    expect(capture(false, true)).toBe("");
    expect(capture(true, true)).toBe("");
  });
});
