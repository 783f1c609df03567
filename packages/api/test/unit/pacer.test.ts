// The pacer after 429s: a burst of 429s for requests that were in flight together slows down once; a
// 429 for a request sent after that slow-down slows down further.
import { describe, expect, it } from "vitest";
import { Pacer } from "../../src/limiter.js";

describe("Pacer.onThrottled", () => {
  it("counts a burst of 429s for requests sent before the slow-down once", () => {
    const pacer = new Pacer();
    const sentBefore = Date.now() - 100;
    const slowedDown = [pacer.onThrottled(20, sentBefore)];
    expect(pacer.intervalMs).toBe(50);
    // Seven more 429s of the same burst (sent at the old pace): no further slow-down.
    for (let i = 0; i < 7; i++) slowedDown.push(pacer.onThrottled(20, sentBefore + i));
    expect(pacer.intervalMs).toBe(50);
    expect(slowedDown.filter(Boolean)).toHaveLength(1);

    // Throttled again although sent at the new pace: back off further.
    pacer.onThrottled(20, Date.now() + 1);
    expect(pacer.intervalMs).toBe(100);
    pacer.onThrottled(20, Date.now() + 2);
    expect(pacer.intervalMs).toBe(200);
  });

  it("without a send time, every 429 counts (as before)", () => {
    const pacer = new Pacer();
    pacer.onThrottled(undefined);
    pacer.onThrottled(undefined);
    pacer.onThrottled(undefined);
    expect(pacer.intervalMs).toBe(200);
  });
});
