export interface RetryPolicy {
  /** Attempts in all, the first included (default 5); 1 disables retries. */
  maxAttempts?: number;
  /** Backoff base: attempt n waits a random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up once this much time (waits included) has passed since the first attempt (default 120 s). */
  maxElapsedMs?: number;
  /** A 429 without `Retry-After` waits between this and 2.5x this (default 2000: Huawei advises 2-5 s). */
  throttleDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for; the error is raised instead (default 60 s). */
  maxRetryAfterMs?: number;
}

export type ResolvedRetryPolicy = Required<RetryPolicy>;

export const DEFAULT_RETRY_POLICY: ResolvedRetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxElapsedMs: 120_000,
  throttleDelayMs: 2_000,
  maxRetryAfterMs: 60_000,
};

export function resolveRetryPolicy(policy: RetryPolicy | false | undefined): ResolvedRetryPolicy {
  if (policy === false) return { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 };
  const resolved = { ...DEFAULT_RETRY_POLICY, ...policy };
  for (const [key, value] of Object.entries(resolved)) {
    if (!(typeof value === "number" && value >= 0)) throw new RangeError(`retry.${key} must be a number >= 0`);
  }
  if (resolved.maxAttempts < 1) throw new RangeError("retry.maxAttempts must be >= 1");
  return resolved;
}

/** Full-jitter exponential backoff for the attempt that just failed (1-based). */
export function backoffDelay(policy: ResolvedRetryPolicy, attempt: number, random: () => number): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * cap);
}

export function throttleDelay(policy: ResolvedRetryPolicy, random: () => number): number {
  return Math.round(policy.throttleDelayMs * (1 + 1.5 * random()));
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
