// Bounded retries for one delivery step, and the error a step throws to say whether another attempt can help.
import { setTimeout as sleep } from "node:timers/promises";
import { type FetchLike, fetchOnce, HssNetworkError, HssTimeoutError } from "@hss-reports/api";

/** A failed step; `retry` is false when repeating it cannot help (refused credentials, a 4xx, a platform error). */
export class StepError extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

export interface RetryPolicy {
  maxAttempts: number;
  /** Before the 2nd attempt; doubled before each further one. */
  delayMs: number;
  signal?: AbortSignal | undefined;
}

export const DEFAULT_ATTEMPTS = 3;
export const DEFAULT_RETRY_DELAY_MS = 2000;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Runs `step` until it succeeds, fails for good, or `maxAttempts` are spent; counts the attempts made. */
export async function withRetries<T>(
  step: () => Promise<T>,
  policy: RetryPolicy,
  attempts: { count: number },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    attempts.count++;
    try {
      return await step();
    } catch (error) {
      policy.signal?.throwIfAborted();
      const retry = !(error instanceof StepError) || error.retry;
      if (!retry || attempt >= policy.maxAttempts) throw error;
      await sleep(policy.delayMs * 2 ** (attempt - 1), undefined, { signal: policy.signal });
    }
  }
}

/** HTTP statuses worth another attempt: timeouts, throttling, server errors (RFC 9110 §15.5.9, RFC 6585 §4). */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Where a step's requests go: the proxy-aware fetch of the run's environment, its timeout and stop signal. */
export interface HttpContext {
  fetch: FetchLike;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/**
 * A POST with a per-attempt timeout, through `http.fetch` (so HTTPS_PROXY, HTTP_PROXY and NO_PROXY apply, as they
 * do for HSS) and the api's `fetchOnce`: its timer, and its judgement of a network failure (an untrusted TLS
 * certificate, a proxy asking for credentials or oversized headers are not worth another attempt; the rest are).
 */
export async function post(url: string, init: RequestInit, http: HttpContext): Promise<Response> {
  const { timeoutMs, signal } = http;
  try {
    const { response } = await fetchOnce(
      http.fetch,
      url,
      { ...init, method: "POST", signal: signal ?? null },
      timeoutMs,
    );
    return response;
  } catch (error) {
    signal?.throwIfAborted();
    if (error instanceof HssTimeoutError) throw new StepError(`no answer within ${timeoutMs} ms`, true);
    if (error instanceof HssNetworkError) {
      const cause = error.code ?? causeMessage(error.cause);
      const advice = error.advice ? `: ${error.advice}` : "";
      // The host and port only: a webhook's path and query may hold its secret.
      throw new StepError(
        `cannot connect to ${new URL(url).host}${cause ? ` (${cause})` : ""}${advice}`,
        error.retryable,
      );
    }
    throw error;
  }
}

/** What fetch's own "fetch failed" hides: the message of its cause. */
function causeMessage(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  return typeof cause?.message === "string" ? cause.message : "";
}

/** A non-2xx answer as a StepError: the status, and the start of the body (servers explain there). */
export async function statusError(response: Response): Promise<StepError> {
  const body = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
  return new StepError(`HTTP ${response.status}${body ? `: ${body}` : ""}`, retryableStatus(response.status));
}
