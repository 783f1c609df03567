// Unit tests with an injected fetch: what exactly each attempt sends.
import { describe, expect, it } from "vitest";
import { createHssClient, type HssEvent } from "../../src/index.js";

const page = { total_num: 0, data_list: [] };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("injected fetch", () => {
  it("gets a fresh Request per attempt, each with the full body (IAM POST retried after a 503)", async () => {
    const seen: Array<{ request: Request; body: string }> = [];
    let iamCalls = 0;
    const fetch = async (request: Request) => {
      seen.push({ request, body: await request.text() });
      if (request.url.endsWith("/v3/auth/tokens")) {
        return ++iamCalls === 1
          ? json(503, { error: { code: "503", message: "busy" } })
          : json(
              201,
              { token: { expires_at: new Date(Date.now() + 86_400_000).toISOString() } },
              { "X-Subject-Token": "tok" },
            );
      }
      return json(200, page);
    };
    const client = createHssClient({
      endpoint: "https://hss.example.com",
      projectId: "p",
      auth: { type: "password", user: "u", password: "pw", domain: "d", iamEndpoint: "https://iam.example.com" },
      retry: { baseDelayMs: 1 },
      fetch,
    });
    await client.listImageBuildCommandRisks({ image_type: "cicd" });
    const iam = seen.filter((entry) => entry.request.url.endsWith("/v3/auth/tokens"));
    expect(iam).toHaveLength(2);
    expect(iam[0]?.request === iam[1]?.request).toBe(false);
    expect(iam[0]?.body).toBe(iam[1]?.body);
    expect(JSON.parse(iam[1]?.body ?? "").auth.identity.password.user.name).toBe("u");
    expect(seen.at(-1)?.request.headers.get("x-auth-token")).toBe("tok");
  });

  it("does not deadlock when a token must be fetched with concurrency 1", async () => {
    const fetch = async (request: Request) =>
      request.url.endsWith("/v3/auth/tokens")
        ? json(201, { token: {} }, { "X-Subject-Token": "tok" })
        : json(200, page);
    const client = createHssClient({
      endpoint: "https://hss.example.com",
      projectId: "p",
      concurrency: 1,
      auth: { type: "password", user: "u", password: "pw", domain: "d", iamEndpoint: "https://iam.example.com" },
      fetch,
    });
    await expect(client.listImageBuildCommandRisks({ image_type: "cicd" })).resolves.toMatchObject({ totalNum: 0 });
  });

  it("a throwing onEvent listener does not break requests, and events carry no secrets", async () => {
    const events: HssEvent[] = [];
    const client = createHssClient({
      endpoint: "https://hss.example.com",
      projectId: "p",
      auth: { type: "aksk", ak: "AK-SECRET", sk: "SK-SECRET", securityToken: "ST-SECRET" },
      retry: { baseDelayMs: 1, throttleDelayMs: 1 },
      fetch: async () =>
        events.length < 3 ? json(429, { error_code: "APIG.0308", error_msg: "limit" }) : json(200, page),
      onEvent: (event) => {
        events.push(event);
        throw new Error("listener bug");
      },
    });
    await expect(client.listImageBuildCommandRisks({ image_type: "cicd" })).resolves.toMatchObject({ totalNum: 0 });
    expect(JSON.stringify(events)).not.toContain("SECRET");
    expect(events.map((event) => event.type)).toContain("retry");
  });

  it("a caller's AbortSignal stops the request without retrying", async () => {
    const controller = new AbortController();
    let calls = 0;
    const client = createHssClient({
      endpoint: "https://hss.example.com",
      projectId: "p",
      auth: { type: "token", token: "t" },
      fetch: (request) => {
        calls++;
        controller.abort(new Error("user cancelled"));
        return new Promise((_resolve, reject) => {
          if (request.signal.aborted) reject(request.signal.reason);
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        });
      },
    });
    await expect(
      client.listImageBuildCommandRisks({ image_type: "cicd" }, { signal: controller.signal }),
    ).rejects.toThrow("user cancelled");
    expect(calls).toBe(1);
  });
});
