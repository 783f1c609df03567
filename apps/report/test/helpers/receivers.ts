// Loopback stand-ins for the places a report is delivered to: an HTTP receiver that records every request (webhooks,
// Jira) and answers as the handler says, and a real SMTP server (the `smtp-server` package) that keeps each message.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface Received {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The client's port: requests with the same one came over the same connection. */
  clientPort: number;
}

export interface HttpReceiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

export async function httpReceiver(
  answer: (request: Received) => { status: number; body?: string; type?: string },
): Promise<HttpReceiver> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks),
        clientPort: req.socket.remotePort ?? 0,
      };
      received.push(request);
      const reply = answer(request);
      res.writeHead(reply.status, { "content-type": reply.type ?? "application/json" });
      res.end(reply.body ?? "");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** The parts of a multipart/form-data body, parsed by the platform's own parser (undici's Request.formData). */
export async function formData(request: Received): Promise<FormData> {
  return new Request("http://receiver.invalid/", {
    method: "POST",
    headers: { "content-type": String(request.headers["content-type"]) },
    body: new Uint8Array(request.body),
  }).formData();
}

export interface ReceivedMail {
  user: string;
  password: string;
  from: string;
  to: string[];
  raw: Buffer;
}

export interface SmtpReceiver {
  url(user: string, password: string): string;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** SMTP on loopback, AUTH PLAIN/LOGIN required with the one account given; no STARTTLS (plain is loopback only). */
export async function smtpReceiver(account: { user: string; password: string }): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === account.user && auth.password === account.password) {
        callback(null, { user: { name: auth.username, password: auth.password } });
      } else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const user = session.user as unknown as { name: string; password: string };
        mails.push({
          user: user.name,
          password: user.password,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  server.listen(0, "127.0.0.1");
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  return {
    url: (user, password) => `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`,
    mails,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/** A loopback port with nothing listening: a dead target. */
export async function deadPort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}
