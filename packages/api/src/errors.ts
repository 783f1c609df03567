// Typed errors. Every message names the operation, the query sent and the X-Request-Id when there is one, so a
// support ticket can be written from the message alone; none ever includes a credential.

export type QueryValues = Record<string, string | number | boolean | undefined>;

export interface ErrorContext {
  /** The operationId, e.g. `ListImageBuildCommandRisksImages`, or `IAM.CreateToken`. */
  operation?: string | undefined;
  /** The query parameters sent (they never carry secrets). */
  query?: QueryValues | undefined;
  /** The `X-Request-Id` response header, to quote to Huawei support. */
  requestId?: string | undefined;
  /** Method and URL path (without host credentials; the query is in `query`). */
  method?: string | undefined;
  path?: string | undefined;
  cause?: unknown;
}

function describeQuery(query: QueryValues | undefined): string {
  if (!query) return "";
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return parts.length ? ` with ${parts.join("&")}` : "";
}

function describeContext(context: ErrorContext): string {
  const operation =
    context.operation ?? (context.method && context.path ? `${context.method} ${context.path}` : "request");
  const requestId = context.requestId ? ` (X-Request-Id ${context.requestId})` : " (no X-Request-Id)";
  return `${operation}${describeQuery(context.query)}${requestId}`;
}

export abstract class HssError extends Error {
  readonly operation: string | undefined;
  readonly query: QueryValues | undefined;
  readonly requestId: string | undefined;
  /** Whether sending the same request again may succeed. */
  abstract readonly retryable: boolean;

  constructor(summary: string, context: ErrorContext) {
    super(
      `${describeContext(context)}: ${summary}`,
      context.cause === undefined ? undefined : { cause: context.cause },
    );
    this.name = new.target.name;
    this.operation = context.operation;
    this.query = context.query;
    this.requestId = context.requestId;
  }
}

/** HSS (or its gateway) answered with a non-2xx status. */
export class HssApiError extends HssError {
  readonly status: number;
  /** `error_code` (or the gateway's `error.code`), e.g. `HSS.0001`, `APIGW.0301`, `APIG.0308`. */
  readonly errorCode: string | undefined;
  /** `error_msg` (or `error.message`); for a non-JSON body, the body text (truncated). */
  readonly errorMsg: string | undefined;
  /** The raw body text, kept when it was not an HSS error body. */
  readonly bodyText: string | undefined;
  readonly retryable: boolean;

  constructor(
    init: {
      status: number;
      errorCode?: string | undefined;
      errorMsg?: string | undefined;
      bodyText?: string | undefined;
      /** What to check, in place of the hint for an HSS call (IAM's token request says what fits a login). */
      hint?: string | undefined;
    },
    context: ErrorContext,
  ) {
    const code = init.errorCode ? ` ${init.errorCode}` : "";
    const text = init.errorMsg ?? init.bodyText ?? "";
    const hint = init.hint ? ` (${init.hint})` : hintFor(init.status, init.errorCode);
    super(`HTTP ${init.status}${code}${text ? `: ${text}` : ""}${hint}`, context);
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.errorMsg = init.errorMsg;
    this.bodyText = init.bodyText;
    this.retryable = isRetryableStatus(init.status, init.errorCode);
  }
}

export function isRetryableStatus(status: number, errorCode?: string): boolean {
  return status === 429 || errorCode === "APIG.0308" || status >= 500;
}

function hintFor(status: number, errorCode: string | undefined): string {
  if (status === 401) return " (check the token, or the AK/SK and the clock: X-Sdk-Date must be within 15 minutes)";
  if (status === 403 || errorCode === "HSS.0010" || errorCode === "HSS.0013") {
    return " (the IAM user needs HSS read permissions in this project)";
  }
  if (status === 429 || errorCode === "APIG.0308") return " (throttled; lower maxRequestsPerSecond or concurrency)";
  return "";
}

/**
 * The connection failed (DNS, refused, reset, TLS, proxy, oversized headers) before a whole response arrived.
 * Failures that the same request would meet again (an untrusted certificate, headers over the limit, a proxy
 * refusing the credentials) are not retryable, and say what to change.
 */
export class HssNetworkError extends HssError {
  readonly retryable: boolean;
  /** The system error code when known, e.g. `ECONNREFUSED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`. */
  readonly code: string | undefined;
  /** What the failure means and what to do, when sending again cannot help (e.g. "the proxy wants credentials: ..."). */
  readonly advice: string | undefined;
  constructor(code: string | undefined, context: ErrorContext) {
    const known = explainNetworkFailure(code, context.cause);
    super(
      `network error${code ? ` ${code}` : ""}${causeMessage(context.cause)}${known ? ` (${known.advice})` : ""}`,
      context,
    );
    this.code = code;
    this.advice = known?.advice;
    this.retryable = known === undefined;
  }
}

function causeMessages(cause: unknown): string[] {
  const messages: string[] = [];
  for (let current = cause; current instanceof Error; current = current.cause) {
    if (current.message) messages.push(current.message);
  }
  return messages;
}

/** The innermost message says what failed ("fetch failed" on top says nothing); credentials in a URL are masked. */
function causeMessage(cause: unknown): string {
  const innermost = causeMessages(cause).at(-1);
  return innermost ? `: ${innermost.replace(/\/\/[^/@\s]*@/g, "//***@")}` : "";
}

// Node's TLS verification codes (OpenSSL's X509_V_ERR_* names): the chain does not end at a CA Node trusts.
const UNTRUSTED_CERTIFICATE = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
const OTHER_CERTIFICATE_PROBLEMS: Record<string, string> = {
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  CERT_NOT_YET_VALID: "the server's TLS certificate is not valid yet (check the clock)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's TLS certificate is not issued for this host name",
  CERT_REVOKED: "the server's TLS certificate is revoked",
};

function explainNetworkFailure(code: string | undefined, cause: unknown): { advice: string } | undefined {
  if (code && UNTRUSTED_CERTIFICATE.has(code)) {
    return {
      advice:
        "the server's TLS certificate is not signed by a CA Node trusts: behind a TLS-inspecting proxy or with a" +
        " private CA, add that CA's certificate with NODE_EXTRA_CA_CERTS=/path/to/ca.pem",
    };
  }
  if (code && code in OTHER_CERTIFICATE_PROBLEMS) return { advice: OTHER_CERTIFICATE_PROBLEMS[code] as string };
  if (code === "UND_ERR_HEADERS_OVERFLOW") {
    return { advice: "the response headers are larger than the client accepts; sending it again cannot help" };
  }
  const proxyStatus = causeMessages(cause)
    .join(" ")
    .match(/Proxy response \((\d{3})\)/)?.[1];
  if (proxyStatus === "407") {
    return {
      advice: "the proxy wants credentials: check the user and password in HTTPS_PROXY / HTTP_PROXY",
    };
  }
  if (proxyStatus === "403") return { advice: "the proxy does not allow this host: ask for it or set NO_PROXY" };
  return undefined;
}

/** No response within `timeoutMs`. */
export class HssTimeoutError extends HssError {
  readonly retryable = true;
  readonly timeoutMs: number;
  constructor(timeoutMs: number, context: ErrorContext) {
    super(`no response within ${timeoutMs} ms`, context);
    this.timeoutMs = timeoutMs;
  }
}

export interface ParameterIssue {
  /** Parameter name as in the spec, e.g. `limit`. */
  name: string;
  in: "path" | "query" | "header";
  /** The value given (`undefined` when a required parameter is missing). */
  value: unknown;
  /** What is allowed, e.g. `an integer from 10 to 200`. */
  allowed: string;
  /** One line: `limit=500: must be an integer from 10 to 200`. */
  message: string;
}

/** Parameters that the spec does not allow; raised before anything is sent. */
export class HssParameterError extends HssError {
  readonly retryable = false;
  readonly issues: readonly ParameterIssue[];
  constructor(issues: readonly ParameterIssue[], context: ErrorContext) {
    super(`invalid parameters, nothing was sent: ${issues.map((issue) => issue.message).join("; ")}`, context);
    this.issues = issues;
  }
}

export interface ValidationIssue {
  /** e.g. `data_list[3].image_size`. */
  path: string;
  message: string;
}

/** A 2xx body that does not match the spec's schema. */
export class HssResponseValidationError extends HssError {
  readonly retryable = false;
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[], context: ErrorContext) {
    const shown = issues.slice(0, 5).map((issue) => `${issue.path || "(body)"}: ${issue.message}`);
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : "";
    super(`the response body does not match the spec: ${shown.join("; ")}${more}`, context);
    this.issues = issues;
  }
}

/** `total_num` (or the page sizes) changed while paging: continuing could skip or repeat items. */
export class HssTotalChangedError extends HssError {
  readonly retryable = true;
  readonly expectedTotal: number;
  readonly actualTotal: number;
  readonly offset: number;
  constructor(
    init: { expectedTotal: number; actualTotal: number; offset: number; detail?: string },
    context: ErrorContext,
  ) {
    super(
      `${init.detail ?? `total_num changed from ${init.expectedTotal} to ${init.actualTotal}`} at offset ${init.offset} while paging; the data changed during the walk, so results could have gaps or duplicates: run it again`,
      context,
    );
    this.expectedTotal = init.expectedTotal;
    this.actualTotal = init.actualTotal;
    this.offset = init.offset;
  }
}

/** Bad client options or environment (missing or incomplete credentials, insecure endpoint, ...). */
export class HssConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HssConfigurationError";
  }
}
