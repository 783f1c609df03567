// @hss-reports/api/signer: Huawei Cloud's AK/SK request signing (`SDK-HMAC-SHA256`) and its verification, as the
// client signs and as a server (the emulator) checks.
export {
  type AkSkCredentials,
  canonicalRequest,
  type ParsedAuthorization,
  parseAuthorization,
  type SignableRequest,
  type SignatureVerification,
  type SignOptions,
  signRequest,
  type VerifyOptions,
  verifySignature,
} from "./auth/signer.js";
