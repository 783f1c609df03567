// Pacing per region. HSS throttles per account and API in each region (APIG.0308, "limit:N,time:1 second"),
// whatever the project, so every scope a run reads from one region (one endpoint host) shares one pacer: a fleet of
// ten projects in cn-north-4 sends cn-north-4 at most its rate, not ten times it. The pacer sits under the
// `@hss-reports/api` client (its `fetch`), so it spaces every attempt, retries and IAM logins included, and a 429's
// `Retry-After` pauses every client of that region. The run's `concurrency` still bounds requests in flight.
import { setTimeout as wait } from "node:timers/promises";
import { defaultFetch, type FetchLike, parseRetryAfter } from "@hss-reports/api";
import type { Scope } from "../evidence/types.js";

/** Requests per second per region when `rate_limits` does not name it: half of the 20/s HSS documents. */
export const DEFAULT_RATE_LIMIT = 10;

/** A Retry-After longer than this does not pause the region (the client's retry policy judges it). */
const MAX_PAUSE_MS = 60_000;

/** The endpoint's `host[:port]`: the unit a rate limit applies to. */
export function rateGroup(scope: Pick<Scope, "endpoint">): string {
  return new URL(scope.endpoint).host;
}

/** Loopback is the emulator (or a local proxy): not paced unless `rate_limits` names it. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/**
 * Requests per second for the scope's region: `rate_limits[region]`, else `rate_limits[host]`, else the default
 * (none on loopback).
 */
export function rateLimitOf(
  scope: Pick<Scope, "endpoint" | "region">,
  limits: Readonly<Record<string, number>> = {},
): number | undefined {
  const host = rateGroup(scope);
  const named = (scope.region !== undefined ? limits[scope.region] : undefined) ?? limits[host];
  if (named !== undefined) return named;
  return isLoopbackHost(host) ? undefined : DEFAULT_RATE_LIMIT;
}

/**
 * Spaces request starts to at most `perSecond`, shared by every caller. Callers take turns: each start is at least
 * one interval after the previous one actually started, so a stalled event loop delays requests but never lets
 * them out in a burst.
 */
export class RegionPacer {
  readonly #intervalMs: number;
  #lastStart = Number.NEGATIVE_INFINITY;
  #pausedUntil = 0;
  #turn: Promise<void> = Promise.resolve();

  constructor(
    readonly group: string,
    readonly perSecond: number,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`rate limit must be > 0 requests/s, got ${perSecond}`);
    this.#intervalMs = 1000 / perSecond;
  }

  async wait(signal?: AbortSignal | null): Promise<void> {
    const previous = this.#turn;
    let release = () => {};
    this.#turn = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await abortable(previous, signal);
      const now = Date.now();
      const at = Math.max(now, this.#lastStart + this.#intervalMs, this.#pausedUntil);
      if (at > now) await delay(at - now, signal);
      this.#lastStart = Date.now();
    } finally {
      // The next caller's turn comes after this one's, even when this one gave up (aborted) early.
      void previous.then(release);
    }
  }

  pauseUntil(time: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, time);
  }

  /** `fetch` through this pacer. */
  fetch(base: FetchLike = defaultFetch()): FetchLike {
    return async (request) => {
      await this.wait(request.signal);
      const response = await base(request);
      if (response.status === 429) {
        const ms = parseRetryAfter(response.headers.get("retry-after"), Date.now());
        if (ms !== undefined && ms > 0 && ms <= MAX_PAUSE_MS) this.pauseUntil(Date.now() + ms);
      }
      return response;
    };
  }
}

/** One pacer per rate group (the lowest limit any of its scopes names), none for unpaced groups. */
export function createPacers(
  scopes: readonly Pick<Scope, "id" | "endpoint" | "region">[],
  limits?: Readonly<Record<string, number>>,
): Map<string, RegionPacer> {
  const perGroup = new Map<string, number>();
  for (const scope of scopes) {
    const limit = rateLimitOf(scope, limits);
    if (limit === undefined) continue;
    const group = rateGroup(scope);
    perGroup.set(group, Math.min(limit, perGroup.get(group) ?? Number.POSITIVE_INFINITY));
  }
  const pacers = new Map<string, RegionPacer>();
  for (const [group, perSecond] of perGroup) pacers.set(group, new RegionPacer(group, perSecond));
  const byScope = new Map<string, RegionPacer>();
  for (const scope of scopes) {
    const pacer = pacers.get(rateGroup(scope));
    if (pacer) byScope.set(scope.id, pacer);
  }
  return byScope;
}

function abortable(promise: Promise<void>, signal?: AbortSignal | null): Promise<void> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

/** Waits `ms`; an abort rejects with the signal's reason (as fetch does), not Node's generic AbortError. */
async function delay(ms: number, signal?: AbortSignal | null): Promise<void> {
  if (signal?.aborted) throw signal.reason;
  await wait(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    throw signal?.aborted ? signal.reason : error;
  });
}
