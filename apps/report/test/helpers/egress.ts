// A corporate egress on loopback: a CA of the test's own (openssl), a TLS server with a certificate it signed for
// the cloud's host names in front of the emulator, and an HTTP CONNECT proxy that wants a user and password and
// sends every tunnel to that TLS server, whatever host was asked for (the proxy resolves names, not the client).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
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

/** An HTTP CONNECT proxy wanting Basic `user:password`; every tunnel it allows goes to `tunnelPort`. */
export async function startConnectProxy(
  credentials: { user: string; password: string },
  tunnelPort: number,
): Promise<{ port: number; connects: ConnectRecord[]; close: () => Promise<void> }> {
  const expected = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}`;
  const connects: ConnectRecord[] = [];
  const server = createHttpServer((_req, res) => {
    res.writeHead(405).end("CONNECT only");
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
  return { port, connects, close: () => closeAll(server, sockets) };
}
