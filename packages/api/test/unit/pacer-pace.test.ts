// The pacer's spacing (found by `pnpm bench`, rate-limit walk): turns one at a time with no catch-up burst, the
// limit APIG states kept as a floor, a pause honoured while a turn waits. On fake timers: each turn's time is the
// pacer's own decision, so a loaded machine cannot move it, and a stall is made on purpose (the clock jumps while a
// turn waits, so its timer fires late).
import timers from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Pacer } from "../../src/limiter.js";

/** Runs the timers until `promise` settles; resolves with the (fake) time it did. */
async function timeOf(promise: Promise<unknown>): Promise<number> {
  let at: number | undefined;
  const settled = promise.then(
    () => (at = Date.now()),
    () => (at = Date.now()),
  );
  await vi.runAllTimersAsync();
  await settled;
  return at as number;
}

const gaps = (times: number[]) => times.slice(1).map((time, i) => time - (times[i] as number));

describe("Pacer.wait", () => {
  // Fake timers replace the global timers, not node:timers/promises' own: the pacer's sleep goes through them here.
  const nodeSleep = timers.setTimeout;
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 30, 9, 0, 0) });
    timers.setTimeout = <T>(ms?: number, value?: T, options?: { signal?: AbortSignal }) =>
      new Promise<T>((resolve, reject) => {
        const signal = options?.signal;
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => resolve(value as T), ms);
        signal?.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), { once: true });
      });
  });
  afterEach(() => {
    timers.setTimeout = nodeSleep;
    vi.useRealTimers();
  });

  it("spaces request starts by the interval, and after a stall never closer than half of it", async () => {
    const pacer = new Pacer(50);
    const interval = pacer.intervalMs;
    const startsOf = (count: number) => Array.from({ length: count }, () => pacer.wait().then(() => Date.now()));

    // Turns taken on time: one interval apart, the first at once.
    const asked = Date.now();
    const onTime = startsOf(6);
    await vi.runAllTimersAsync();
    const starts = await Promise.all(onTime);
    expect(starts[0]).toBe(asked);
    expect(gaps(starts)).toEqual(Array(5).fill(interval));

    // A stall: the event loop is held up (the clock jumps) while the next turn waits, so its timer fires late. That
    // turn goes at once; the next catches up half an interval, no more; the rest keep the interval (no burst).
    const stallMs = 10 * interval;
    const afterStall = startsOf(4);
    await vi.advanceTimersByTimeAsync(0);
    vi.setSystemTime(Date.now() + stallMs);
    await vi.runAllTimersAsync();
    const late = await Promise.all(afterStall);
    expect(late[0]).toBe((starts.at(-1) as number) + interval + stallMs);
    expect(gaps(late)).toEqual([interval / 2, interval, interval]);
  });

  it("honours a pause that starts while a turn waits", async () => {
    const pacer = new Pacer(20);
    await pacer.wait();
    const started = Date.now();
    const next = pacer.wait();
    pacer.pauseUntil(started + 150);
    // Not at its slot (started + 50): at the end of the pause.
    expect(await timeOf(next)).toBe(started + 150);
  });

  it("an aborted wait does not block the turns after it", async () => {
    const pacer = new Pacer(10);
    await pacer.wait();
    const first = Date.now();
    const controller = new AbortController();
    const aborted = pacer.wait(controller.signal);
    controller.abort(new Error("stop"));
    await expect(aborted).rejects.toThrow("stop");
    // The next turn takes the slot the aborted one left: one interval after the first.
    expect(await timeOf(pacer.wait())).toBe(first + pacer.intervalMs);
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
    await timeOf(Promise.all(waits));
    // The aborted one gives up at once; the others start in the order they asked.
    expect(order.filter((i) => i >= 0)).toEqual([0, 1, 3, 4]);
    expect(order).toContain(-2);
  });

  it("a caller that gives up while queued leaves at once, and the turn after it still waits its slot", async () => {
    const pacer = new Pacer(10);
    const interval = pacer.intervalMs;
    await pacer.wait();
    const asked = Date.now();
    const first = pacer.wait(); // at asked + interval
    const controller = new AbortController();
    const queued = pacer.wait(controller.signal);
    const events: string[] = [];
    void first.then(() => events.push("first"));
    controller.abort(new Error("gave up"));
    await expect(queued).rejects.toThrow("gave up");
    events.push("aborted");
    // It left at once, without waiting for the turn ahead of it.
    expect(Date.now()).toBe(asked);
    const firstAt = await timeOf(first);
    expect(events).toEqual(["aborted", "first"]);
    expect(firstAt).toBe(asked + interval);
    // Spaced from the first, not let through when the aborted one left.
    expect(await timeOf(pacer.wait())).toBe(firstAt + interval);
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
