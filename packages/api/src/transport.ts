// The fetch that openapi-fetch calls: per attempt it clones the request, authorizes it (a fresh signature or token),
// applies the timeout, paces and bounds concurrency, and retries what is worth retrying. openapi-fetch itself never
// retries, by design.

import type { LimitFunction } from "p-limit";
import { parseErrorBody } from "./error-body.js";
import { type ErrorContext, HssNetworkError, HssTimeoutError, isRetryableStatus, type QueryValues } from "./errors.js";
import type { HssEventListener, RetryReason } from "./events.js";
import { buffered, exchange } from "./exchange.js";
import { type Pacer, parseThrottleLimit, sleep } from "./limiter.js";
import { backoffDelay, parseRetryAfter, type ResolvedRetryPolicy, throttleDelay } from "./retry.js";

export type FetchLike = (request: Request) => Promise<Response>;

/** One request as the transport sends it: a Request's parts. */
export interface SendRequest {
  method: string;
  url: string;
  headers: Headers | Record<string, string>;
  body?: Uint8Array | undefined;
  signal?: AbortSignal | undefined;
}

/** The transport: a FetchLike for openapi-fetch, and `run` for a caller that has the parts and reads the bytes. */
export interface Transport extends FetchLike {
  /**
   * Sends with auth, pacing, retries and the timeout; resolves with the last response (its body read) and the body's
   * bytes. Throws as the FetchLike does.
   */
  run(request: SendRequest, context: RequestDescription): Promise<{ response: Response; bytes: Uint8Array }>;
}

export interface AttemptRequest {
  method: string;
  url: string;
  /** Mutable: the authorizer adds its headers here. */
  headers: Headers;
  body: Uint8Array | undefined;
}

export interface RequestDescription {
  operation: string | undefined;
  method: string;
  path: string;
  query: QueryValues;
}

export interface TransportOptions {
  fetch: FetchLike;
  timeoutMs: number;
  retry: ResolvedRetryPolicy;
  /** Bounds the attempts in flight (p-limit). */
  limit: LimitFunction;
  pacer: Pacer;
  emit: HssEventListener;
  describe: (request: Request) => RequestDescription;
  authorize?: ((attempt: AttemptRequest) => Promise<void>) | undefined;
  /** Called once per request on a 401; resolves true when credentials were renewed and the request should be repeated. */
  onUnauthorized?: ((sent: AttemptRequest) => Promise<boolean>) | undefined;
  random?: () => number;
}

type Outcome = ({ response: Response; bytes: Uint8Array } | { error: HssNetworkError | HssTimeoutError }) & {
  sent: AttemptRequest;
  /** When the attempt was sent (ms since the epoch). */
  sentAt: number;
};

export function createTransport(options: TransportOptions): Transport {
  const random = options.random ?? Math.random;
  const { retry, emit } = options;

  async function attemptOnce(request: SendRequest, attempt: number, context: RequestDescription): Promise<Outcome> {
    const { body } = request;
    const headers = new Headers(request.headers);
    const sent: AttemptRequest = { method: request.method, url: request.url, headers, body };
    await options.authorize?.(sent);
    const errorContext: ErrorContext = { ...context };
    emit({
      type: "request",
      operation: context.operation,
      method: context.method,
      path: context.path,
      query: stringify(context.query),
      attempt,
    });
    const started = Date.now();
    try {
      // A copy of the body per attempt: fetch may detach the buffer it is given.
      const init = { method: request.method, headers, body: body?.slice() ?? null, signal: request.signal };
      const { response, bytes } = await exchange(options.fetch, request.url, init, options.timeoutMs, errorContext);
      emit({
        type: "response",
        operation: context.operation,
        status: response.status,
        requestId: response.headers.get("x-request-id") ?? undefined,
        attempt,
        durationMs: Date.now() - started,
      });
      return { response, bytes, sent, sentAt: started };
    } catch (error) {
      if (error instanceof HssTimeoutError || error instanceof HssNetworkError) return { error, sent, sentAt: started };
      throw error;
    }
  }

  async function run(
    request: SendRequest,
    context: RequestDescription,
  ): Promise<{ response: Response; bytes: Uint8Array }> {
    const firstStarted = Date.now();
    let renewedCredentials = false;
    for (let attempt = 1; ; attempt++) {
      // A slot first, then the pace: paced requests queued behind the slots would otherwise all start together when
      // slots free up, a burst over the very limit the pacer keeps.
      const outcome = await options.limit(async () => {
        await options.pacer.wait(request.signal);
        return attemptOnce(request, attempt, context);
      });

      let reason: RetryReason;
      let delayMs: number;
      let retryAfter = false;
      let details: { status?: number; errorCode?: string | undefined; requestId?: string | undefined } = {};
      if ("response" in outcome) {
        const { response, bytes } = outcome;
        if (response.status === 401 && options.onUnauthorized && !renewedCredentials) {
          renewedCredentials = true;
          if (await options.onUnauthorized(outcome.sent)) {
            attempt--; // A renewed token is a fresh start, not a retry.
            continue;
          }
        }
        // Only an error body is read here; a success body is decoded once, by its reader.
        const parsed = response.ok ? {} : parseErrorBody(new TextDecoder().decode(bytes));
        if (!isRetryableStatus(response.status, parsed.errorCode)) {
          if (response.ok) options.pacer.onSuccess();
          return { response, bytes };
        }
        const throttled = response.status === 429 || parsed.errorCode === "APIG.0308";
        reason = throttled ? "throttled" : "server-error";
        if (throttled) {
          const limitPerSecond = parseThrottleLimit(parsed.errorMsg);
          if (options.pacer.onThrottled(limitPerSecond, outcome.sentAt)) {
            emit({ type: "slow-down", intervalMs: options.pacer.intervalMs, limitPerSecond });
          }
        }
        const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
        retryAfter = retryAfterMs !== undefined;
        delayMs = retryAfterMs ?? (throttled ? throttleDelay(retry, random) : backoffDelay(retry, attempt, random));
        details = {
          status: response.status,
          errorCode: parsed.errorCode,
          requestId: response.headers.get("x-request-id") ?? undefined,
        };
        const tooLong = retryAfter && delayMs > retry.maxRetryAfterMs;
        if (attempt >= retry.maxAttempts || tooLong || Date.now() - firstStarted + delayMs > retry.maxElapsedMs) {
          return { response, bytes }; // The caller turns it into an HssApiError with everything it needs.
        }
        // Everyone waits out a Retry-After, not just this request.
        if (retryAfter) options.pacer.pauseUntil(Date.now() + delayMs);
      } else {
        reason = outcome.error instanceof HssTimeoutError ? "timeout" : "network";
        delayMs = backoffDelay(retry, attempt, random);
        if (
          !outcome.error.retryable ||
          attempt >= retry.maxAttempts ||
          Date.now() - firstStarted + delayMs > retry.maxElapsedMs
        )
          throw outcome.error;
      }
      emit({ type: "retry", operation: context.operation, reason, attempt, delayMs, retryAfter, ...details });
      await sleep(delayMs, request.signal);
    }
  }

  // openapi-fetch's way in: a Request in, a buffered Response out.
  async function send(request: Request): Promise<Response> {
    const body = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
    const { method, url, headers, signal } = request;
    const { response, bytes } = await run({ method, url, headers, body, signal }, options.describe(request));
    return buffered(response, bytes);
  }
  return Object.assign(send, { run });
}

function stringify(query: QueryValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) if (value !== undefined) out[key] = String(value);
  return out;
}
