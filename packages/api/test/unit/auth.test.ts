import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import {
  credentialsFromEnv,
  HssApiError,
  HssConfigurationError,
  HssNetworkError,
  MAX_HEADER_BYTES,
  passwordAuth,
} from "../../src/index.js";
import { verifySignature } from "../../src/signer.js";
import { testClient } from "../helpers/client.js";
import { imagesHandler, type RecordedRequest, sendJson, startServer, type TestServer } from "../helpers/server.js";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const query = { image_type: "cicd" as const, rule_id: "r" };

/** A loopback IAM: checks the password body, hands out numbered tokens that expire `lifetimeMs` from now. */
async function startIam(lifetimeMs: number) {
  let issued = 0;
  const server = await startServer((request, res) => {
    const body = JSON.parse(request.body);
    const user = body.auth.identity.password.user;
    if (request.pathname !== "/v3/auth/tokens" || user.password !== "pw-SECRET" || user.domain.name !== "acme") {
      sendJson(res, 401, {
        error: { code: 401, message: "The username or password is wrong.", title: "Unauthorized" },
      });
      return;
    }
    issued++;
    const expires_at = new Date(Date.now() + lifetimeMs).toISOString();
    sendJson(
      res,
      201,
      { token: { expires_at, project: { id: "proj-from-token", name: "cn-north-4" } } },
      { "X-Subject-Token": `iam-token-${issued}` },
    );
  });
  servers.push(server);
  return server;
}

describe("IAM password auth", () => {
  it("gets a token (scoped to the project), caches it, and sends it as X-Auth-Token", async () => {
    const iam = await startIam(24 * 3600_000);
    const hss = await startServer(imagesHandler(1));
    servers.push(hss);
    const { client, events } = testClient(hss.url, {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    await client.listImageBuildCommandRisksImages(query);
    await client.listImageBuildCommandRisksImages(query);
    expect(iam.requests).toHaveLength(1);
    expect(JSON.parse(iam.requests[0]?.body ?? "")).toEqual({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: "alice", password: "pw-SECRET", domain: { name: "acme" } } },
        },
        scope: { project: { id: "proj-1" } },
      },
    });
    expect(hss.requests.map((request) => request.headers["x-auth-token"])).toEqual(["iam-token-1", "iam-token-1"]);
    expect(
      events.filter((event) => event.type === "auth").map((event) => event.type === "auth" && event.action),
    ).toEqual(["token-requested"]);
  });

  it("takes a token of 32,768 characters (the API page's limit), beyond Node's 16 KiB header limit", async () => {
    const token = `MII${"x".repeat(32_765)}`;
    const iam = await startServer((_request, res) => {
      sendJson(
        res,
        201,
        { token: { expires_at: new Date(Date.now() + 3600_000).toISOString() } },
        {
          "X-Subject-Token": token,
        },
      );
    });
    const hss = await startServer(imagesHandler(1));
    servers.push(iam, hss);
    const { client } = testClient(hss.url, {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    await client.listImageBuildCommandRisksImages(query);
    expect(iam.requests).toHaveLength(1);
    expect(hss.requests[0]?.headers["x-auth-token"]).toBe(token);
  });

  it("does not repeat a login whose answer has headers over the limit: it would fail the same way", async () => {
    const iam = await startServer((_request, res) => {
      sendJson(res, 201, { token: {} }, { "X-Subject-Token": "x".repeat(MAX_HEADER_BYTES + 1) });
    });
    servers.push(iam);
    const { client } = testClient("http://127.0.0.1:9", {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    const error = await client.listImageBuildCommandRisksImages(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssNetworkError);
    expect(error).toMatchObject({ code: "UND_ERR_HEADERS_OVERFLOW", retryable: false });
    expect(iam.requests).toHaveLength(1);
  });

  it("renews a token that is about to expire", async () => {
    const iam = await startIam(60_000); // inside the 15-minute renewal margin
    const hss = await startServer(imagesHandler(1));
    servers.push(hss);
    const { client, events } = testClient(hss.url, {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    await client.listImageBuildCommandRisksImages(query);
    await client.listImageBuildCommandRisksImages(query);
    expect(hss.requests.map((request) => request.headers["x-auth-token"])).toEqual(["iam-token-1", "iam-token-2"]);
    expect(
      events.filter((event) => event.type === "auth").map((event) => event.type === "auth" && event.action),
    ).toEqual(["token-requested", "token-renewed"]);
  });

  it("renews once on a 401 from HSS, then repeats the request", async () => {
    const iam = await startIam(24 * 3600_000);
    const serve = imagesHandler(1);
    const hss = await startServer((request, res) => {
      if (request.headers["x-auth-token"] === "iam-token-1")
        sendJson(res, 401, { error_code: "APIGW.0301", error_msg: "expired" });
      else serve(request, res);
    });
    servers.push(hss);
    const { client } = testClient(hss.url, {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    const page = await client.listImageBuildCommandRisksImages(query);
    expect(page.totalNum).toBe(1);
    expect(hss.requests.map((request) => request.headers["x-auth-token"])).toEqual(["iam-token-1", "iam-token-2"]);
  });

  it("renews only once when HSS keeps answering 401", async () => {
    const iam = await startIam(24 * 3600_000);
    const hss = await startServer((_request, res) => sendJson(res, 401, { error_code: "APIGW.0301", error_msg: "no" }));
    servers.push(hss);
    const { client } = testClient(hss.url, {
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    await expect(client.listImageBuildCommandRisksImages(query)).rejects.toMatchObject({
      status: 401,
      errorCode: "APIGW.0301",
    });
    expect(iam.requests).toHaveLength(2);
    expect(hss.requests).toHaveLength(2);
  });

  it("uses the token's project when no projectId is given, scoping by region name", async () => {
    const iam = await startIam(24 * 3600_000);
    const hss = await startServer(imagesHandler(1));
    servers.push(hss);
    const { client } = testClient(hss.url, {
      projectId: undefined,
      region: "cn-north-4",
      auth: { type: "password", user: "alice", password: "pw-SECRET", domain: "acme", iamEndpoint: iam.url },
    });
    await client.listImageBuildCommandRisksImages(query);
    expect(JSON.parse(iam.requests[0]?.body ?? "").auth.scope).toEqual({ project: { name: "cn-north-4" } });
    expect(hss.requests[0]?.pathname).toBe("/v5/proj-from-token/image/build-command-risks/images");
  });

  it("reports a wrong password as an IAM error without the password", async () => {
    const iam = await startIam(24 * 3600_000);
    const hss = await startServer(imagesHandler(1));
    servers.push(hss);
    const auth = passwordAuth({ user: "alice", password: "wrong-SECRET", domain: "acme", iamEndpoint: iam.url });
    const { client } = testClient(hss.url, { auth });
    const error = await client.listImageBuildCommandRisksImages(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssApiError);
    expect(error).toMatchObject({ status: 401, errorCode: "401", operation: "KeystoneCreateUserTokenByPassword" });
    expect(`${String(error)} ${inspect(error)} ${inspect(auth)} ${JSON.stringify(auth)}`).not.toContain("SECRET");
    expect(hss.requests).toHaveLength(0);
  });
});

describe("AK/SK auth", () => {
  /** An HSS stand-in that verifies signatures with the same code the emulator uses. */
  async function startVerifyingHss(sk: string) {
    const serve = imagesHandler(1);
    const server = await startServer((request: RecordedRequest, res) => {
      const result = verifySignature(
        {
          method: request.method,
          url: `http://${request.headers.host}${request.url}`,
          headers: request.headers as Record<string, string>,
          body: request.body,
        },
        sk,
      );
      if (!result.valid) sendJson(res, 401, { error_code: "APIGW.0301", error_msg: result.detail });
      else serve(request, res);
    });
    servers.push(server);
    return server;
  }

  it("signs every request (with X-Project-Id and X-Security-Token) so that the server verifies it", async () => {
    const hss = await startVerifyingHss("SK-SECRET");
    const { client } = testClient(hss.url, {
      auth: { type: "aksk", ak: "AK-1", sk: "SK-SECRET", securityToken: "ST-SECRET" },
    });
    await client.listImageBuildCommandRisksImages({ ...query, rule_id: "rule with spaces/ü*'()" });
    const [request] = hss.requests;
    expect(request?.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=AK-1, SignedHeaders=[^,]*host;[^,]*x-project-id;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/,
    );
    expect(request?.headers["x-project-id"]).toBe("proj-1");
    expect(request?.headers["x-security-token"]).toBe("ST-SECRET");
    expect(request?.headers["x-auth-token"]).toBeUndefined();
  });

  it("a wrong SK is rejected by the server and not retried", async () => {
    const hss = await startVerifyingHss("SK-RIGHT");
    const { client } = testClient(hss.url, { auth: { type: "aksk", ak: "AK-1", sk: "SK-WRONG" } });
    await expect(client.listImageBuildCommandRisksImages(query)).rejects.toMatchObject({ status: 401 });
    expect(hss.requests).toHaveLength(1);
  });

  it("re-signs each retry", async () => {
    const serve = imagesHandler(1);
    let calls = 0;
    const hss = await startServer((request, res) => {
      if (++calls === 1) sendJson(res, 503, "busy");
      else serve(request, res);
    });
    servers.push(hss);
    const { client } = testClient(hss.url, { auth: { type: "aksk", ak: "AK-1", sk: "SK" } });
    await client.listImageBuildCommandRisksImages(query);
    expect(hss.requests.every((request) => request.headers.authorization?.startsWith("SDK-HMAC-SHA256"))).toBe(true);
    expect(hss.requests).toHaveLength(2);
  });
});

describe("credentialsFromEnv", () => {
  it("returns undefined when nothing is set", () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ HUAWEICLOUD_SDK_PROJECT_ID: "p", HSS_AUTH_TOKEN: "" })).toBeUndefined();
  });

  it("reads a token", () => {
    expect(credentialsFromEnv({ HSS_AUTH_TOKEN: "t", HUAWEICLOUD_SDK_PROJECT_ID: "p" })).toMatchObject({
      auth: { type: "token", token: "t" },
      projectId: "p",
      source: ["HSS_AUTH_TOKEN", "HUAWEICLOUD_SDK_PROJECT_ID"],
    });
  });

  it("reads AK/SK with an optional security token", () => {
    const env = { HUAWEICLOUD_SDK_AK: "a", HUAWEICLOUD_SDK_SK: "s", HUAWEICLOUD_SDK_SECURITY_TOKEN: "st" };
    expect(credentialsFromEnv(env)?.auth).toMatchObject({ type: "aksk", ak: "a", sk: "s", securityToken: "st" });
  });

  it("reads an IAM user", () => {
    const env = {
      HSS_IAM_USER: "u",
      HSS_IAM_PASSWORD: "p",
      HSS_IAM_DOMAIN: "d",
      HSS_IAM_ENDPOINT: "https://iam.example",
    };
    expect(credentialsFromEnv(env)?.auth).toMatchObject({
      type: "password",
      user: "u",
      password: "p",
      domain: "d",
      iamEndpoint: "https://iam.example",
    });
  });

  it.each([
    [{ HUAWEICLOUD_SDK_AK: "a-SECRET" }, /needs HUAWEICLOUD_SDK_SK/],
    [{ HUAWEICLOUD_SDK_SK: "s-SECRET" }, /needs HUAWEICLOUD_SDK_AK/],
    [{ HUAWEICLOUD_SDK_SECURITY_TOKEN: "st-SECRET" }, /needs HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/],
    [{ HSS_IAM_USER: "u-SECRET", HSS_IAM_PASSWORD: "p-SECRET" }, /needs HSS_IAM_DOMAIN/],
    [{ HSS_AUTH_TOKEN: "t-SECRET", HUAWEICLOUD_SDK_AK: "a-SECRET" }, /needs HUAWEICLOUD_SDK_SK/],
  ])("names the missing variables of an incomplete set %j, never the values", (env, message) => {
    const error = (() => {
      try {
        credentialsFromEnv(env);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(HssConfigurationError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("SECRET");
  });

  it("the auth objects it returns redact themselves", () => {
    const found = credentialsFromEnv({ HUAWEICLOUD_SDK_AK: "a-SECRET", HUAWEICLOUD_SDK_SK: "s-SECRET" });
    expect(`${inspect(found)} ${JSON.stringify(found)} ${String(found?.auth)}`).not.toContain("SECRET");
  });
});
