// The bodies served conform to the spec as the client reads it (@hss-reports/api's response schemas), hostile data
// included; the schemaViolation fault's bodies do not.
import { responseSchemas } from "@hss-reports/api/spec";
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../src/index.js";
import { get, IMAGES_PATH, RULES_PATH } from "../helpers.js";

describe("response bodies against the client's schemas", () => {
  it.each([false, true])("every page conforms (hostile: %s)", async (hostile) => {
    const e = await startEmulator({ images: 150, hostile, seed: "schema" });
    try {
      for (const imageType of ["registry", "cicd"]) {
        for (const lang of ["en-us", "zh-cn"]) {
          const headers = { "X-Auth-Token": e.token, "X-Language": lang };
          const rulesPage = await get(e, RULES_PATH(e.projectId), { image_type: imageType, limit: 200 }, headers);
          expect(responseSchemas.ListImageBuildCommandRisks.safeParse(rulesPage.json).error).toBeUndefined();
          for (const rule of rulesPage.json.data_list) {
            for (let offset = 0; offset < Math.max(rule.image_num, 1); offset += 200) {
              const page = await get(
                e,
                IMAGES_PATH(e.projectId),
                { image_type: imageType, rule_id: rule.rule_id, offset, limit: 200 },
                headers,
              );
              const parsed = responseSchemas.ListImageBuildCommandRisksImages.safeParse(page.json);
              expect(parsed.error, `${rule.rule_id} ${lang}`).toBeUndefined();
            }
          }
        }
      }
    } finally {
      await e.close();
    }
  });

  it("schemaViolation bodies fail them, every variant", async () => {
    const e = await startEmulator({ images: 80, faults: { schemaViolation: { every: 1 } } });
    try {
      for (let i = 0; i < 4; i++) {
        const images = await get(e, IMAGES_PATH(e.projectId), { image_type: "registry", rule_id: "BCR-0001" });
        expect(responseSchemas.ListImageBuildCommandRisksImages.safeParse(images.json).success).toBe(false);
        const rules = await get(e, RULES_PATH(e.projectId), { image_type: "registry" });
        expect(responseSchemas.ListImageBuildCommandRisks.safeParse(rules.json).success).toBe(false);
      }
    } finally {
      await e.close();
    }
  });
});
