import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  createPacer,
  HssApiError,
  HssConfigurationError,
  type HssEvent,
  HssNetworkError,
  HssTimeoutError,
  parseRetryAfter,
} from "../../src/index.js";
import { parseThrottleLimit } from "../../src/limiter.js";
import { testClient } from "../helpers/client.js";
import { imagesHandler, sendJson, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const THROTTLED = {
  error_code: "APIG.0308",
  error_msg: "The throttling threshold has been reached: policy user over ratelimit,limit:20,time:1 second",
};
const query = { image_type: "cicd" as const };

/** Answers with the scripted failures first, then with a real page. */
function failingFirst(failures: Array<{ status: number; body: unknown; headers?: Record<string, string> }>) {
  const ok = imagesHandler(0);
  let index = 0;
  return startServer((request, res) => {
    const failure = failures[index++];
    if (failure)
      sendJson(res, failure.status, failure.body, { "X-Request-Id": `rid-fail-${index}`, ...failure.headers });
    else ok(request, res);
  });
}

describe("retries", () => {
  it("retries 429 APIG.0308 and 5xx, then succeeds", async () => {
    server = await failingFirst([
      { status: 429, body: THROTTLED },
      { status: 500, body: { error_code: "HSS.0041", error_msg: "Internal error" } },
      { status: 503, body: "Service Unavailable" },
    ]);
    const { client, events } = testClient(server.url);
    const page = await client.listImageBuildCommandRisks(query);
    expect(page.totalNum).toBe(0);
    expect(server.requests).toHaveLength(4);
    const retries = events.filter((event) => event.type === "retry");
    expect(retries.map((event) => [event.reason, event.status, event.errorCode])).toEqual([
      ["throttled", 429, "APIG.0308"],
      ["server-error", 500, "HSS.0041"],
      ["server-error", 503, undefined],
    ]);
  });

  it("honours Retry-After in seconds", async () => {
    server = await failingFirst([{ status: 429, body: THROTTLED, headers: { "Retry-After": "1" } }]);
    const { client, events } = testClient(server.url);
    await client.listImageBuildCommandRisks(query);
    expect(events.find((event) => event.type === "retry")).toMatchObject({ delayMs: 1000, retryAfter: true });
  });

  it("honours Retry-After as an HTTP date", async () => {
    // Far enough ahead that no loaded machine reaches it before the answer is read (a date already past is no
    // Retry-After). The client's wait is cut short once it says how long it will wait.
    const at = new Date(Date.now() + 60_000).toUTCString();
    server = await failingFirst([{ status: 503, body: "busy", headers: { "Retry-After": at } }]);
    const stop = new AbortController();
    let decidedBy = 0;
    const { client, events } = testClient(server.url, {
      retry: { maxRetryAfterMs: 120_000 },
      onEvent: (event) => {
        events.push(event);
        if (event.type !== "retry") return;
        decidedBy = Date.now();
        stop.abort(new Error("seen the retry"));
      },
    });
    const sentAfter = Date.now();
    await expect(client.listImageBuildCommandRisks(query, { signal: stop.signal })).rejects.toThrow("seen the retry");
    const retry = events.find((event) => event.type === "retry");
    expect(retry).toMatchObject({ retryAfter: true, reason: "server-error", status: 503 });
    // The date less the time it was read, which lies between the request being sent and the retry being announced.
    const delayMs = retry?.type === "retry" ? retry.delayMs : Number.NaN;
    expect(delayMs).toBeGreaterThanOrEqual(Date.parse(at) - decidedBy);
    expect(delayMs).toBeLessThanOrEqual(Date.parse(at) - sentAfter);
    expect(server.requests).toHaveLength(1);
  });

  it("reads Retry-After as RFC 9110 delay-seconds (decimals rounded up) or HTTP-date, nothing else", () => {
    const now = Date.parse("Sun, 06 Nov 1994 08:49:35 GMT");
    // Decimal seconds, as some gateways send them: rounded up to whole seconds, never read as a date.
    expect(parseRetryAfter("1.5", now)).toBe(2000);
    expect(parseRetryAfter("0.2", now)).toBe(1000);
    expect(parseRetryAfter(" 3 ", now)).toBe(3000);
    // The three date forms of RFC 9110 section 5.6.7, two seconds ahead.
    for (const date of [
      "Sun, 06 Nov 1994 08:49:37 GMT",
      "Sunday, 06-Nov-94 08:49:37 GMT",
      "Sun Nov  6 08:49:37 1994",
    ]) {
      expect(parseRetryAfter(date, now)).toBe(2000);
    }
    // Zero, a past date, and anything else: undefined, so the caller's own back-off applies (never 0 s).
    for (const value of ["0", "0.0", "Sun, 06 Nov 1994 08:49:35 GMT", "soon", "-1", "1e3", "2001-01-01", "1.5s", ""]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });

  it("falls back to the throttle back-off when Retry-After is unreadable", async () => {
    server = await failingFirst([{ status: 429, body: THROTTLED, headers: { "Retry-After": "soon" } }]);
    const { client, events } = testClient(server.url, { retry: { throttleDelayMs: 40 } });
    await client.listImageBuildCommandRisks(query);
    const retry = events.find((event) => event.type === "retry");
    expect(retry).toMatchObject({ retryAfter: false, reason: "throttled" });
    // Throttle back-off: between 1x and 2.5x throttleDelayMs.
    expect(retry?.type === "retry" && retry.delayMs).toBeGreaterThanOrEqual(40);
    expect(retry?.type === "retry" && retry.delayMs).toBeLessThanOrEqual(100);
  });

  it("does not wait out a Retry-After longer than maxRetryAfterMs", async () => {
    server = await failingFirst([{ status: 429, body: THROTTLED, headers: { "Retry-After": "3600" } }]);
    const { client } = testClient(server.url);
    const error = (await client.listImageBuildCommandRisks(query).catch((e: unknown) => e)) as HssApiError;
    expect(error).toBeInstanceOf(HssApiError);
    expect(error).toMatchObject({ status: 429, errorCode: "APIG.0308", retryable: true, requestId: "rid-fail-1" });
    expect(server.requests).toHaveLength(1);
  });

  it("is bounded by maxAttempts and then raises the last error", async () => {
    const failures = Array.from({ length: 10 }, () => ({
      status: 500,
      body: { error_code: "HSS.0041", error_msg: "Internal error" },
    }));
    server = await failingFirst(failures);
    const { client } = testClient(server.url, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const error = await client.listImageBuildCommandRisks(query).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 500, errorCode: "HSS.0041", retryable: true, requestId: "rid-fail-3" });
    expect(server.requests).toHaveLength(3);
  });

  it("is bounded by maxElapsedMs", async () => {
    server = await failingFirst([{ status: 429, body: THROTTLED, headers: { "Retry-After": "5" } }]);
    const { client } = testClient(server.url, { retry: { maxElapsedMs: 1000 } });
    await expect(client.listImageBuildCommandRisks(query)).rejects.toBeInstanceOf(HssApiError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([400, 401, 403, 404])("never retries %i", async (status) => {
    server = await failingFirst([{ status, body: { error_code: "HSS.0001", error_msg: "no" } }]);
    const { client } = testClient(server.url);
    await expect(client.listImageBuildCommandRisks(query)).rejects.toMatchObject({ status, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("retries a refused connection and then raises HssNetworkError", async () => {
    // A port that was free a moment ago: connections to it are refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const { client, events } = testClient(`http://127.0.0.1:${port}`, { retry: { maxAttempts: 3, baseDelayMs: 1 } });
    const error = await client.listImageBuildCommandRisks(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssNetworkError);
    expect((error as HssNetworkError).code).toBe("ECONNREFUSED");
    expect((error as Error).message).toContain("ListImageBuildCommandRisks with image_type=cicd");
    expect(
      events.filter((event) => event.type === "retry").map((event) => event.type === "retry" && event.reason),
    ).toEqual(["network", "network"]);
  });

  it("times out a silent server, retries, then raises HssTimeoutError", async () => {
    server = await startServer(() => {
      // Never answers.
    });
    const silent = server;
    // The timeout's abort reaches the connection only once the server holds that attempt's request: on a loaded
    // machine the timer may otherwise fire before this process has even read the request (timers run first), and
    // the attempt would never reach the server. Each attempt is then one the server got and did not answer.
    let attempts = 0;
    const relayTimeout = (request: Request) => {
      const attempt = ++attempts;
      const relay = new AbortController();
      request.signal.addEventListener(
        "abort",
        () => void silent.received(attempt).then(() => relay.abort(request.signal.reason)),
        { once: true },
      );
      return fetch(new Request(request, { signal: relay.signal }));
    };
    const { client, events } = testClient(server.url, {
      fetch: relayTimeout,
      timeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1 },
    });
    const error = await client.listImageBuildCommandRisks(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssTimeoutError);
    expect((error as Error).message).toContain("no response within 100 ms");
    expect(server.requests).toHaveLength(2);
    expect(events.filter((event) => event.type === "retry")).toMatchObject([{ reason: "timeout", attempt: 1 }]);
  });

  it("retry: false sends once", async () => {
    server = await failingFirst([{ status: 503, body: "busy" }]);
    const { client } = testClient(server.url, { retry: false });
    await expect(client.listImageBuildCommandRisks(query)).rejects.toMatchObject({ status: 503, bodyText: "busy" });
    expect(server.requests).toHaveLength(1);
  });
});

describe("pacing", () => {
  it("slows down to the limit APIG states after a 429", async () => {
    server = await failingFirst([{ status: 429, body: THROTTLED }]);
    const { client, events } = testClient(server.url);
    await client.listImageBuildCommandRisks(query);
    expect(events.find((event) => event.type === "slow-down")).toEqual({
      type: "slow-down",
      intervalMs: 50,
      limitPerSecond: 20,
    });
    expect(parseThrottleLimit("policy user over ratelimit,limit:120,time:1 minute")).toBe(2);
  });

  it("maxRequestsPerSecond and concurrency: 1 keep one request at a time", async () => {
    server = await startServer(imagesHandler(1000));
    const { client } = testClient(server.url, { maxRequestsPerSecond: 200, concurrency: 1 });
    let pages = 0;
    for await (const _page of client.pages(
      "ListImageBuildCommandRisksImages",
      { image_type: "cicd", rule_id: "r" },
      { concurrency: 4 },
    ))
      pages++;
    expect(pages).toBe(5);
    expect(server.maxInFlight).toBe(1);
  });

  it("clients sharing one pacer keep its rate together", async () => {
    server = await startServer(imagesHandler(0));
    const url = server.url;
    const perSecond = 20;
    const pacer = createPacer(perSecond);
    expect(pacer.maxRequestsPerSecond).toBe(perSecond);
    // When each attempt is sent (after its turn), whichever client sends it.
    const starts: number[] = [];
    const onEvent = (event: HssEvent) => {
      if (event.type === "request") starts.push(Date.now());
    };
    const clients = [testClient(url, { pacer, onEvent }).client, testClient(url, { pacer, onEvent }).client];
    const perClient = 3;
    const asked = Date.now();
    await Promise.all(
      clients.flatMap((client) => Array.from({ length: perClient }, () => client.listImageBuildCommandRisks(query))),
    );
    expect(server.requests).toHaveLength(clients.length * perClient);
    // One pacer keeps each turn's slot at least an interval after the one before, however late a turn went: the
    // last of six starts comes five intervals or more after they were asked for, on any machine. Two clients pacing
    // apart would start their third requests two intervals in.
    const intervalMs = 1000 / perSecond;
    expect(Math.max(...starts) - asked).toBeGreaterThanOrEqual((starts.length - 1) * intervalMs);
  });

  it("takes a shared pacer made by createPacer, not with a rate of its own", () => {
    const url = "http://127.0.0.1:1";
    expect(() => testClient(url, { pacer: createPacer(5), maxRequestsPerSecond: 5 })).toThrow(HssConfigurationError);
    expect(() => testClient(url, { pacer: { maxRequestsPerSecond: 5 } })).toThrow(/createPacer/);
    expect(() => createPacer(0)).toThrow(RangeError);
  });

  it("rejects a nonsensical rate", () => {
    expect(() => testClient("http://127.0.0.1:1", { maxRequestsPerSecond: 0 })).toThrow(RangeError);
  });
});
