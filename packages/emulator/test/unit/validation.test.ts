// Parameter validation answers like HSS: 400 HSS.0001 naming the parameter; unknown APIs 404 APIGW.0101.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/index.js";
import { get, IMAGES_PATH, RULES_PATH } from "../helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ images: 50 });
});
afterAll(() => emulator.close());

const valid = { image_type: "registry", rule_id: "BCR-0001" };

describe("parameter validation (from the spec's constraints)", () => {
  const cases: [string, Record<string, string | number>, string][] = [
    ["image_type missing", { rule_id: "BCR-0001" }, "image_type"],
    ["image_type outside the enum", { ...valid, image_type: "docker" }, "image_type"],
    ["rule_id missing", { image_type: "registry" }, "rule_id"],
    ["rule_id too long", { ...valid, rule_id: "x".repeat(65) }, "rule_id"],
    ["rule_id empty", { ...valid, rule_id: "" }, "rule_id"],
    ["limit below 10", { ...valid, limit: 9 }, "limit"],
    ["limit above 200", { ...valid, limit: 201 }, "limit"],
    ["limit not an integer", { ...valid, limit: "ten" }, "limit"],
    ["limit a decimal", { ...valid, limit: "10.5" }, "limit"],
    ["offset negative", { ...valid, offset: -1 }, "offset"],
    ["offset above 2,000,000", { ...valid, offset: 2_000_001 }, "offset"],
    ["image_id too long", { ...valid, image_id: "a".repeat(129) }, "image_id"],
    ["enterprise_project_id empty", { ...valid, enterprise_project_id: "" }, "enterprise_project_id"],
    ["enterprise_project_id too long", { ...valid, enterprise_project_id: "e".repeat(257) }, "enterprise_project_id"],
  ];
  it.each(cases)("images endpoint: %s", async (_name, query, parameter) => {
    const reply = await get(emulator, IMAGES_PATH(emulator.projectId), query);
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe("HSS.0001");
    expect(reply.json.error_msg).toContain(parameter);
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["risk_level outside the enum", { image_type: "cicd", risk_level: "severe" }, "risk_level"],
    ["risk_name empty", { image_type: "cicd", risk_name: "" }, "risk_name"],
    ["risk_name too long", { image_type: "cicd", risk_name: "n".repeat(513) }, "risk_name"],
  ] as [string, Record<string, string | number>, string][])("rules endpoint: %s", async (_name, query, parameter) => {
    const reply = await get(emulator, RULES_PATH(emulator.projectId), query);
    expect(reply.status).toBe(400);
    expect(reply.json.error_code).toBe("HSS.0001");
    expect(reply.json.error_msg).toContain(parameter);
  });

  it("rejects a parameter given twice", async () => {
    const url = `${emulator.url}${RULES_PATH(emulator.projectId)}?image_type=cicd&limit=10&limit=20`;
    const response = await fetch(url, { headers: { "X-Auth-Token": emulator.token } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_msg: string }).error_msg).toContain("limit");
  });

  it("rejects a language outside the spec's enum, accepts its case variants", async () => {
    const path = IMAGES_PATH(emulator.projectId);
    const bad = await get(emulator, path, valid, { "X-Auth-Token": emulator.token, "X-Language": "fr-fr" });
    expect(bad.status).toBe(400);
    expect(bad.json.error_msg).toContain("X-Language");
    const upper = await get(emulator, path, valid, { "X-Auth-Token": emulator.token, "X-Language": "zh-CN" });
    expect(upper.status).toBe(200);
  });

  it("accepts the boundaries", async () => {
    const path = IMAGES_PATH(emulator.projectId);
    for (const query of [
      { ...valid, limit: 10, offset: 0 },
      { ...valid, limit: 200, offset: 2_000_000 },
      { ...valid, image_id: "" },
      { ...valid, rule_id: "x".repeat(64) },
    ]) {
      const reply = await get(emulator, path, query);
      expect(reply.status, JSON.stringify(query)).toBe(200);
    }
  });

  it("defaults offset 0 and limit 10", async () => {
    const reply = await get(emulator, RULES_PATH(emulator.projectId), { image_type: "registry" });
    expect(reply.status).toBe(200);
    expect(reply.json.data_list).toHaveLength(10);
    expect(reply.json.total_num).toBeGreaterThan(10);
  });

  it("answers an unknown rule with an empty list, an unknown project with HSS.0010", async () => {
    const unknownRule = await get(emulator, IMAGES_PATH(emulator.projectId), { ...valid, rule_id: "NOPE" });
    expect(unknownRule.json).toEqual({ total_num: 0, data_list: [] });
    const unknownProject = await get(emulator, IMAGES_PATH("0123456789abcdef"), valid);
    expect(unknownProject.status).toBe(400);
    expect(unknownProject.json.error_code).toBe("HSS.0010");
  });
});

describe("unknown APIs", () => {
  it.each([
    ["GET", "/v5/p/image/unknown"],
    ["GET", "/v5/p/image/build-command-risks/images/extra"],
    ["GET", "/"],
    ["POST", "/v5/p/image/build-command-risks"],
    ["DELETE", "/v5/p/image/build-command-risks/images"],
    ["GET", "/v3/auth/tokens"],
  ])("%s %s is 404 APIGW.0101 with a request id", async (method, path) => {
    const response = await fetch(new URL(path, emulator.url), { method, headers: { "X-Auth-Token": emulator.token } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error_code: string }).error_code).toBe("APIGW.0101");
    expect(response.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
