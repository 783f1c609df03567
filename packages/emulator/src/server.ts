// The HTTP server: routing, authentication, throttling and faults around the routes. node:http only.

import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as wait } from "node:timers/promises";
import { checkAkSk } from "./auth/aksk.js";
import { DEMO_AK, DEMO_IAM_USER, DEMO_SK, DEMO_TOKEN, TokenStore } from "./auth/credentials.js";
import { Dataset } from "./data/generator.js";
import { type FaultDecision, FaultInjector, violateSchema } from "./faults.js";
import type { EmulatorOptions, RequestLogEntry, RunningEmulator } from "./options.js";
import { type Answer, error, matchRoute, NOT_FOUND, serveApi, serveIam } from "./routes.js";

const DEFAULT_IMAGES = 240;
const DEFAULT_REGION = "cn-north-4";
const DAY_MS = 86_400_000;
const MAX_BODY_BYTES = 1 << 20;

/** A project id that looks like Huawei's (32 hex characters), derived from the seed so demos are repeatable. */
export function defaultProjectId(seed: string | number): string {
  return createHash("sha256").update(`hss-emulator-project|${seed}`).digest("hex").slice(0, 32);
}

const SERVER_ERRORS: Record<number, Answer> = {
  500: error(500, "HSS.0041", "Internal error"),
  502: {
    status: 502,
    contentType: "text/html",
    body: "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n",
  },
  503: error(503, "APIG.0201", "Backend unavailable"),
  504: error(504, "APIG.0202", "Backend timeout"),
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const seed = options.seed ?? "demo";
  const images = options.images ?? DEFAULT_IMAGES;
  const projects = (options.projects ?? [{ projectId: defaultProjectId(seed) }]).map((p) => ({
    projectId: p.projectId,
    region: p.region ?? DEFAULT_REGION,
    images: p.images ?? images,
    ...(p.enterpriseProjects ? { enterpriseProjects: p.enterpriseProjects } : {}),
  }));
  checkOptions(options, projects);
  const dataset = new Dataset({
    seed,
    projects,
    hostile: options.hostile ?? false,
    ...(options.anchorTime !== undefined ? { anchorTime: options.anchorTime } : {}),
  });
  const tokens = options.tokens ?? [DEMO_TOKEN];
  const credentials = options.credentials ?? [{ ak: DEMO_AK, sk: DEMO_SK }];
  const iamUsers = options.iamUsers ?? [DEMO_IAM_USER];
  const tokenStore = new TokenStore(tokens, options.tokenTtlMs ?? DAY_MS, options.iamTokenLength);
  const faults = new FaultInjector(options.faults ?? {}, String(seed));
  const rateLimit =
    options.rateLimit === undefined
      ? undefined
      : typeof options.rateLimit === "number"
        ? { perSecond: options.rateLimit, retryAfter: true }
        : { retryAfter: true, ...options.rateLimit };
  const windows = new Map<string, { second: number; count: number }>();
  const requestLog: RequestLogEntry[] = [];
  const logSize = options.requestLogSize ?? 10_000;
  const log = options.log === true ? (line: string) => process.stderr.write(`${line}\n`) : options.log || undefined;
  // Aborted on close(): a request sleeping out its latency stops there.
  const closing = new AbortController();
  let schemaVariant = 0;
  let serverErrorVariant = 0;

  const sleep = (ms: number) => wait(ms, undefined, { signal: closing.signal });

  function overRateLimit(projectId: string): boolean {
    if (!rateLimit) return false;
    const second = Math.floor(Date.now() / 1000);
    const window = windows.get(projectId);
    if (!window || window.second !== second) {
      windows.set(projectId, { second, count: 1 });
      return false;
    }
    window.count++;
    return window.count > rateLimit.perSecond;
  }

  function throttled(limit: number, retryAfter: number | string | null): Answer {
    return {
      ...error(
        429,
        "APIG.0308",
        `The throttling threshold has been reached: policy user over ratelimit,limit:${limit},time:1 second`,
      ),
      headers: retryAfter === null ? {} : { "Retry-After": String(retryAfter) },
    };
  }

  function authenticate(
    req: IncomingMessage,
    url: URL,
    body: Buffer,
    projectId: string,
  ): Answer | "token" | "iam" | "aksk" {
    const token = req.headers["x-auth-token"];
    if (typeof token === "string" && token !== "") {
      const check = tokenStore.check(token, projectId);
      return check.ok
        ? check.kind
        : error(401, "APIGW.0301", `Incorrect IAM authentication information: ${check.reason}`);
    }
    if (req.headers.authorization) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(",") : value;
      }
      const check = checkAkSk({ method: req.method ?? "GET", url: url.href, headers, body }, credentials);
      return check.ok ? "aksk" : error(401, "APIGW.0301", `Incorrect IAM authentication information: ${check.reason}`);
    }
    return error(
      401,
      "APIGW.0301",
      "Incorrect IAM authentication information: no X-Auth-Token or Authorization header",
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const started = Date.now();
    res.setHeader("X-Request-Id", requestId);
    const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
    const entry: RequestLogEntry = {
      requestId,
      time: started,
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    const language = req.headers["x-language"];
    if (typeof language === "string") entry.language = language;
    const finish = (answer: Answer, decision: FaultDecision = {}): void => {
      entry.status = answer.status;
      const applied = Object.keys(decision);
      if (applied.length > 0) entry.faults = applied;
      record(entry);
      send(res, answer, decision);
      log?.(
        `${new Date(started).toISOString()} ${entry.status} ${entry.method} ${url.pathname}${url.search} ${Date.now() - started}ms${applied.length ? ` faults=${applied.join(",")}` : ""} id=${requestId}`,
      );
    };

    const body = await readBody(req);
    if (body === undefined) return finish(error(413, "APIGW.0113", "The request body is too large"));
    const route = matchRoute(entry.method, url.pathname);
    if (!route) return finish(NOT_FOUND());
    if (options.latencyMs) await sleep(options.latencyMs);
    if (route.kind === "iam") {
      entry.endpoint = "iam";
      return finish(serveIam(body, iamUsers, projects, tokenStore));
    }

    entry.endpoint = route.endpoint;
    entry.projectId = route.projectId;
    const decision = faults.decide({ endpoint: route.endpoint, projectId: route.projectId });
    if (decision.latency) await sleep(decision.latency.ms);
    if (decision.reset) {
      entry.status = -1;
      entry.faults = Object.keys(decision);
      record(entry);
      log?.(`${new Date(started).toISOString()} RESET ${entry.method} ${url.pathname}${url.search} id=${requestId}`);
      req.socket.destroy();
      return;
    }
    if (decision.tokenExpiry) tokenStore.expireAll();
    const auth = authenticate(req, url, body, route.projectId);
    if (typeof auth !== "string") return finish(auth, decision);
    entry.auth = auth;
    if (overRateLimit(route.projectId) && rateLimit) {
      return finish(throttled(rateLimit.perSecond, rateLimit.retryAfter === false ? null : 1), decision);
    }
    if (decision.throttle) {
      const retryAfter = decision.throttle.retryAfter === undefined ? 1 : decision.throttle.retryAfter;
      return finish(throttled(rateLimit?.perSecond ?? 20, retryAfter), decision);
    }
    if (decision.serverError) {
      const statuses = [500, 502, 503, 504] as const;
      const status = decision.serverError.status ?? statuses[serverErrorVariant++ % statuses.length] ?? 500;
      return finish(SERVER_ERRORS[status] as Answer, decision);
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(",") : v]),
    ) as Record<string, string | undefined>;
    // On the rules endpoint the drift shows in image_num values; total_num there counts rules, which stay.
    const driftDelta = decision.totalNumChange ? (decision.totalNumChange.delta ?? 7) : undefined;
    if (driftDelta && route.endpoint === "rules" && dataset.hasProject(route.projectId)) {
      dataset.grow(route.projectId, driftDelta);
    }
    const answer = serveApi(
      route,
      url.searchParams,
      headers,
      dataset,
      route.endpoint === "images" ? driftDelta : undefined,
    );
    if (decision.schemaViolation && answer.status === 200) {
      answer.body = violateSchema(
        route.endpoint,
        answer.body as { total_num: number; data_list: unknown[] },
        schemaVariant++,
      );
    }
    return finish(answer, decision);
  }

  function record(entry: RequestLogEntry): void {
    const hook = options.onRequest;
    if (hook) {
      // After the answer is written; a throwing hook is the test's problem, not a reason to crash the server.
      setImmediate(() => {
        try {
          hook(entry);
        } catch {}
      });
    }
    if (logSize <= 0) return;
    requestLog.push(entry);
    if (requestLog.length > logSize * 2) requestLog.splice(0, requestLog.length - logSize);
  }

  // Room for an X-Auth-Token of 32,768 characters (the API page's limit) beside the other headers; Node's default
  // of 16 KiB would answer 431 where the cloud accepts the request.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    handle(req, res).catch((cause: unknown) => {
      // A bug in the emulator must not look like a network fault: answer 500 and say what broke.
      if (!closing.signal.aborted && !res.headersSent && !res.destroyed) {
        send(res, error(500, "HSS.0041", `Internal error in the emulator: ${String(cause)}`), {});
      }
    });
  });
  // Keep-alive like APIG, but never hold the process open for idle sockets after close().
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  const urlHost = host.includes(":") ? `[${host}]` : host;
  const first = projects[0] as (typeof projects)[number];

  return {
    url: `http://${urlHost}:${address.port}`,
    host,
    port: address.port,
    projectId: first.projectId,
    region: first.region,
    projects: projects.map(({ projectId, region }) => ({ projectId, region })),
    // Empty when the option was given as an empty list: nothing of that kind is accepted then.
    token: tokens[0] ?? "",
    ak: credentials[0]?.ak ?? "",
    sk: credentials[0]?.sk ?? "",
    iamUser: iamUsers[0] ?? { name: "", password: "", domain: "" },
    dataset,
    setSeed: (next) => dataset.setSeed(next),
    mutate: (mutation) => dataset.mutate(mutation),
    expireTokens: () => tokenStore.expireAll(),
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        closing.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Fails fast, naming the option, rather than serving something odd. */
function checkOptions(options: EmulatorOptions, projects: { projectId: string; images: number }[]): void {
  const fail = (message: string): never => {
    throw new Error(`startEmulator: ${message}`);
  };
  if (projects.length === 0) fail("projects must list at least one project");
  const seen = new Set<string>();
  for (const { projectId, images } of projects) {
    if (projectId.length < 1 || projectId.length > 256) fail(`project id "${projectId}" must have 1 to 256 characters`);
    if (seen.has(projectId)) fail(`project id "${projectId}" is listed twice`);
    seen.add(projectId);
    // Image indices live in Uint32Arrays.
    if (!Number.isInteger(images) || images < 0 || images > 0xffff_0000) {
      fail(`images of project "${projectId}" must be an integer from 0 to ${0xffff_0000}, got ${images}`);
    }
  }
  for (const [name, value] of [
    ["latencyMs", options.latencyMs],
    ["tokenTtlMs", options.tokenTtlMs],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      fail(`${name} must be a number >= 0, got ${value}`);
  }
  const length = options.iamTokenLength;
  if (length !== undefined && !(Number.isInteger(length) && length >= 16 && length <= 32_768))
    fail(`iamTokenLength must be an integer from 16 to 32768 (the API page's limit), got ${length}`);
  const rate = typeof options.rateLimit === "number" ? options.rateLimit : options.rateLimit?.perSecond;
  if (rate !== undefined && !(Number.isFinite(rate) && rate > 0)) fail(`rateLimit must be > 0 requests/s, got ${rate}`);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, answer: Answer, decision: FaultDecision): void {
  if (res.destroyed) return;
  const isText = typeof answer.body === "string";
  const payload = Buffer.from(isText ? (answer.body as string) : JSON.stringify(answer.body), "utf8");
  res.statusCode = answer.status;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.setHeader("Content-Type", `${answer.contentType ?? "application/json"};charset=UTF-8`);
  res.setHeader("Content-Length", payload.length);
  if (decision.truncate && payload.length > 1) {
    // Promise the whole body, deliver half, then hang up: the client must notice, not parse a prefix.
    res.flushHeaders();
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(payload);
}
