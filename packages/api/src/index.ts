export {
  type AkSkCredentials,
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
export { type OperationId, operations } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
