import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  createHssClient,
  HssApiError,
  HssConfigurationError,
  HssParameterError,
  HssResponseValidationError,
  resolveEndpoint,
} from "../../src/index.js";
import { testClient } from "../helpers/client.js";
import { image, imagesHandler, sendJson, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("endpoints", () => {
  it.each([
    ["cn-north-4", "https://hss.cn-north-4.myhuaweicloud.com"],
    ["ap-southeast-3", "https://hss.ap-southeast-3.myhuaweicloud.com"],
    ["la-south-2", "https://hss.la-south-2.myhuaweicloud.com"],
    ["eu-west-101", "https://hss.eu-west-101.myhuaweicloud.eu"],
  ])("%s -> %s", (region, endpoint) => {
    expect(resolveEndpoint(region)).toBe(endpoint);
  });

  it("rejects a region that is not a region ID", () => {
    expect(() => resolveEndpoint("evil.com/x")).toThrow(HssConfigurationError);
  });

  it.each(["http://127.0.0.1:1", "http://127.5.6.7", "http://localhost:8080", "http://[::1]:9"])(
    "allows plain http to loopback %s",
    (endpoint) => {
      expect(() => createHssClient({ endpoint, projectId: "p", auth: { type: "token", token: "t" } })).not.toThrow();
    },
  );

  it("refuses plain http elsewhere unless allowInsecureHttp", () => {
    const options = {
      endpoint: "http://hss.example.com",
      projectId: "p",
      auth: { type: "token" as const, token: "t" },
    };
    expect(() => createHssClient(options)).toThrow(/plain http to a non-loopback host.*allowInsecureHttp/);
    expect(() => createHssClient({ ...options, allowInsecureHttp: true })).not.toThrow();
  });

  it("needs a region or an endpoint, and a projectId", () => {
    expect(() => createHssClient({ projectId: "p", auth: { type: "token", token: "t" } })).toThrow(/region.*endpoint/);
    expect(() => createHssClient({ region: "cn-north-4", auth: { type: "token", token: "t" } })).toThrow(/projectId/);
  });
});

describe("a page", () => {
  it("sends the token, X-Language and the exact query, and returns a validated page", async () => {
    server = await startServer(imagesHandler(3, { requestId: "rid-1" }));
    const { client } = testClient(server.url, { language: "zh-cn" });
    const page = await client.listImageBuildCommandRisksImages({ image_type: "registry", rule_id: "r 1/ü", limit: 10 });
    const [request] = server.requests;
    expect(request?.pathname).toBe("/v5/proj-1/image/build-command-risks/images");
    expect(request?.query.get("rule_id")).toBe("r 1/ü");
    expect(request?.headers["x-auth-token"]).toBe("tok-SECRET");
    expect(request?.headers["x-language"]).toBe("zh-cn");
    expect(page).toMatchObject({
      operation: "ListImageBuildCommandRisksImages",
      query: { image_type: "registry", rule_id: "r 1/ü", limit: 10 },
      requestId: "rid-1",
      totalNum: 3,
    });
    expect(new Date(page.receivedAt).toISOString()).toBe(page.receivedAt);
    expect(page.body.data_list).toHaveLength(3);
  });

  it("sends the request-target openapi-fetch builds for the same operation and query", async () => {
    server = await startServer(imagesHandler(1));
    const { client } = testClient(server.url);
    const query = { image_type: "registry" as const, rule_id: "r 1/ü&x=y+z", offset: 0, limit: 10 };
    await client.listImageBuildCommandRisksImages(query);
    await client.raw.GET("/v5/{project_id}/image/build-command-risks/images", {
      params: { path: { project_id: "proj-1" }, query },
    });
    const [page, raw] = server.requests;
    expect(page?.url).toContain("rule_id=r%201%2F%C3%BC%26x%3Dy%2Bz");
    expect(page?.url).toBe(raw?.url);
  });

  it("checks parameters before sending anything", async () => {
    server = await startServer(imagesHandler(3));
    const { client } = testClient(server.url);
    const error = await client
      .listImageBuildCommandRisksImages({ image_type: "registry", rule_id: "r", limit: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssParameterError);
    expect((error as HssParameterError).issues).toEqual([
      expect.objectContaining({ name: "limit", value: 500, allowed: "an integer from 10 to 200" }),
    ]);
    expect((error as Error).message).toContain("ListImageBuildCommandRisksImages");
    expect(server.requests).toHaveLength(0);
  });

  it("names the failing field, operation and request id when a body does not match the spec", async () => {
    const items = [image(0), image(1), image(2), { ...image(3), image_size: "big" }];
    server = await startServer((_req, res) =>
      sendJson(res, 200, { total_num: 4, data_list: items }, { "X-Request-Id": "rid-v" }),
    );
    const { client } = testClient(server.url);
    const error = await client
      .listImageBuildCommandRisksImages({ image_type: "cicd", rule_id: "r" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssResponseValidationError);
    expect((error as HssResponseValidationError).issues[0]?.path).toBe("data_list[3].image_size");
    expect((error as Error).message).toMatch(/ListImageBuildCommandRisksImages.*rid-v.*data_list\[3\]\.image_size/);
  });

  it("a non-JSON 200 body is a validation error, not a crash", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    const { client } = testClient(server.url);
    await expect(client.listImageBuildCommandRisks({ image_type: "cicd" })).rejects.toThrow(/not JSON.*maintenance/);
  });

  it("exposes the openapi-fetch client as raw, through the same auth", async () => {
    server = await startServer(imagesHandler(1));
    const { client } = testClient(server.url);
    const { data } = await client.raw.GET("/v5/{project_id}/image/build-command-risks/images", {
      params: { path: { project_id: "proj-1" }, query: { image_type: "cicd", rule_id: "r" } },
    });
    expect(data?.total_num).toBe(1);
    expect(server.requests[0]?.headers["x-auth-token"]).toBe("tok-SECRET");
  });
});

describe("errors", () => {
  it.each([
    [{ error_code: "HSS.0001", error_msg: "Invalid parameter: rule_id" }, "HSS.0001", "Invalid parameter: rule_id"],
    [{ error: { code: "APIGW.0101", message: "The API does not exist" } }, "APIGW.0101", "The API does not exist"],
  ])("reads the error body %j", async (body, code, message) => {
    server = await startServer((_req, res) => sendJson(res, 400, body, { "X-Request-Id": "rid-e" }));
    const { client } = testClient(server.url);
    const error = (await client
      .listImageBuildCommandRisks({ image_type: "cicd", risk_level: "high" })
      .catch((e: unknown) => e)) as HssApiError;
    expect(error).toBeInstanceOf(HssApiError);
    expect(error).toMatchObject({
      status: 400,
      errorCode: code,
      errorMsg: message,
      requestId: "rid-e",
      retryable: false,
    });
    expect(error.operation).toBe("ListImageBuildCommandRisks");
    expect(error.query).toEqual({ image_type: "cicd", risk_level: "high" });
    expect(error.message).toContain(
      "ListImageBuildCommandRisks with image_type=cicd&risk_level=high (X-Request-Id rid-e)",
    );
    expect(server.requests).toHaveLength(1); // a 400 is never retried
  });

  it("keeps the text of a non-JSON error body", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(403, { "Content-Type": "text/plain" });
      res.end("Forbidden by WAF");
    });
    const { client } = testClient(server.url);
    const error = (await client
      .listImageBuildCommandRisks({ image_type: "cicd" })
      .catch((e: unknown) => e)) as HssApiError;
    expect(error.bodyText).toBe("Forbidden by WAF");
    expect(error.errorCode).toBeUndefined();
    expect(error.message).toContain("Forbidden by WAF");
  });

  it("never shows a secret in messages, JSON or inspect output", async () => {
    server = await startServer((_req, res) => sendJson(res, 401, { error_code: "APIGW.0301", error_msg: "bad token" }));
    const auth = { type: "aksk" as const, ak: "AK-SECRET", sk: "SK-SECRET", securityToken: "ST-SECRET" };
    const { client } = testClient(server.url, { auth });
    const error = await client.listImageBuildCommandRisks({ image_type: "cicd" }).catch((e: unknown) => e);
    for (const text of [
      String(error),
      inspect(error),
      JSON.stringify(error),
      inspect(client),
      JSON.stringify(client),
      inspect(auth),
      JSON.stringify(auth),
      `${auth}`,
    ]) {
      expect(text).not.toMatch(/SECRET/);
    }
  });
});
