import { describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/load.js";
import { planRun } from "../../src/config/plan.js";
import { UsageError } from "../../src/errors.js";

const TOKEN = { HSS_AUTH_TOKEN: "tok-plan-123456" };

describe("planRun", () => {
  it("runs the demo when nothing points at an account", () => {
    expect(planRun({}, {})).toEqual({ demo: true, imageTypes: ["cicd", "registry"] });
  });

  it("builds one scope from flags and the environment's project", () => {
    const plan = planRun({ region: "eu-west-101" }, { ...TOKEN, HUAWEICLOUD_SDK_PROJECT_ID: "p1" });
    expect(plan.demo).toBe(false);
    if (plan.demo) return;
    expect(plan.scopes[0]?.scope).toEqual({
      id: "eu-west-101/p1",
      region: "eu-west-101",
      endpoint: "https://hss.eu-west-101.myhuaweicloud.eu",
      projectId: "p1",
      imageTypes: ["cicd", "registry"],
    });
    expect(plan.scopes[0]?.credentials.auth.type).toBe("token");
  });

  it("demands credentials when a project or region is given", () => {
    expect(() => planRun({ region: "cn-north-4" }, {})).toThrow(UsageError);
    expect(() => planRun({}, { HUAWEICLOUD_SDK_PROJECT_ID: "p" })).toThrow(/HSS_AUTH_TOKEN/);
  });

  it("demands a region or endpoint, and a project, when credentials are set", () => {
    expect(() => planRun({}, TOKEN)).toThrow(/--region or --endpoint/);
    expect(() => planRun({ region: "cn-north-4" }, TOKEN)).toThrow(/--project-id/);
  });

  it("reads each scope's credentials from the variables it names", () => {
    const config = parseConfigText(
      [
        "scopes:",
        "  - { region: cn-north-4, project_id: a, credentials: { token_env: A_TOKEN } }",
        "  - { endpoint: 'https://hss.example.com', project_id: b, enterprise_project_id: ep1, credentials: { ak_env: B_AK, sk_env: B_SK } }",
      ].join("\n"),
      "fleet.yaml",
    );
    const plan = planRun(config, { A_TOKEN: "tok-a-123456", B_AK: "AK123456", B_SK: "SK123456" });
    if (plan.demo) throw new Error("not a demo");
    expect(plan.scopes.map((s) => s.scope.id)).toEqual(["cn-north-4/a", "hss.example.com/b/ep1"]);
    expect(plan.scopes.map((s) => s.credentials.auth.type)).toEqual(["token", "aksk"]);
    // The AK without its SK is reported under the scope's own variable names.
    expect(() => planRun(config, { A_TOKEN: "tok-a-123456", B_AK: "AK123456" })).toThrow(/scopes\[1\].*B_SK/);
  });

  it("refuses the same scope twice", () => {
    const config = parseConfigText(
      "scopes:\n  - { region: cn-north-4, project_id: a }\n  - { region: cn-north-4, project_id: a }",
      "x.yaml",
    );
    expect(() => planRun(config, TOKEN)).toThrow(/listed twice/);
  });
});
