// A gateway in front of the emulator that rewrites the raw JSON text of the images answers, so a test can serve
// what the emulator never generates (a time beyond the Date range, nulls, int64 beyond 2^53) through real HTTP.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** `rewrite` gets the text of each successful answer whose path matches `paths` (default: the images operation). */
export async function startRewritingFront(
  upstream: string,
  rewrite: (body: string, path: string) => string,
  paths = /\/image\/build-command-risks\/images$/,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && name !== "host" && name !== "connection") headers.set(name, value);
    }
    const answer = await fetch(`${upstream}${req.url ?? "/"}`, { method: req.method, headers });
    const text = await answer.text();
    const path = new URL(req.url ?? "/", upstream).pathname;
    const rewritten = answer.ok && paths.test(path);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!["content-length", "content-encoding", "connection", "keep-alive", "transfer-encoding"].includes(name))
        out[name] = value;
    });
    res.writeHead(answer.status, out).end(rewritten ? rewrite(text, path) : text);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
