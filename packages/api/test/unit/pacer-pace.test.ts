// The pacer's spacing (found by `pnpm bench`, rate-limit walk): turns one at a time with no catch-up burst, the
// limit APIG states kept as a floor, a pause honoured while a turn waits.
import { describe, expect, it } from "vitest";
import { Pacer } from "../../src/limiter.js";

describe("Pacer.wait", () => {
  it("spaces request starts by the interval, never closer than half of it", async () => {
    const pacer = new Pacer(50);
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
    const pacer = new Pacer(20);
    await pacer.wait();
    const started = Date.now();
    const next = pacer.wait();
    pacer.pauseUntil(started + 150);
    await next;
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it("an aborted wait does not block the turns after it", async () => {
    const pacer = new Pacer(10);
    await pacer.wait();
    const controller = new AbortController();
    const aborted = pacer.wait(controller.signal);
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    await pacer.wait();
  });

  it("lets callers through one at a time, in order, and an aborted caller does not stop the others", async () => {
    const pacer = new Pacer(1000);
    const order: number[] = [];
    const aborted = new AbortController();
    aborted.abort(new Error("gave up"));
    const waits = [0, 1, 2, 3, 4].map((i) =>
      pacer.wait(i === 2 ? aborted.signal : undefined).then(
        () => order.push(i),
        () => order.push(-i),
      ),
    );
    await Promise.all(waits);
    // The aborted one gives up at once; the others start in the order they asked.
    expect(order.filter((i) => i >= 0)).toEqual([0, 1, 3, 4]);
    expect(order).toContain(-2);
  });

  it("a caller that gives up while queued leaves at once, and the turn after it still waits its slot", async () => {
    const pacer = new Pacer(10);
    await pacer.wait();
    const first = pacer.wait(); // ~100 ms
    const controller = new AbortController();
    const queued = pacer.wait(controller.signal);
    const events: string[] = [];
    void first.then(() => events.push("first"));
    controller.abort(new Error("gave up"));
    await expect(queued).rejects.toThrow("gave up");
    events.push("aborted");
    await first;
    // It did not wait for the turn ahead of it.
    expect(events).toEqual(["aborted", "first"]);
    const third = Date.now();
    await pacer.wait();
    // Spaced from the first, not let through when the aborted one left.
    expect(Date.now() - third).toBeGreaterThanOrEqual(45);
  });
});

describe("Pacer.onThrottled", () => {
  it("keeps the limit APIG stated while recovering from a back-off", () => {
    const pacer = new Pacer();
    pacer.onThrottled(20, Date.now() - 1);
    pacer.onThrottled(20, Date.now() + 1);
    expect(pacer.intervalMs).toBe(100);
    for (let i = 0; i < 200; i++) pacer.onSuccess();
    expect(pacer.intervalMs).toBe(50);
  });
});
