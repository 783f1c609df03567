// fetchOnce: one exchange under a timeout (the body read included), its failures classified; the client's transport
// and the report's delivery both send through it.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { fetchOnce, HssNetworkError, HssTimeoutError } from "../../src/index.js";
import { startServer, type TestServer } from "../helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const plainFetch = (request: Request) => fetch(request);

describe("fetchOnce", () => {
  it("hands back the answer buffered, readable again, with its bytes", async () => {
    server = await startServer((request, res) => {
      res.writeHead(418, { "content-type": "text/plain" });
      res.end(`got ${request.method} ${request.body}`);
    });
    const { response, bytes } = await fetchOnce(plainFetch, `${server.url}/x`, { method: "POST", body: "hi" }, 30_000);
    expect(response.status).toBe(418);
    expect(new TextDecoder().decode(bytes)).toBe("got POST hi");
    expect(await response.text()).toBe("got POST hi");
  });

  it("a body that stalls is a timeout too", async () => {
    server = await startServer((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"total_num":'); // and nothing more
    });
    const sent = fetchOnce(plainFetch, server.url, {}, 150, { operation: "Probe" });
    await expect(sent).rejects.toBeInstanceOf(HssTimeoutError);
    await expect(sent).rejects.toThrow(/^Probe \(no X-Request-Id\): no response within 150 ms/);
  });

  it("a refused connection is a retryable HssNetworkError with the system code", async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
      });
    });
    const sent = fetchOnce(plainFetch, `http://127.0.0.1:${port}/`, {}, 30_000);
    await expect(sent).rejects.toBeInstanceOf(HssNetworkError);
    await expect(sent).rejects.toMatchObject({ code: "ECONNREFUSED", retryable: true, advice: undefined });
  });

  it("a failure that another attempt cannot mend is not retryable and says what to do", async () => {
    const untrusted = async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("self-signed certificate in certificate chain"), {
          code: "SELF_SIGNED_CERT_IN_CHAIN",
        }),
      });
    };
    const sent = fetchOnce(untrusted, "https://hss.example.test/", {}, 2000);
    await expect(sent).rejects.toMatchObject({ code: "SELF_SIGNED_CERT_IN_CHAIN", retryable: false });
    await expect(sent).rejects.toMatchObject({ advice: expect.stringContaining("NODE_EXTRA_CA_CERTS") });
  });

  it("the caller's abort rejects with its reason, not as a network failure", async () => {
    server = await startServer(() => {}); // never answers
    const controller = new AbortController();
    const sent = fetchOnce(plainFetch, server.url, { signal: controller.signal }, 5000);
    controller.abort(new Error("stopped by the caller"));
    await expect(sent).rejects.toThrow("stopped by the caller");
  });
});
