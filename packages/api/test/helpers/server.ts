// A real HTTP server on loopback (port 0) for the client's tests: each test scripts its answers.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface TestServer {
  url: string;
  requests: RecordedRequest[];
  /** Largest number of requests being handled at the same time. */
  maxInFlight: number;
  /** Resolves once `count` requests have been received (whole, body read): a wait on the event, not on the clock. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  // Request headers up to 64 KiB, like the cloud's gateway (an X-Auth-Token may hold 32,768 characters).
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        pathname: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(recorded);
      for (const wait of waiting.filter((w) => w.count <= requests.length)) {
        waiting.splice(waiting.indexOf(wait), 1);
        wait.resolve();
      }
      inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      try {
        await handler(recorded, res);
      } catch (error) {
        res.statusCode = 599;
        res.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    received: (count) =>
      requests.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { "Content-Type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export function image(index: number) {
  return {
    namespace: "library",
    image_digest: `sha256:${index.toString(16).padStart(64, "0")}`,
    image_id: `img-${index}`,
    image_name: `app-${index}`,
    image_version: "1.0.0",
    image_type: "private_image",
    image_size: 1000 + index,
    latest_scan_time: 1691748641788,
    risk_detail_info: { risk_num: 1, risk_list: [{ build_instruction: "--", remediation: "Add USER" }] },
  };
}

/** Serves `total` images with offset/limit, like HSS; `totalAt(offset)` may change total_num mid-walk. */
export function imagesHandler(
  total: number,
  options: { totalAt?: (offset: number) => number; requestId?: string } = {},
): Handler {
  return (request, res) => {
    const offset = Number(request.query.get("offset") ?? 0);
    const limit = Number(request.query.get("limit") ?? 10);
    const totalNum = options.totalAt?.(offset) ?? total;
    const data_list = [];
    for (let i = offset; i < Math.min(offset + limit, totalNum); i++) data_list.push(image(i));
    sendJson(res, 200, { total_num: totalNum, data_list }, { "X-Request-Id": options.requestId ?? `req-${offset}` });
  };
}
