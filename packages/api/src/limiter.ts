import timers from "node:timers/promises";

/**
 * Waits `ms`; an abort rejects with the signal's reason (as fetch does), not Node's generic AbortError. Node's timer
 * is read from its module at each call, so a test's fake clock can stand in for it.
 */
export async function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) throw signal.reason;
  if (ms <= 0) return;
  await timers.setTimeout(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    throw signal?.aborted ? signal.reason : error;
  });
}

/**
 * A request pacer that several clients can share: pass the same one as `pacer` to every client that sends to one
 * region, and together they keep that region's limit (HSS throttles per account and API in each region, whatever the
 * project: `APIG.0308`, "limit:N,time:1 second"). Made by {@link createPacer}.
 */
export interface HssPacer {
  /** The pace it keeps at the least, in requests per second; undefined: paced only after a 429. */
  readonly maxRequestsPerSecond: number | undefined;
}

/**
 * A pacer to share between clients: at most `maxRequestsPerSecond` request starts per second (when set), slowed
 * further after a 429 and recovering on success, a `Retry-After` pausing every client that shares it.
 *
 * @throws RangeError when `maxRequestsPerSecond` is not > 0.
 */
export function createPacer(maxRequestsPerSecond?: number): HssPacer {
  return new Pacer(maxRequestsPerSecond);
}

/**
 * Spaces request starts: at most `maxRequestsPerSecond` (when set), slowed further after a 429 (adaptively, from
 * the limit APIG states in `APIG.0308` when it does, which is then kept), and recovering gradually on success
 * down to that limit. A `Retry-After` pauses every request, not just the one that was throttled.
 */
export class Pacer implements HssPacer {
  readonly maxRequestsPerSecond: number | undefined;
  readonly #baseIntervalMs: number;
  #adaptiveIntervalMs = 0;
  /** The pace of the limit APIG stated in a 429 (`limit:N,time:1 second`): kept, since the limit does not go away. */
  #statedIntervalMs = 0;
  #nextAt = 0;
  #turn: Promise<void> = Promise.resolve();
  /** When the last slow-down took effect: 429s of requests sent before it belong to the burst it answered. */
  #slowedAt = Number.NEGATIVE_INFINITY;

  constructor(maxRequestsPerSecond?: number) {
    if (maxRequestsPerSecond !== undefined && !(maxRequestsPerSecond > 0)) {
      throw new RangeError(`maxRequestsPerSecond must be > 0, got ${maxRequestsPerSecond}`);
    }
    this.maxRequestsPerSecond = maxRequestsPerSecond;
    this.#baseIntervalMs = maxRequestsPerSecond ? 1000 / maxRequestsPerSecond : 0;
  }

  get intervalMs(): number {
    return Math.max(this.#baseIntervalMs, this.#statedIntervalMs, this.#adaptiveIntervalMs);
  }

  /**
   * Waits for this request's turn. Turns are taken one at a time, in the order asked: a paced turn keeps its slot
   * (no drift) but catches up by at most half an interval after a stall, so a stalled event loop never fires a
   * burst over the limit (the limit is counted per second: one request too many is a 429 and a pause for everyone);
   * an idle pacer starts afresh from now. A `pauseUntil` during the wait is honoured. An abort rejects at once with
   * the signal's reason, and the turns after it go on.
   */
  wait(signal?: AbortSignal | null): Promise<void> {
    const turn = abortable(this.#turn, signal).then(async () => {
      let waited = false;
      for (let delay = this.#nextAt - Date.now(); delay > 0; delay = this.#nextAt - Date.now()) {
        waited = true;
        await sleep(delay, signal);
      }
      const interval = this.intervalMs;
      const now = Date.now();
      this.#nextAt = (waited ? Math.max(this.#nextAt, now - interval / 2) : now) + interval;
    });
    // The next turn comes after this one's, even when this one gave up early (its wait on the turns before it did
    // not end them).
    const previous = this.#turn;
    this.#turn = turn.catch(() => previous);
    return turn;
  }

  pauseUntil(time: number): void {
    this.#nextAt = Math.max(this.#nextAt, time);
  }

  /**
   * After a 429. `sentAt` is when the throttled request was sent: requests in flight together are throttled
   * together, so a burst of 429s for requests sent before the last slow-down slows down once, not once per request.
   * Returns whether it slowed down (the caller reports that).
   */
  onThrottled(limitPerSecond: number | undefined, sentAt?: number): boolean {
    if (sentAt !== undefined && sentAt < this.#slowedAt) return false;
    this.#slowedAt = Date.now();
    const fromLimit = limitPerSecond ? 1000 / limitPerSecond : 0;
    this.#statedIntervalMs = Math.max(this.#statedIntervalMs, fromLimit);
    const doubled = Math.min(Math.max(this.#adaptiveIntervalMs * 2, 50), 5000);
    // The stated limit first; if throttled again at that pace (other clients share the quota), back off further.
    this.#adaptiveIntervalMs = fromLimit > this.#adaptiveIntervalMs ? fromLimit : doubled;
    return true;
  }

  onSuccess(): void {
    if (this.#adaptiveIntervalMs === 0) return;
    this.#adaptiveIntervalMs = this.#adaptiveIntervalMs < 1 ? 0 : this.#adaptiveIntervalMs * 0.95;
  }
}

/** `promise`, or the signal's reason as soon as it aborts (the promise itself goes on). */
function abortable(promise: Promise<void>, signal?: AbortSignal | null): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** Reads `limit:N,time:1 second` from an `APIG.0308` message. */
export function parseThrottleLimit(message: string | undefined): number | undefined {
  const match = message ? /limit:\s*(\d+)\s*,\s*time:\s*(\d+)\s*(second|minute)/i.exec(message) : null;
  if (!match) return undefined;
  const per = Number(match[2]) * (match[3]?.toLowerCase() === "minute" ? 60 : 1);
  const limit = Number(match[1]) / per;
  return limit > 0 ? limit : undefined;
}
