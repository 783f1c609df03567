// Each fault, opt-in and deterministic: a test names the request it hits.
import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { type EmulatorOptions, parseFaultSpec, type RunningEmulator, startEmulator } from "../../src/index.js";
import { get, IMAGES_PATH, RULES_PATH } from "../helpers.js";

async function withEmulator(options: EmulatorOptions, body: (e: RunningEmulator) => Promise<void>): Promise<void> {
  const emulator = await startEmulator({ images: 120, ...options });
  try {
    await body(emulator);
  } finally {
    await emulator.close();
  }
}

const rulesQuery = { image_type: "registry" };
const imagesQuery = { image_type: "registry", rule_id: "BCR-0001", limit: 20 };

/** Raw GET that reports transport failures instead of throwing, and the bytes actually received. */
function rawGet(
  e: RunningEmulator,
  path: string,
): Promise<{ status?: number; length?: number; received: number; error?: string }> {
  return new Promise((resolve) => {
    const req = request(`${e.url}${path}`, { headers: { "X-Auth-Token": e.token } }, (res) => {
      let received = 0;
      res.on("data", (chunk: Buffer) => {
        received += chunk.length;
      });
      res.on("end", () => resolve({ status: res.statusCode, length: Number(res.headers["content-length"]), received }));
      res.on("error", (error) =>
        resolve({
          status: res.statusCode,
          length: Number(res.headers["content-length"]),
          received,
          error: error.message,
        }),
      );
      res.on("aborted", () =>
        resolve({ status: res.statusCode, length: Number(res.headers["content-length"]), received, error: "aborted" }),
      );
    });
    req.on("error", (error) => resolve({ received: 0, error: error.message }));
    req.end();
  });
}

describe("throttling", () => {
  it("throttle fault: 429 APIG.0308 on the chosen requests, with and without Retry-After", async () => {
    await withEmulator({ faults: { throttle: { nth: [2, 3], endpoint: "rules" } } }, async (e) => {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const reply = await get(e, RULES_PATH(e.projectId), rulesQuery);
        statuses.push(reply.status);
        if (reply.status === 429) {
          expect(reply.json.error_code).toBe("APIG.0308");
          expect(reply.json.error_msg).toContain("over ratelimit");
          expect(reply.headers.get("retry-after")).toBe("1");
        }
      }
      expect(statuses).toEqual([200, 429, 429, 200]);
      // Images requests are not counted by a rules-only trigger.
      expect((await get(e, IMAGES_PATH(e.projectId), imagesQuery)).status).toBe(200);
    });
    await withEmulator({ faults: { throttle: { nth: 1, retryAfter: null } } }, async (e) => {
      const reply = await get(e, RULES_PATH(e.projectId), rulesQuery);
      expect(reply.status).toBe(429);
      expect(reply.headers.get("retry-after")).toBeNull();
    });
  });

  it("rateLimit: a burst beyond the per-project limit gets 429 (never more than the limit succeed in a second)", async () => {
    await withEmulator({ rateLimit: 3 }, async (e) => {
      const replies = await Promise.all(Array.from({ length: 12 }, () => get(e, RULES_PATH(e.projectId), rulesQuery)));
      const throttled = replies.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled[0]?.json.error_msg).toContain("limit:3");
      expect(throttled[0]?.headers.get("retry-after")).toBe("1");
    });
    await withEmulator({ rateLimit: { perSecond: 1, retryAfter: false } }, async (e) => {
      const replies = await Promise.all(Array.from({ length: 6 }, () => get(e, RULES_PATH(e.projectId), rulesQuery)));
      const throttled = replies.filter((r) => r.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      expect(throttled.every((r) => r.headers.get("retry-after") === null)).toBe(true);
    });
  });
});

describe("server errors", () => {
  it("5xx by ordinal, each status with its body (502 is HTML, not JSON)", async () => {
    await withEmulator({ faults: { serverError: { nth: [1, 2, 3, 4] } } }, async (e) => {
      const replies = [];
      for (let i = 0; i < 5; i++) replies.push(await get(e, RULES_PATH(e.projectId), rulesQuery));
      expect(replies.map((r) => r.status)).toEqual([500, 502, 503, 504, 200]);
      expect(replies[0]?.json.error_code).toBe("HSS.0041");
      expect(replies[1]?.json).toBeUndefined();
      expect(replies[1]?.text).toContain("502 Bad Gateway");
      for (const reply of replies) expect(reply.headers.get("x-request-id")).toBeTruthy();
    });
  });

  it("5xx at a rate is deterministic given the seed", async () => {
    const pattern = async (seed: string) => {
      let statuses = "";
      await withEmulator({ seed, faults: { serverError: { rate: 0.3, status: 503 } } }, async (e) => {
        for (let i = 0; i < 30; i++)
          statuses += (await get(e, RULES_PATH(e.projectId), rulesQuery)).status === 503 ? "x" : ".";
      });
      return statuses;
    };
    const first = await pattern("rate-seed");
    expect(first).toContain("x");
    expect(first).toContain(".");
    expect(await pattern("rate-seed")).toBe(first);
    expect(await pattern("other-seed")).not.toBe(first);
  });
});

describe("transport faults", () => {
  it("reset: the chosen request's connection is destroyed without an answer", async () => {
    await withEmulator({ faults: { reset: { nth: 2 } } }, async (e) => {
      expect((await rawGet(e, `${RULES_PATH(e.projectId)}?image_type=registry`)).status).toBe(200);
      const reset = await rawGet(e, `${RULES_PATH(e.projectId)}?image_type=registry`);
      expect(reset.status).toBeUndefined();
      expect(reset.error).toMatch(/socket hang up|ECONNRESET/);
      expect((await rawGet(e, `${RULES_PATH(e.projectId)}?image_type=registry`)).status).toBe(200);
      expect(e.requestLog.some((entry) => entry.faults?.includes("reset"))).toBe(true);
    });
  });

  it("truncate: a full Content-Length, half the bytes, then the socket closes", async () => {
    await withEmulator({ faults: { truncate: { nth: 1 } } }, async (e) => {
      const truncated = await rawGet(e, `${IMAGES_PATH(e.projectId)}?image_type=registry&rule_id=BCR-0001&limit=50`);
      expect(truncated.status).toBe(200);
      expect(truncated.received).toBeLessThan(truncated.length as number);
      expect(truncated.error).toBeDefined();
      await expect(
        fetch(`${e.url}${IMAGES_PATH(e.projectId)}?image_type=registry&rule_id=BCR-0001`, {
          headers: { "X-Auth-Token": e.token },
        }).then((r) => r.json()),
      ).resolves.toHaveProperty("total_num");
    });
  });

  it("latency: the chosen request is delayed, and still answered", async () => {
    await withEmulator({ faults: { latency: { nth: 1, ms: 300 } }, latencyMs: 5 }, async (e) => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 100);
      await expect(
        fetch(`${e.url}${RULES_PATH(e.projectId)}?image_type=registry`, {
          headers: { "X-Auth-Token": e.token },
          signal: controller.signal,
        }),
      ).rejects.toThrow();
      clearTimeout(timer);
      expect((await get(e, RULES_PATH(e.projectId), rulesQuery)).status).toBe(200);
    });
  });
});

describe("data faults", () => {
  it("schemaViolation: 200 bodies that break the schema, one way after another", async () => {
    await withEmulator({ faults: { schemaViolation: { every: 1, endpoint: "images" } } }, async (e) => {
      const bodies = [];
      for (let i = 0; i < 4; i++) bodies.push((await get(e, IMAGES_PATH(e.projectId), imagesQuery)).json);
      expect(bodies[0].data_list[0].image_size).toBe("big");
      expect(bodies[1].data_list[0].image_type).toBe("floppy_disk");
      expect(bodies[2].data_list[0]).not.toHaveProperty("risk_detail_info");
      expect(bodies[3]).toEqual({ total_num: -1, data_list: null });
    });
    await withEmulator({ faults: { schemaViolation: { nth: 1, endpoint: "rules" } } }, async (e) => {
      const reply = await get(e, RULES_PATH(e.projectId), rulesQuery);
      expect(reply.json.data_list[0].image_num).toBe("many");
    });
  });

  it("totalNumChange: total_num changes mid-walk and the dataset says what HSS now holds", async () => {
    await withEmulator(
      { images: 400, faults: { totalNumChange: { nth: 2, endpoint: "images", delta: 25 } } },
      async (e) => {
        const first = await get(e, IMAGES_PATH(e.projectId), { ...imagesQuery, offset: 0 });
        const second = await get(e, IMAGES_PATH(e.projectId), { ...imagesQuery, offset: 20 });
        expect(second.json.total_num).toBeGreaterThan(first.json.total_num);
        expect(e.dataset.images(e.projectId, "registry", "BCR-0001")).toHaveLength(second.json.total_num);
        expect(e.dataset.imageCount(e.projectId)).toBe(425);
        // New images come first: the old first page has shifted down.
        const ids = e.dataset.images(e.projectId, "registry", "BCR-0001").map((image) => image.image_id);
        expect(ids.indexOf(first.json.data_list[0].image_id)).toBeGreaterThan(0);
      },
    );
  });

  it("totalNumChange moves even a rare rule's total, up or down", async () => {
    await withEmulator(
      { images: 400, faults: { totalNumChange: { nth: [2, 3], endpoint: "images", delta: 1 } } },
      async (e) => {
        const query = { image_type: "registry", rule_id: "BCR-0017", limit: 10 };
        const totals = [];
        for (let i = 0; i < 3; i++) totals.push((await get(e, IMAGES_PATH(e.projectId), query)).json.total_num);
        expect(totals[1]).toBe((totals[0] as number) + 1);
        expect(totals[2]).toBe((totals[1] as number) + 1);
      },
    );
    await withEmulator(
      { images: 400, faults: { totalNumChange: { nth: 2, endpoint: "images", delta: -1 } } },
      async (e) => {
        const query = { image_type: "cicd", rule_id: "BCR-0013", limit: 10 };
        const first = (await get(e, IMAGES_PATH(e.projectId), query)).json.total_num;
        const second = (await get(e, IMAGES_PATH(e.projectId), query)).json.total_num;
        expect(first).toBeGreaterThan(0);
        expect(second).toBe(first - 1);
        expect(e.dataset.images(e.projectId, "cicd", "BCR-0013")).toHaveLength(second);
      },
    );
  });

  it("tokenExpiry: IAM tokens expire just before the chosen request", async () => {
    await withEmulator({ faults: { tokenExpiry: { nth: 2 } } }, async (e) => {
      const login = await fetch(`${e.url}/v3/auth/tokens`, {
        method: "POST",
        body: JSON.stringify({
          auth: {
            identity: {
              methods: ["password"],
              password: {
                user: { name: e.iamUser.name, password: e.iamUser.password, domain: { name: e.iamUser.domain } },
              },
            },
            scope: { project: { name: e.region } },
          },
        }),
      });
      const token = login.headers.get("x-subject-token") as string;
      const headers = { "X-Auth-Token": token };
      expect((await get(e, RULES_PATH(e.projectId), rulesQuery, headers)).status).toBe(200);
      const expired = await get(e, RULES_PATH(e.projectId), rulesQuery, headers);
      expect(expired.status).toBe(401);
      expect(expired.json.error_code).toBe("APIGW.0301");
      // Configured (static) tokens are not IAM tokens and keep working.
      expect((await get(e, RULES_PATH(e.projectId), rulesQuery)).status).toBe(200);
    });
  });
});

describe("going away", () => {
  it("onRequest can stop the emulator after the Nth request: later requests fail to connect", async () => {
    let seen = 0;
    let closing: Promise<void> | undefined;
    const e = await startEmulator({
      images: 30,
      onRequest: () => {
        seen++;
        if (seen === 2) closing = e.close();
      },
    });
    expect((await get(e, RULES_PATH(e.projectId), rulesQuery)).status).toBe(200);
    expect((await get(e, RULES_PATH(e.projectId), rulesQuery)).status).toBe(200);
    await new Promise((resolve) => setImmediate(resolve));
    await closing;
    await expect(fetch(`${e.url}${RULES_PATH(e.projectId)}?image_type=registry`)).rejects.toThrow();
  });
});

describe("fault triggers", () => {
  it("from + times makes a burst; every counts per endpoint; projectId narrows", async () => {
    await withEmulator(
      {
        projects: [{ projectId: "a" }, { projectId: "b" }],
        faults: { serverError: { from: 2, times: 2, status: 500, projectId: "b" } },
      },
      async (e) => {
        const a: number[] = [];
        const b: number[] = [];
        for (let i = 0; i < 4; i++) {
          a.push((await get(e, RULES_PATH("a"), rulesQuery)).status);
          b.push((await get(e, RULES_PATH("b"), rulesQuery)).status);
        }
        expect(a).toEqual([200, 200, 200, 200]);
        expect(b).toEqual([200, 500, 500, 200]);
      },
    );
  });

  it("parses the CLI form", () => {
    expect(parseFaultSpec(["5xx:rate=0.05;reset:nth=3+7,endpoint=images", "throttle:nth=2,retryAfter=none"])).toEqual({
      serverError: { rate: 0.05 },
      reset: { nth: [3, 7], endpoint: "images" },
      throttle: { nth: [2], retryAfter: null },
    });
    expect(
      parseFaultSpec(["latency:every=5,ms=2000", "drift:nth=4,delta=3", "expire:from=10,times=1,project=p1"]),
    ).toEqual({
      latency: { every: 5, ms: 2000 },
      totalNumChange: { nth: [4], delta: 3 },
      tokenExpiry: { from: 10, times: 1, projectId: "p1" },
    });
    for (const bad of [
      "nope:nth=1",
      "reset",
      "reset:nth=0",
      "5xx:rate=2",
      "latency:nth=1",
      "reset:nth=1,color=red",
      "5xx:nth=1,status=418",
    ]) {
      expect(() => parseFaultSpec([bad]), bad).toThrow();
    }
  });
});
