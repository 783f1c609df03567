// A corporate egress on loopback: a CA of the test's own (openssl), a TLS server with a certificate it signed for
// the cloud's host names in front of the emulator, and an HTTP CONNECT proxy that wants a user and password and
// sends every tunnel to that TLS server, whatever host was asked for (the proxy resolves names, not the client).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest } from "node:http";
import { type AddressInfo, connect, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { createServer as createTlsServer } from "node:tls";

export interface TestCa {
  /** PEM file of the CA certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
  key: string;
  cert: string;
}

/** A CA and a server certificate it signs for `hosts` (subjectAltName), written under `dir`. */
export function makeCa(dir: string, hosts: readonly string[]): TestCa {
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync("openssl", args, { stdio: "pipe" });
  openssl(
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=Test Corporate CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
    "-keyout",
    path("ca.key"),
    "-out",
    path("ca.pem"),
  );
  openssl(
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    `/CN=${hosts[0]}`,
    "-keyout",
    path("server.key"),
    "-out",
    path("server.csr"),
  );
  writeFileSync(path("server.ext"), `subjectAltName=${hosts.map((host) => `DNS:${host}`).join(",")}\n`);
  openssl(
    "x509",
    "-req",
    "-in",
    path("server.csr"),
    "-CA",
    path("ca.pem"),
    "-CAkey",
    path("ca.key"),
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    path("server.ext"),
    "-out",
    path("server.pem"),
  );
  return {
    caFile: path("ca.pem"),
    key: readFileSync(path("server.key"), "utf8"),
    cert: readFileSync(path("server.pem"), "utf8"),
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function closeAll(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const socket of sockets) socket.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

function track(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

/** TLS with `ca`'s server certificate on loopback, each connection piped to `targetPort` (the emulator). */
export async function startTlsFront(
  ca: TestCa,
  targetPort: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const server = createTlsServer({ key: ca.key, cert: ca.cert }, (secure) => {
    const plain = connect(targetPort, "127.0.0.1");
    secure.pipe(plain).pipe(secure);
    const end = () => {
      secure.destroy();
      plain.destroy();
    };
    secure.on("error", end);
    plain.on("error", end);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, close: () => closeAll(server, sockets) };
}

export interface ConnectRecord {
  /** `host:port` the client asked to tunnel to. */
  target: string;
  /** Whether the Proxy-Authorization header held the proxy's user and password. */
  authorized: boolean;
}

/**
 * An HTTP proxy wanting Basic `user:password`: every CONNECT tunnel it allows goes to `tunnelPort`; a plain-http
 * request in absolute form (RFC 9112 §3.2.2) is forwarded to the host and port it names, as a forward proxy does.
 */
export async function startConnectProxy(
  credentials: { user: string; password: string },
  tunnelPort: number,
): Promise<{ port: number; connects: ConnectRecord[]; forwards: ConnectRecord[]; close: () => Promise<void> }> {
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
  const connects: ConnectRecord[] = [];
  const forwards: ConnectRecord[] = [];
  const server = createHttpServer((req, res) => {
    const target = URL.canParse(req.url ?? "") ? new URL(req.url ?? "") : undefined;
    if (target?.protocol !== "http:") return void res.writeHead(400).end("absolute-form http:// only");
    const authorized = req.headers["proxy-authorization"] === expected;
    forwards.push({ target: target.host, authorized });
    if (!authorized) return void res.writeHead(407, { "proxy-authenticate": 'Basic realm="egress"' }).end();
    const { "proxy-authorization": _, ...headers } = req.headers;
    const upstream = httpRequest(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  server.on("connect", (req, client: Socket, head: Buffer) => {
    const authorized = req.headers["proxy-authorization"] === expected;
    connects.push({ target: req.url ?? "", authorized });
    if (!authorized) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="egress"\r\n\r\n');
      return;
    }
    const upstream = connect(tunnelPort, "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
  });
  const sockets = track(server);
  const port = await listen(server);
  return { port, connects, forwards, close: () => closeAll(server, sockets) };
}
