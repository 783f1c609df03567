// Each way in, as the cloud does it: tokens, IAM password login, AK/SK signatures (ours and the official SDK's).
import { createRequire } from "node:module";
import { signRequest } from "@hss-reports/api/signer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/index.js";
import { get, IMAGES_PATH, RULES_PATH } from "../helpers.js";

const require = createRequire(import.meta.url);

let emulator: RunningEmulator;
const TEMP = {
  ak: "TEMPORARYAKEXAMPLE01",
  sk: "temporarySecretKeyExample000000000000002",
  securityToken: "sts-token-xyz",
};
beforeAll(async () => {
  emulator = await startEmulator({
    images: 30,
    projects: [
      { projectId: "project-one", region: "cn-north-4" },
      { projectId: "project-two", region: "ap-southeast-1" },
    ],
    tokens: ["static-token-a", "static-token-b"],
    credentials: [{ ak: "PERMANENTAKEXAMPLE01", sk: "permanentSecretKeyExample000000000000001" }, TEMP],
  });
});
afterAll(() => emulator.close());

const query = { image_type: "registry", limit: 10 };

async function iamLogin(scope: Record<string, unknown>, password = emulator.iamUser.password) {
  const response = await fetch(`${emulator.url}/v3/auth/tokens`, {
    method: "POST",
    headers: { "Content-Type": "application/json;charset=utf8" },
    body: JSON.stringify({
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: emulator.iamUser.name, password, domain: { name: emulator.iamUser.domain } } },
        },
        scope: { project: scope },
      },
    }),
  });
  return { response, body: (await response.json()) as Record<string, unknown> };
}

/** Signs with the client's signer and sends the request with fetch. */
async function signedGet(path: string, credentials: { ak: string; sk: string; securityToken?: string }, date?: Date) {
  const url = new URL(path, emulator.url);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, String(v));
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  Object.assign(headers, signRequest({ method: "GET", url, headers }, credentials, { projectId: "project-one", date }));
  return fetch(url, { headers });
}

describe("X-Auth-Token", () => {
  it("accepts every configured token for every project", async () => {
    for (const token of ["static-token-a", "static-token-b"]) {
      for (const project of ["project-one", "project-two"]) {
        const reply = await get(emulator, RULES_PATH(project), query, { "X-Auth-Token": token });
        expect(reply.status).toBe(200);
      }
    }
  });

  it.each([
    ["a wrong token", { "X-Auth-Token": "nope" }],
    ["no credentials", {}],
    ["an empty token", { "X-Auth-Token": "" }],
  ])("rejects %s with 401 APIGW.0301", async (_name, headers) => {
    const reply = await get(emulator, RULES_PATH("project-one"), query, headers as Record<string, string>);
    expect(reply.status).toBe(401);
    expect(reply.json.error_code).toBe("APIGW.0301");
    expect(reply.headers.get("x-request-id")).toBeTruthy();
  });
});

describe("IAM password login", () => {
  it("issues a project-scoped token in X-Subject-Token with an expiry, by region name or project id", async () => {
    const byName = await iamLogin({ name: "ap-southeast-1" });
    expect(byName.response.status).toBe(201);
    const token = byName.response.headers.get("x-subject-token") as string;
    expect(token).toMatch(/^MII/);
    const info = byName.body.token as { expires_at: string; project: { id: string } };
    expect(info.project.id).toBe("project-two");
    expect(Date.parse(info.expires_at)).toBeGreaterThan(Date.now());

    expect((await get(emulator, RULES_PATH("project-two"), query, { "X-Auth-Token": token })).status).toBe(200);
    const other = await get(emulator, RULES_PATH("project-one"), query, { "X-Auth-Token": token });
    expect(other.status).toBe(401);
    expect(other.json.error_msg).toContain("scoped");

    const byId = await iamLogin({ id: "project-one" });
    expect(byId.response.status).toBe(201);
    const second = byId.response.headers.get("x-subject-token") as string;
    expect((await get(emulator, RULES_PATH("project-one"), query, { "X-Auth-Token": second })).status).toBe(200);
  });

  it("rejects a wrong password or an unknown scope with 401", async () => {
    const wrong = await iamLogin({ name: "cn-north-4" }, "guess");
    expect(wrong.response.status).toBe(401);
    expect(JSON.stringify(wrong.body)).toContain("APIGW.0301");
    expect(JSON.stringify(wrong.body)).not.toContain(emulator.iamUser.password);
    const scope = await iamLogin({ name: "eu-west-101" });
    expect(scope.response.status).toBe(401);
  });

  it("expired tokens get 401 until the client logs in again", async () => {
    const login = await iamLogin({ name: "cn-north-4" });
    const token = login.response.headers.get("x-subject-token") as string;
    expect((await get(emulator, RULES_PATH("project-one"), query, { "X-Auth-Token": token })).status).toBe(200);
    emulator.expireTokens();
    const expired = await get(emulator, RULES_PATH("project-one"), query, { "X-Auth-Token": token });
    expect(expired.status).toBe(401);
    expect(expired.json.error_msg).toContain("expired");
    const renewed = (await iamLogin({ name: "cn-north-4" })).response.headers.get("x-subject-token") as string;
    expect((await get(emulator, RULES_PATH("project-one"), query, { "X-Auth-Token": renewed })).status).toBe(200);
  });

  it("honours tokenTtlMs", async () => {
    const short = await startEmulator({ images: 10, tokenTtlMs: 0 });
    try {
      const response = await fetch(`${short.url}/v3/auth/tokens`, {
        method: "POST",
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ["password"],
              password: {
                user: {
                  name: short.iamUser.name,
                  password: short.iamUser.password,
                  domain: { name: short.iamUser.domain },
                },
              },
            },
            scope: { project: { id: short.projectId } },
          },
        }),
      });
      expect(response.status).toBe(201);
      const token = response.headers.get("x-subject-token") as string;
      expect((await get(short, RULES_PATH(short.projectId), query, { "X-Auth-Token": token })).status).toBe(401);
    } finally {
      await short.close();
    }
  });

  it("answers a malformed body with 400", async () => {
    const response = await fetch(`${emulator.url}/v3/auth/tokens`, { method: "POST", body: "{not json" });
    expect(response.status).toBe(400);
  });
});

describe("AK/SK SDK-HMAC-SHA256", () => {
  const permanent = { ak: "PERMANENTAKEXAMPLE01", sk: "permanentSecretKeyExample000000000000001" };

  it("accepts a request signed by @hss-reports/api's signer", async () => {
    const response = await signedGet(RULES_PATH("project-one"), permanent);
    expect(response.status).toBe(200);
    expect(emulator.requestLog.at(-1)?.auth).toBe("aksk");
  });

  it("rejects a wrong secret key, an unknown access key and a tampered query", async () => {
    const wrongSk = await signedGet(RULES_PATH("project-one"), { ...permanent, sk: "wrong" });
    expect(wrongSk.status).toBe(401);
    const unknownAk = await signedGet(RULES_PATH("project-one"), { ...permanent, ak: "UNKNOWNAK" });
    expect(unknownAk.status).toBe(401);

    const url = new URL(RULES_PATH("project-one"), emulator.url);
    url.searchParams.set("image_type", "registry");
    const headers = signRequest({ method: "GET", url, headers: {} }, permanent);
    url.searchParams.set("image_type", "cicd");
    const tampered = await fetch(url, { headers });
    expect(tampered.status).toBe(401);
    const body = (await tampered.json()) as { error_code: string; error_msg: string };
    expect(body.error_code).toBe("APIGW.0301");
    expect(body.error_msg).not.toContain(permanent.sk);
  });

  it("allows clock skew up to 15 minutes, not more", async () => {
    const minutes = (m: number) => new Date(Date.now() + m * 60_000);
    expect((await signedGet(RULES_PATH("project-one"), permanent, minutes(-14))).status).toBe(200);
    expect((await signedGet(RULES_PATH("project-one"), permanent, minutes(14))).status).toBe(200);
    expect((await signedGet(RULES_PATH("project-one"), permanent, minutes(-16))).status).toBe(401);
    expect((await signedGet(RULES_PATH("project-one"), permanent, minutes(16))).status).toBe(401);
  });

  it("needs X-Security-Token for temporary credentials", async () => {
    expect((await signedGet(RULES_PATH("project-one"), TEMP)).status).toBe(200);
    const { securityToken: _, ...withoutToken } = TEMP;
    const missing = await signedGet(RULES_PATH("project-one"), withoutToken);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error_msg: string }).error_msg).toContain("X-Security-Token");
    expect((await signedGet(RULES_PATH("project-one"), { ...TEMP, securityToken: "other" })).status).toBe(401);
  });

  it("accepts a request signed by the official SDK's AKSKSigner", async () => {
    const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner");
    const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");
    const credential = new BasicCredentials().withAk(permanent.ak).withSk(permanent.sk).withProjectId("project-one");
    const queryParams = { image_type: "registry", rule_id: "BCR-0001", limit: 10, image_id: "" };
    const signed = AKSKSigner.sign(
      {
        method: "GET",
        endpoint: `${emulator.url}${IMAGES_PATH("project-one")}`,
        queryParams,
        headers: { "X-Project-Id": "project-one", "content-type": "application/json", "X-Language": "zh-cn" },
      },
      credential,
    ) as Record<string, string>;
    const url = new URL(IMAGES_PATH("project-one"), emulator.url);
    for (const [k, v] of Object.entries(queryParams)) url.searchParams.set(k, String(v));
    const { host: _host, ...headers } = signed;
    const response = await fetch(url, { headers });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { total_num: number };
    expect(body.total_num).toBe(emulator.dataset.images("project-one", "registry", "BCR-0001").length);
  });

  it("serves the official SDK's own HTTP client (HcClient) end to end", async () => {
    const { BasicCredentials } = require("@huaweicloud/huaweicloud-sdk-core");
    const { HcClient } = require("@huaweicloud/huaweicloud-sdk-core/HcClient");
    const { DefaultHttpClient } = require("@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient");
    const credential = new BasicCredentials().withAk(permanent.ak).withSk(permanent.sk).withProjectId("project-two");
    const client = new HcClient(new DefaultHttpClient({}, [emulator.url]))
      .withCredential(credential)
      .withEndpoints([emulator.url]);
    const result = await client.sendRequest({
      method: "GET",
      url: "/v5/{project_id}/image/build-command-risks/images",
      contentType: "application/json",
      queryParams: { image_type: "cicd", rule_id: "BCR-0001", offset: 0, limit: 20 },
      pathParams: { project_id: "project-two" },
      headers: { "X-Language": "zh-cn" },
    });
    expect(result.httpStatusCode).toBe(200);
    expect(result.data_list).toEqual(emulator.dataset.images("project-two", "cicd", "BCR-0001", "zh-cn").slice(0, 20));
  });
});
