// The network under the client when the caller gives no `fetch`: undici's fetch through its EnvHttpProxyAgent, so
// HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) work as they do for curl and the official SDKs, for HSS and
// IAM alike, with a response header limit that fits IAM's largest tokens.
import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";
import { HssConfigurationError } from "./errors.js";
import { FETCH_PARTS, type PartsFetch } from "./exchange.js";
import type { FetchLike } from "./transport.js";

/**
 * Bytes of response headers accepted (Node's default is 16 KiB): IAM's `X-Subject-Token` may hold 32,768
 * characters (the API page's limit of `X-Auth-Token`), plus the other headers.
 */
export const MAX_HEADER_BYTES = 64 * 1024;

type Env = Record<string, string | undefined>;

/** The proxy variables as curl reads them: the lower-case name wins. */
function proxyVariable(env: Env, name: string): { name: string; value: string } | undefined {
  for (const candidate of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[candidate]?.trim();
    if (value) return { name: candidate, value };
  }
  return undefined;
}

function checkProxyUrl(variable: { name: string; value: string } | undefined): string | undefined {
  if (!variable) return undefined;
  const url = URL.canParse(variable.value) ? new URL(variable.value) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    // The value is not echoed: a proxy URL may carry a user and password.
    throw new HssConfigurationError(
      `${variable.name} is not a proxy URL: give http://host:port or https://host:port (user:password@ allowed)`,
    );
  }
  return variable.value;
}

/**
 * A fetch that goes through the proxy `env` names (`HTTPS_PROXY` for https, `HTTP_PROXY` for http and as the
 * fallback for https, hosts in `NO_PROXY` directly), with {@link MAX_HEADER_BYTES} of response headers.
 * Throws HssConfigurationError when a proxy variable is not an http(s) URL (without echoing it).
 */
export function createProxyFetch(env: Env = process.env): FetchLike {
  const dispatcher = new EnvHttpProxyAgent({
    maxHeaderSize: MAX_HEADER_BYTES,
    // As curl does: a plain-http URL goes to an http proxy as an absolute-form request (RFC 9112 §3.2.2), which
    // every forward proxy serves; CONNECT tunnels only https (many proxies allow CONNECT to port 443 alone).
    proxyTunnel: false,
    httpProxy: checkProxyUrl(proxyVariable(env, "http_proxy")) ?? "",
    httpsProxy: checkProxyUrl(proxyVariable(env, "https_proxy")) ?? "",
    noProxy: proxyVariable(env, "no_proxy")?.value ?? "",
  });
  // undici's fetch takes its own Request class only: hand it the parts. The signal is the request's, so the caller's
  // timeout and cancellation reach the connection.
  const fetchParts: PartsFetch = async (url, parts) => {
    const { method, headers, body, signal } = parts;
    // Any other body (FormData, a stream ...) is serialized by a Request of this realm's fetch, with its content type.
    if (body != null && typeof body !== "string" && !(body instanceof Uint8Array))
      return fetch(new Request(url, parts));
    const init = { method, headers: [...new Headers(headers)], body, signal, dispatcher };
    return (await undiciFetch(url, init as Parameters<typeof undiciFetch>[1])) as unknown as Response;
  };
  const fetch: FetchLike = async (request) => {
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    return fetchParts(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
  };
  // An exchange (the client's attempts, fetchOnce) calls the parts directly: no Request to build each time.
  return Object.assign(fetch, { [FETCH_PARTS]: fetchParts });
}

let shared: FetchLike | undefined;

/** One {@link createProxyFetch} of `process.env` for the whole process, so every client shares its connections. */
export function defaultFetch(): FetchLike {
  shared ??= createProxyFetch();
  return shared;
}
