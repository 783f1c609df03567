import { describe, expect, it } from "vitest";
import { pageParameterCheck } from "../../src/parameters.js";
import { matchOperation, validateParameters } from "../../src/spec.js";

const path = { project_id: "p" };
const images = (query: Record<string, unknown>) =>
  validateParameters("ListImageBuildCommandRisksImages", { path, query });

describe("validateParameters (from the generated spec constraints)", () => {
  it("accepts a valid query", () => {
    expect(images({ image_type: "cicd", rule_id: "r", offset: 0, limit: 200, image_id: "" })).toEqual([]);
  });

  it.each([
    [{ image_type: "cicd" }, "rule_id", undefined, "rule_id (query) is required: a string of 1 to 64 characters"],
    [{ rule_id: "r" }, "image_type", undefined, "image_type (query) is required: one of cicd, registry"],
    [
      { image_type: "docker", rule_id: "r" },
      "image_type",
      "docker",
      'image_type="docker" is not allowed: must be one of cicd, registry',
    ],
    [
      { image_type: "cicd", rule_id: "r", limit: 9 },
      "limit",
      9,
      "limit=9 is not allowed: must be an integer from 10 to 200",
    ],
    [
      { image_type: "cicd", rule_id: "r", limit: 201 },
      "limit",
      201,
      "limit=201 is not allowed: must be an integer from 10 to 200",
    ],
    [
      { image_type: "cicd", rule_id: "r", limit: 10.5 },
      "limit",
      10.5,
      "limit=10.5 is not allowed: must be an integer from 10 to 200",
    ],
    [
      { image_type: "cicd", rule_id: "r", offset: -1 },
      "offset",
      -1,
      "offset=-1 is not allowed: must be an integer from 0 to 2000000",
    ],
    [
      { image_type: "cicd", rule_id: "r", offset: 2_000_001 },
      "offset",
      2_000_001,
      "offset=2000001 is not allowed: must be an integer from 0 to 2000000",
    ],
    [
      { image_type: "cicd", rule_id: "" },
      "rule_id",
      "",
      'rule_id="" is not allowed: must be a string of 1 to 64 characters',
    ],
    [
      { image_type: "cicd", rule_id: "x".repeat(65) },
      "rule_id",
      "x".repeat(65),
      "must be a string of 1 to 64 characters",
    ],
    [
      { image_type: "cicd", rule_id: "r", image_id: "i".repeat(129) },
      "image_id",
      "i".repeat(129),
      "must be a string of 0 to 128 characters",
    ],
    [
      { image_type: "cicd", rule_id: "r", ruleId: "typo" },
      "ruleId",
      "typo",
      "ruleId is not a query parameter of ListImageBuildCommandRisksImages",
    ],
  ])("%j -> %s", (query, name, value, message) => {
    const issues = images(query);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ name, value });
    expect(issues[0]?.message).toContain(message);
  });

  it("counts characters, not UTF-16 units or bytes", () => {
    expect(images({ image_type: "cicd", rule_id: "😀".repeat(64) })).toEqual([]);
  });

  it("checks the path and the X-Language header", () => {
    const issues = validateParameters("ListImageBuildCommandRisks", {
      path: { project_id: "" },
      query: { image_type: "cicd", risk_level: "severe" },
      header: { "x-language": "fr-fr" },
    });
    expect(issues.map((issue) => issue.name)).toEqual(["project_id", "risk_level", "X-Language"]);
  });

  it("works server side on URLSearchParams and Headers (strings from the wire)", () => {
    const query = new URLSearchParams("image_type=cicd&rule_id=r&limit=200&offset=abc&limit=10");
    const issues = validateParameters("ListImageBuildCommandRisksImages", {
      path,
      query,
      header: new Headers({ "X-Language": "en-us" }),
    });
    expect(issues.map((issue) => issue.message)).toEqual([
      'offset="abc" is not allowed: must be an integer from 0 to 2000000',
      "limit is given 2 times; give it once: an integer from 10 to 200",
    ]);
    const lenient = validateParameters(
      "ListImageBuildCommandRisksImages",
      { path, query: new URLSearchParams("image_type=cicd&rule_id=r&extra=1") },
      { rejectUnknownQuery: false },
    );
    expect(lenient).toEqual([]);
  });

  it("pageParameterCheck gives validateParameters' issues, with a listing's fixed parameters checked once", () => {
    const check = pageParameterCheck(2);
    const header = { "X-Language": "en-us" };
    const base = { image_type: "cicd", rule_id: "r", limit: 200 };
    // Valid sets first (remembered), then offsets and fixed parameters a remembered set must not let through.
    const queries: Record<string, unknown>[] = [
      { ...base, offset: 0 },
      { ...base, offset: 200 },
      { ...base },
      { ...base, offset: -1 },
      { ...base, offset: 2_000_001 },
      { ...base, offset: 200.5 },
      { ...base, offset: "400" },
      { ...base, offset: "abc" },
      { ...base, offset: Number.NaN },
      { ...base, limit: "200", offset: 0 },
      { ...base, limit: 201, offset: 0 },
      { ...base, image_type: "docker", offset: 0 },
      { ...base, extra: 1, offset: 0 },
      { image_type: "registry", rule_id: "s", limit: 10, offset: 10 },
      { image_type: "cicd", rule_id: "t", limit: 10, offset: 10 },
      { ...base, offset: 1_999_800 },
      { ...base, offset: 2_000_000 },
      { ...base, offset: 2_000_001 },
    ];
    for (const offsetFirst of [false, true]) {
      for (const query of offsetFirst ? [...queries].reverse() : queries) {
        for (const op of ["ListImageBuildCommandRisksImages", "ListImageBuildCommandRisks"] as const) {
          const params = { path, query, header };
          expect(check(op, params), JSON.stringify([op, query])).toEqual(validateParameters(op, params));
        }
      }
    }
    const wrongProject = { path: { project_id: "" }, query: { ...base, offset: 0 }, header };
    expect(check("ListImageBuildCommandRisksImages", wrongProject)).toEqual(
      validateParameters("ListImageBuildCommandRisksImages", wrongProject),
    );
    expect(check("ListImageBuildCommandRisksImages", wrongProject)).not.toEqual([]);
  });

  it("matchOperation routes a path to its operation", () => {
    expect(matchOperation("GET", "/v5/abc%20d/image/build-command-risks/images")).toEqual({
      operationId: "ListImageBuildCommandRisksImages",
      pathParams: { project_id: "abc d" },
    });
    expect(matchOperation("GET", "/v5/p/image/build-command-risks")?.operationId).toBe("ListImageBuildCommandRisks");
    expect(matchOperation("POST", "/v5/p/image/build-command-risks")).toBeUndefined();
    expect(matchOperation("GET", "/v5/p/image/other")).toBeUndefined();
  });
});
