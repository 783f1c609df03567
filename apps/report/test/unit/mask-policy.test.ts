// Evidence masked by an earlier policy is masked again by this one: what the earlier rules left (a URL password cut
// at its first `@`) goes when it is rendered.
import { describe, expect, it } from "vitest";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence } from "../../src/evidence/types.js";
import { maskLoaded } from "../../src/mask/evidence.js";
import { MASK, MASK_POLICY } from "../../src/mask/policy.js";
import { makeEvidence } from "../fixtures/evidence.js";

const LEFT_BY_MASK_1 = `RUN git clone https://deploy:${MASK}@ssw0rd123@codehub.example.com/team/app.git /src`;

/** Evidence as `hss-reports/mask@1` wrote it for an image cloning with `https://deploy:P@ssw0rd123@…`. */
function maskedByPolicy1(): Evidence {
  const fixture = makeEvidence({ images: 1 });
  const responses = fixture.responses.map((response) =>
    response.operation === "ListImageBuildCommandRisksImages"
      ? {
          ...response,
          body: {
            ...response.body,
            data_list: response.body.data_list.map((image) => ({
              ...image,
              risk_detail_info: { risk_num: 1, risk_list: [{ build_instruction: LEFT_BY_MASK_1, remediation: "fix" }] },
            })),
          },
        }
      : response,
  );
  const { sha256: _seal, masking: _masking, assessment: _assessment, ...content } = fixture;
  return sealEvidence({
    ...content,
    responses,
    masking: { policy: "hss-reports/mask@1", masked: 1, findings: [], rules: [] },
  });
}

describe("evidence masked by an earlier policy", () => {
  it("is masked again, recording this policy and the seal it had", async () => {
    const old = maskedByPolicy1();
    expect(MASK_POLICY).not.toBe("hss-reports/mask@1");
    const masked = await maskLoaded(old, false);
    const text = JSON.stringify(masked.responses);
    expect(text).not.toContain("ssw0rd123");
    expect(text).toContain("https://deploy:****@codehub.example.com/team/app.git /src");
    expect(masked.masking?.policy).toBe(MASK_POLICY);
    expect(masked.masking?.sealedBefore).toBe(old.sha256);
  });
});
