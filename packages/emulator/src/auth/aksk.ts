// AK/SK (`SDK-HMAC-SHA256`) verification with the very signer the client uses (@hss-reports/api), so the two can
// only disagree if the official SDK disagrees with both; a test checks that one too.
import { parseAuthorization, verifySignature } from "@hss-reports/api/signer";
import type { AkSk } from "./credentials.js";

/** APIG accepts `X-Sdk-Date` up to 15 minutes away from its clock. */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export type AkSkCheck = { ok: true; ak: string } | { ok: false; reason: string };

export interface ReceivedRequest {
  method: string;
  /** Absolute URL as the client addressed it (host from the Host header). */
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export function checkAkSk(request: ReceivedRequest, credentials: readonly AkSk[], now = new Date()): AkSkCheck {
  const parsed = parseAuthorization(request.headers.authorization);
  if (!parsed) return { ok: false, reason: "the Authorization header is not an SDK-HMAC-SHA256 signature" };
  const credential = credentials.find((c) => c.ak === parsed.access);
  if (!credential) return { ok: false, reason: "the access key is unknown" };
  const verification = verifySignature(request, credential.sk, { maxClockSkewMs: MAX_CLOCK_SKEW_MS, now });
  if (!verification.valid) return { ok: false, reason: `verify aksk signature fail: ${verification.detail}` };
  if (credential.securityToken !== undefined) {
    const sent = request.headers["x-security-token"];
    if (sent === undefined) return { ok: false, reason: "temporary credentials need the X-Security-Token header" };
    if (sent !== credential.securityToken)
      return { ok: false, reason: "the security token does not match the access key" };
  }
  return { ok: true, ak: credential.ak };
}
