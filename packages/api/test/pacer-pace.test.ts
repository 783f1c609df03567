// The pacer's spacing (found by `pnpm bench`, rate-limit walk): turns one at a time with no catch-up burst, the
// limit APIG states kept as a floor, a pause honoured while a turn waits.
import { describe, expect, it } from "vitest";
import { Pacer } from "../src/limiter.js";

describe("Pacer.wait", () => {
  it("spaces request starts by the interval, never closer than half of it", async () => {
    const pacer = new Pacer(50, () => {});
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        await pacer.wait();
        starts.push(Date.now());
      }),
    );
    for (let i = 1; i < starts.length; i++) {
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(9);
    }
    expect((starts.at(-1) as number) - (starts[0] as number)).toBeGreaterThanOrEqual(95);
  });

  it("honours a pause that starts while a turn waits", async () => {
    const pacer = new Pacer(20, () => {});
    await pacer.wait();
    const started = Date.now();
    const next = pacer.wait();
    pacer.pauseUntil(started + 150);
    await next;
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("an aborted wait does not block the turns after it", async () => {
    const pacer = new Pacer(10, () => {});
    await pacer.wait();
    const controller = new AbortController();
    const aborted = pacer.wait(controller.signal);
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    await pacer.wait();
  });
});

describe("Pacer.onThrottled", () => {
  it("keeps the limit APIG stated while recovering from a back-off", () => {
    const pacer = new Pacer(undefined, () => {});
    pacer.onThrottled(20, Date.now() - 1);
    pacer.onThrottled(20, Date.now() + 1);
    expect(pacer.intervalMs).toBe(100);
    for (let i = 0; i < 200; i++) pacer.onSuccess();
    expect(pacer.intervalMs).toBe(50);
  });
});
