// Evidence masked by an earlier policy is masked again by this one: what the earlier rules left goes when it is
// rendered.
import { describe, expect, it } from "vitest";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence } from "../../src/evidence/types.js";
import { maskLoaded } from "../../src/mask/evidence.js";
import { MASK, MASK_POLICY } from "../../src/mask/policy.js";
import { makeEvidence, withInstructions } from "../fixtures/evidence.js";

/** Evidence as `policy` wrote it for an image whose instruction it masked into `instruction`. */
function maskedBy(policy: string, instruction: string): Evidence {
  const fixture = makeEvidence({ images: 1 });
  const responses = withInstructions(fixture.responses, () => instruction);
  const { sha256: _seal, masking: _masking, assessment: _assessment, ...content } = fixture;
  return sealEvidence({ ...content, responses, masking: { policy, masked: 1, findings: [], rules: [] } });
}

// [policy, what it left, the value it left, the instruction masked by this policy]
const LEFT: [string, string, string, string][] = [
  [
    // A URL password cut at its first `@`.
    "hss-reports/mask@1",
    `RUN git clone https://deploy:${MASK}@ssw0rd123@codehub.example.com/team/app.git /src`,
    "ssw0rd123",
    `RUN git clone https://deploy:${MASK}@codehub.example.com/team/app.git /src`,
  ],
  [
    // Headers other than Authorization and X-Api-Key.
    "hss-reports/mask@2",
    "RUN curl -H 'Accept: application/json' -H 'X-Auth-Token: a1b2c3d4' --header=Cookie:SESSION=7f3a9c https://x",
    "a1b2c3d4",
    `RUN curl -H 'Accept: application/json' -H 'X-Auth-Token: ${MASK}' --header=Cookie:${MASK} https://x`,
  ],
  [
    // Credentials in JSON members, YAML lines and .netrc.
    "hss-reports/mask@3",
    `RUN echo '{"auths":{"swr.example.com":{"auth":"ZGVwbG95OnMzY3JldA=="}}}' > /root/.docker/config.json`,
    "ZGVwbG95OnMzY3JldA==",
    `RUN echo '{"auths":{"swr.example.com":{"auth":"${MASK}"}}}' > /root/.docker/config.json`,
  ],
];

describe("evidence masked by an earlier policy", () => {
  it.each(LEFT)("%s: is masked again, recording this policy and the seal it had", async (policy, left, value, now) => {
    const old = maskedBy(policy, left);
    expect(MASK_POLICY).not.toBe(policy);
    const masked = await maskLoaded(old, false);
    const text = JSON.stringify(masked.responses);
    expect(text).not.toContain(value);
    expect(text).toContain(JSON.stringify(now));
    expect(masked.masking?.policy).toBe(MASK_POLICY);
    expect(masked.masking?.sealedBefore).toBe(old.sha256);
  });
});
