// @hss-reports/api: a typed client for the Huawei Cloud HSS build-command risk API.
export { type Authorizer, createAuthorizer } from "./auth/authorize.js";
export { credentialsFromEnv, type EnvCredentials } from "./auth/env.js";
export { IAM_OPERATION, type IamToken, IamTokenProvider, type TokenScope } from "./auth/iam.js";
export {
  type AkSkCredentials,
  canonicalHeaders,
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  EMPTY_BODY_SHA256,
  formatSdkDate,
  hexSha256,
  type ParsedAuthorization,
  parseAuthorization,
  parseSdkDate,
  SIGNING_ALGORITHM,
  type SignableRequest,
  type SignatureVerification,
  type SignOptions,
  signerEncode,
  signRequest,
  stringToSign,
  type VerifyOptions,
  verifySignature,
} from "./auth/signer.js";
export {
  type AkSkAuth,
  akskAuth,
  type HssAuth,
  type PasswordAuth,
  passwordAuth,
  redactAuth,
  type TokenAuth,
  tokenAuth,
} from "./auth/types.js";
export { createHssClient, type HssClient, type HssClientOptions, type Language } from "./client.js";
export { checkEndpoint, resolveEndpoint, resolveIamEndpoint } from "./endpoint.js";
export { type ParsedErrorBody, parseErrorBody } from "./error-body.js";
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
  isRetryableStatus,
  type ParameterIssue,
  type QueryValues,
  type ValidationIssue,
} from "./errors.js";
export type { HssEvent, HssEventListener, RetryReason } from "./events.js";
export { type OperationId, operations } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
export * from "./generated/zod.js";
export { createProxyFetch, defaultFetch, MAX_HEADER_BYTES } from "./http.js";
export { parseThrottleLimit } from "./limiter.js";
export { DEFAULT_PAGE_CONCURRENCY, DEFAULT_PAGE_LIMIT } from "./pagination.js";
export {
  describeAllowed,
  integerRange,
  matchOperation,
  type ParameterInput,
  type ParameterSpec,
  parameterSpecs,
  type ValidateOptions,
  validateParameters,
} from "./parameters.js";
export { DEFAULT_RETRY_POLICY, parseRetryAfter, type RetryPolicy } from "./retry.js";
export type { FetchLike } from "./transport.js";
export type { HssPage, OperationBody, OperationItem, OperationQuery, PageOptions, RequestOptions } from "./types.js";
