// @hss-reports/api: a typed client for the Huawei Cloud HSS build-command risk API. This entry is the client;
// `@hss-reports/api/signer` is the AK/SK signer and `@hss-reports/api/spec` what is generated from the spec (the
// emulator uses both). The API report of each is committed under etc/ and checked by `pnpm lint`.
export { credentialsFromEnv, type EnvCredentials } from "./auth/env.js";
export {
  type AkSkAuth,
  akskAuth,
  type HssAuth,
  type PasswordAuth,
  passwordAuth,
  type TokenAuth,
  tokenAuth,
} from "./auth/types.js";
export { createHssClient, type HssClient, type HssClientOptions, type Language } from "./client.js";
export { isLoopbackHost, isRegionId, resolveEndpoint } from "./endpoint.js";
export {
  type ErrorContext,
  HssApiError,
  HssConfigurationError,
  HssError,
  HssNetworkError,
  HssParameterError,
  HssResponseValidationError,
  HssTimeoutError,
  HssTotalChangedError,
  type ParameterIssue,
  type QueryValues,
  type ValidationIssue,
} from "./errors.js";
export type { HssEvent, HssEventListener, RetryReason } from "./events.js";
export { fetchOnce } from "./exchange.js";
export type { OperationId } from "./generated/operations.js";
export type { components, paths } from "./generated/schema.js";
export { createProxyFetch, defaultFetch, MAX_HEADER_BYTES } from "./http.js";
export { createPacer, type HssPacer } from "./limiter.js";
export { DEFAULT_PAGE_CONCURRENCY, DEFAULT_PAGE_LIMIT } from "./pagination.js";
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from "./retry.js";
export type { FetchLike } from "./transport.js";
export type { HssPage, OperationBody, OperationItem, OperationQuery, PageOptions, RequestOptions } from "./types.js";
