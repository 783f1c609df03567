// One HTTP exchange under a timeout, its failures classified: the client's transport sends every attempt through it,
// and so can a caller posting elsewhere (the report's webhooks and Jira) with the same proxy-aware fetch.
import { type ErrorContext, HssNetworkError, HssTimeoutError } from "./errors.js";
import type { FetchLike } from "./transport.js";

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** The system error code of a failed fetch (undici puts it on a cause), e.g. `ECONNREFUSED`. */
function systemErrorCode(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

/**
 * A FetchLike may carry, under this key, the same fetch taking a URL and a RequestInit as fetch(url, init) does: an
 * exchange then builds no Request of its own (the default fetch has one; a caller's own fetch gets a Request).
 */
export const FETCH_PARTS = Symbol("hss.fetchParts");
export type PartsFetch = (url: string, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

/**
 * Sends one request (`url` and `init`, as for `fetch`) through `fetch` and reads its whole body, both within
 * `timeoutMs`, so a stalled body is a timeout too. Any status is a result: the caller judges it.
 *
 * @returns the response with its body buffered (readable again) and the body's bytes.
 * @throws the reason of `init.signal` when that aborts; {@link HssTimeoutError} when no whole answer came within
 * `timeoutMs`; {@link HssNetworkError} when the exchange failed, `retryable` false where sending it again cannot help
 * (an untrusted or invalid TLS certificate, a proxy asking for credentials (407), headers over the limit). `context`
 * names the request in their messages.
 */
export async function fetchOnce(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  context: ErrorContext = {},
): Promise<{ response: Response; bytes: Uint8Array }> {
  const { response, bytes } = await exchange(fetch, url, init, timeoutMs, context);
  return { response: buffered(response, bytes), bytes };
}

/** {@link fetchOnce} without the buffered copy: the response's own body is read (its bytes are `bytes`). */
export async function exchange(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  context: ErrorContext = {},
): Promise<{ response: Response; bytes: Uint8Array }> {
  const caller = init.signal ?? undefined;
  // One controller for the timeout and the caller's abort (a listener, removed after: cheaper per attempt than
  // AbortSignal.any, which ties a new signal to both through weak references).
  const timeout = new AbortController();
  const signal = timeout.signal;
  const follow = () => timeout.abort(caller?.reason);
  if (caller?.aborted) follow();
  else caller?.addEventListener("abort", follow, { once: true });
  const direct = (fetch as FetchLike & { [FETCH_PARTS]?: PartsFetch })[FETCH_PARTS];
  const outgoing = direct ? undefined : new Request(url, { ...init, signal });
  // The timer holds the request it aborts. A Request follows its signal only through a weak reference, and fetch
  // keeps just its own copy of the Request: once a garbage collection ran during a stall, the abort reached nothing
  // and the attempt waited until the server gave up (so a short timeout, firing before the first collection, worked
  // and a 30 s one did not). AbortSignal.timeout is no help: its timer holds its signal weakly too (Node 20).
  const timer = setTimeout(abortHolding, timeoutMs, timeout, outgoing ?? signal);
  try {
    const response = outgoing ? await fetch(outgoing) : await (direct as PartsFetch)(url, { ...init, signal });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    if (caller?.aborted) throw caller.reason;
    if (signal.aborted) throw new HssTimeoutError(timeoutMs, context);
    throw new HssNetworkError(systemErrorCode(error), { ...context, cause: error });
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener("abort", follow);
  }
}

/** A readable copy of a response whose body was read as `bytes` (encoding and length headers dropped: decoded). */
export function buffered(response: Response, bytes: Uint8Array): Response {
  const headers = new Headers(response.headers);
  headers.delete("content-encoding");
  headers.delete("content-length");
  return new Response(NULL_BODY_STATUSES.has(response.status) ? null : bytes, {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/** Aborts `controller`; `_held` only stays reachable (through the timer) until then. */
function abortHolding(controller: AbortController, _held: unknown): void {
  controller.abort();
}
