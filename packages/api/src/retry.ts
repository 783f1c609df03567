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

// RFC 9110 section 10.2.3: delay-seconds or an HTTP-date, the date in one of the three forms of section 5.6.7
// (IMF-fixdate, obsolete RFC 850, asctime). Date.parse alone is far too lenient: it reads "1.5" as a day in 2001.
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/**
 * `Retry-After` as whole milliseconds from now, > 0: delay-seconds (decimal seconds, as some gateways send, rounded
 * up to the next whole second) or an HTTP-date (RFC 9110 section 10.2.3). Undefined when absent, unreadable, zero or
 * already past, so the caller falls back to its own back-off instead of retrying at once.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    const ms = Math.ceil(Number(trimmed)) * 1000;
    return ms > 0 ? ms : undefined;
  }
  if (!HTTP_DATE.some((form) => form.test(trimmed))) return undefined;
  // asctime has no zone: it is GMT too.
  const date = Date.parse(/GMT$/.test(trimmed) ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(date) || date <= now) return undefined;
  return date - now;
}
