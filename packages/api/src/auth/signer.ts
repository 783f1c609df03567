// Huawei Cloud AK/SK request signing, `SDK-HMAC-SHA256`, as the official SDKs do it (see hss-api.md).
// Written so that both sides can use it: the client signs, the emulator verifies with the same code.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const SIGNING_ALGORITHM = "SDK-HMAC-SHA256";
export const EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/** What the signer needs to know about a request. `headers` are the headers as sent (any case). */
export interface SignableRequest {
  method: string;
  url: string | URL;
  headers?: Headers | Record<string, string | undefined> | undefined;
  body?: string | Uint8Array | undefined | null;
}

export interface AkSkCredentials {
  ak: string;
  sk: string;
  securityToken?: string | undefined;
}

export interface SignOptions {
  /** Added as `X-Project-Id` and signed, as the official SDK does. */
  projectId?: string | undefined;
  /** Signing time; defaults to now. */
  date?: Date | undefined;
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

/**
 * Percent-encodes everything but `A-Z a-z 0-9 - _ . ~`, as UTF-8 with uppercase hex.
 * (`encodeURIComponent` leaves `!'()*` alone, which the signature must not.)
 */
export function signerEncode(value: string): string {
  let out = "";
  for (const char of value) {
    if (UNRESERVED.test(char)) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, "utf8")) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A malformed escape is signed as sent rather than rejected: the server decides.
    return value;
  }
}

/**
 * The canonical URI: the decoded path split on `/`, each segment encoded, always ending in `/`.
 * Decoding first (as the Go and Python SDKs do) makes the form independent of how the caller escaped the path.
 */
export function canonicalUri(pathname: string): string {
  const encoded = safeDecode(pathname).split("/").map(signerEncode).join("/");
  return encoded.endsWith("/") ? encoded : `${encoded}/`;
}

/** Code point order (the Go and Python SDKs' order), not UTF-16 code unit order. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

/** The canonical query: keys sorted, repeated keys sorted by value, both encoded, joined by `&`. */
export function canonicalQueryString(search: string | URLSearchParams): string {
  const params = typeof search === "string" ? new URLSearchParams(search) : search;
  const byKey = new Map<string, string[]>();
  for (const [key, value] of params) {
    const values = byKey.get(key);
    if (values) values.push(value);
    else byKey.set(key, [value]);
  }
  return [...byKey.keys()]
    .sort(compareCodePoints)
    .flatMap((key) =>
      (byKey.get(key) ?? []).sort(compareCodePoints).map((value) => `${signerEncode(key)}=${signerEncode(value)}`),
    )
    .join("&");
}

function headerMap(headers: SignableRequest["headers"]): Map<string, string> {
  const map = new Map<string, string>();
  if (!headers) return map;
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) {
    if (value !== undefined) map.set(name.toLowerCase(), value);
  }
  return map;
}

/** The `host` a client sends for this URL (no default port), used when the headers do not carry one. */
function hostOf(url: URL): string {
  return url.host;
}

/** `name:value\n` per signed header, sorted by name; values trimmed, as the SDKs do. */
export function canonicalHeaders(headers: Map<string, string>, signedHeaders: readonly string[]): string {
  return [...signedHeaders]
    .map((name) => name.toLowerCase())
    .sort()
    .map((name) => `${name}:${(headers.get(name) ?? "").trim()}\n`)
    .join("");
}

export function hexSha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

function payloadHash(body: SignableRequest["body"]): string {
  if (body === undefined || body === null || body.length === 0) return EMPTY_BODY_SHA256;
  return hexSha256(body);
}

/**
 * The canonical request over the given signed headers:
 * `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOAD_HASH`. `host` is taken from the URL when no header carries it.
 */
export function canonicalRequest(request: SignableRequest, signedHeaders: readonly string[]): string {
  const url = new URL(request.url);
  const headers = headerMap(request.headers);
  if (!headers.has("host")) headers.set("host", hostOf(url));
  const names = [...new Set(signedHeaders.map((name) => name.toLowerCase()))].sort();
  return [
    request.method.toUpperCase(),
    canonicalUri(url.pathname),
    canonicalQueryString(url.searchParams),
    canonicalHeaders(headers, names),
    names.join(";"),
    payloadHash(request.body),
  ].join("\n");
}

export function stringToSign(sdkDate: string, canonical: string): string {
  return [SIGNING_ALGORITHM, sdkDate, hexSha256(canonical)].join("\n");
}

export function computeSignature(sk: string, toSign: string): string {
  return createHmac("sha256", sk).update(toSign).digest("hex");
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function formatSdkDate(date: Date): string {
  return `${date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")}`;
}

/** Parses `YYYYMMDDTHHMMSSZ`; undefined when malformed. */
export function parseSdkDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * Signs a request. Returns the headers to add (`X-Sdk-Date`, `Authorization`, and `X-Project-Id` /
 * `X-Security-Token` when given); every header of the request plus these and `host` is signed, as the SDK does.
 */
export function signRequest(
  request: SignableRequest,
  credentials: AkSkCredentials,
  options: SignOptions = {},
): Record<string, string> {
  const added: Record<string, string> = { "X-Sdk-Date": formatSdkDate(options.date ?? new Date()) };
  if (options.projectId !== undefined) added["X-Project-Id"] = options.projectId;
  if (credentials.securityToken !== undefined) added["X-Security-Token"] = credentials.securityToken;

  const headers = headerMap(request.headers);
  headers.delete("authorization");
  for (const [name, value] of Object.entries(added)) headers.set(name.toLowerCase(), value);
  if (!headers.has("host")) headers.set("host", hostOf(new URL(request.url)));

  const signed = [...headers.keys()].sort();
  const canonical = canonicalRequest({ ...request, headers: Object.fromEntries(headers) }, signed);
  const signature = computeSignature(credentials.sk, stringToSign(added["X-Sdk-Date"] as string, canonical));
  added.Authorization = `${SIGNING_ALGORITHM} Access=${credentials.ak}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
  return added;
}

export interface ParsedAuthorization {
  access: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`; undefined when not that form. */
export function parseAuthorization(value: string | null | undefined): ParsedAuthorization | undefined {
  if (!value) return undefined;
  const match = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-fA-F]+)\s*$/.exec(
    value,
  );
  if (!match) return undefined;
  const [, access, signed, signature] = match;
  return { access: access as string, signedHeaders: (signed as string).split(";"), signature: signature as string };
}

export type SignatureVerification =
  | { valid: true; access: string; signedHeaders: string[]; date: Date }
  | {
      valid: false;
      reason: "missing-authorization" | "malformed-authorization" | "missing-date" | "date-skew" | "signature-mismatch";
      /** A human-readable explanation that never contains the secret key. */
      detail: string;
      access?: string;
    };

export interface VerifyOptions {
  /** Rejects an `X-Sdk-Date` further than this from `now` (default 15 minutes, as APIG does); `Infinity` disables. */
  maxClockSkewMs?: number;
  now?: Date;
}

/**
 * Recomputes the signature of a received request from the headers its `Authorization` lists and compares it
 * (in constant time) with the one sent. For servers and emulators; the secret key never leaves this function.
 */
export function verifySignature(
  request: SignableRequest,
  sk: string,
  options: VerifyOptions = {},
): SignatureVerification {
  const headers = headerMap(request.headers);
  const authorization = headers.get("authorization");
  if (!authorization) return { valid: false, reason: "missing-authorization", detail: "no Authorization header" };
  const parsed = parseAuthorization(authorization);
  if (!parsed) {
    return {
      valid: false,
      reason: "malformed-authorization",
      detail: "Authorization is not 'SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...'",
    };
  }
  const sdkDate = headers.get("x-sdk-date");
  const date = sdkDate === undefined ? undefined : parseSdkDate(sdkDate);
  if (!sdkDate || !date || !parsed.signedHeaders.includes("x-sdk-date")) {
    return {
      valid: false,
      reason: "missing-date",
      detail: "X-Sdk-Date (YYYYMMDDTHHMMSSZ) must be present and signed",
      access: parsed.access,
    };
  }
  const maxSkew = options.maxClockSkewMs ?? 15 * 60 * 1000;
  const now = options.now ?? new Date();
  if (Math.abs(now.getTime() - date.getTime()) > maxSkew) {
    return {
      valid: false,
      reason: "date-skew",
      detail: `X-Sdk-Date ${sdkDate} is more than ${maxSkew} ms from the server time`,
      access: parsed.access,
    };
  }
  const expected = computeSignature(sk, stringToSign(sdkDate, canonicalRequest(request, parsed.signedHeaders)));
  const sent = Buffer.from(parsed.signature.toLowerCase(), "utf8");
  const wanted = Buffer.from(expected, "utf8");
  if (sent.length !== wanted.length || !timingSafeEqual(sent, wanted)) {
    return {
      valid: false,
      reason: "signature-mismatch",
      detail: "the signature does not match the canonical request",
      access: parsed.access,
    };
  }
  return { valid: true, access: parsed.access, signedHeaders: parsed.signedHeaders, date };
}
