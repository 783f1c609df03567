// Delivery pieces: when a target is due, the config schema's answers, the attachment cap, the Jira wiki markup, and
// the bounded retries against a loopback server (a 503 is tried again, a 400 is not, the bound holds).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FetchLike } from "@hss-reports/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfigText } from "../../src/config/load.js";
import { post, StepError, withRetries } from "../../src/deliver/attempt.js";
import { checkDelivery, deliverReport, deliverySecrets, isDue } from "../../src/deliver/index.js";
import { markdownToJiraWiki } from "../../src/deliver/jira.js";
import { buildMessage, pickAttachments } from "../../src/deliver/message.js";
import { buildReport } from "../../src/model/build.js";
import type { Report } from "../../src/model/types.js";
import { failOnHit } from "../../src/run.js";
import { makeEvidence } from "../fixtures/evidence.js";
import { type HttpReceiver, httpReceiver } from "../helpers/receivers.js";

const withFindings = buildReport(makeEvidence({ images: 4 }));
const clean = buildReport(makeEvidence({ images: 0 }));
const unchanged = buildReport(makeEvidence({ images: 4 }), { baseline: { report: withFindings, label: "prev" } });
const grown = buildReport(makeEvidence({ images: 6 }), { baseline: { report: withFindings, label: "prev" } });

describe("when a target is due", () => {
  it.each([
    ["always", clean, false, true],
    ["findings", withFindings, false, withFindings.summary.worstLevel !== undefined],
    ["findings", clean, false, false],
    ["changes", withFindings, false, true], // no baseline: the first run counts as a change
    ["changes", unchanged, false, (unchanged.changes?.newFindings.length ?? 0) > 0],
    ["changes", grown, false, (grown.changes?.newFindings.length ?? 0) > 0],
    ["gate-failed", withFindings, failOnHit(withFindings, "critical"), failOnHit(withFindings, "critical")],
    ["gate-failed", clean, failOnHit(clean, "low"), false],
  ] as const)("%s", (when, report, gateFailed, expected) => {
    expect(isDue(when, report as Report, gateFailed)).toBe(expected);
  });

  it("the fixtures cover both outcomes of changes", () => {
    expect(unchanged.changes?.newFindings).toHaveLength(0);
    expect(unchanged.changes?.resolved).toHaveLength(0);
    expect(grown.changes?.newFindings.length).toBeGreaterThan(0);
  });
});

describe("deliver config", () => {
  const parse = (yaml: string) => () => parseConfigText(yaml, "c.yaml");
  it("accepts the documented targets", () => {
    const config = parseConfigText(
      `deliver:
  - { type: email, smtp_url_env: HSS_SMTP_URL, from: a@example.com, to: [b@example.com], attach: [pdf, md], when: always }
  - { type: webhook, url_env: HSS_HOOK_URL, format: dingtalk, secret_env: HSS_HOOK_SECRET, when: gate-failed }
  - { type: jira, url_env: JIRA_URL, issue: AUDIT-123, user_env: JIRA_USER, token_env: JIRA_TOKEN, attach: [pdf] }
`,
      "c.yaml",
    );
    expect(config.deliver?.map((t) => t.type)).toEqual(["email", "webhook", "jira"]);
  });
  it.each([
    ["deliver: [{ type: sms }]", "type must be one of email, webhook, jira"],
    ["deliver: [{ type: webhook, url_env: H, format: slack, secret_env: S }]", "secret_env signs feishu and dingtalk"],
    [
      "deliver: [{ type: webhook, url_env: H, format: teams }]",
      "must be one of generic, slack, feishu, dingtalk, wecom",
    ],
    ["deliver: [{ type: jira, url_env: J, issue: audit 1, token_env: T }]", "must be a Jira issue key"],
    [
      "deliver: [{ type: email, smtp_url_env: S, from: me, to: [b@example.com] }]",
      "deliver[0].from: must be an e-mail",
    ],
    ["deliver: [{ type: email, smtp_url_env: S, from: a@example.com, to: [b@example.com], when: weekly }]", "always"],
    [
      "deliver: [{ type: jira, url_env: J, issue: A-1, token: abc }]",
      "name the environment variable that holds it (token_env)",
    ],
    ["deliver: [{ type: webhook, url_env: 'not a name' }]", "must be the name of an environment variable"],
  ])("%s", (yaml, message) => {
    expect(parse(yaml)).toThrow(message);
  });
});

describe("delivery set-up, checked before the run", () => {
  const hook = { type: "webhook" as const, url_env: "H" };
  const jira = { type: "jira" as const, url_env: "J", issue: "A-1", token_env: "T", attach: ["pdf" as const] };
  it.each([
    [
      hook,
      { H: "http://hooks.example.com/x" },
      false,
      "deliver[0] (webhook generic ($H)): $H is plain http: use https",
    ],
    [hook, { H: "ftp://hooks.example.com/x" }, false, "$H must be an https:// URL (got ftp://)"],
    [hook, { H: "not a url" }, false, "$H is not a URL"],
    [jira, { J: "https://jira.example.com" }, false, "deliver[0] (jira A-1): $T is not set"],
    [jira, { J: "https://jira.example.com", T: "t" }, false, "attach names pdf, which this run does not write"],
    [
      { type: "email" as const, smtp_url_env: "S", from: "a@example.com", to: ["b@example.com"] },
      { S: "https://mail.example.com" },
      false,
      "$S must start with smtp:// or smtps://",
    ],
  ])("%j with %j: refused", (target, env, insecure, message) => {
    expect(() => checkDelivery([target], env, ["md"], insecure)).toThrow(message);
  });
  it("accepts https, loopback http, and plain http with allow_insecure_http", () => {
    for (const url of [
      "https://hooks.example.com/x",
      "http://127.0.0.1:9/x",
      "http://[::1]:9/x",
      "http://localhost/x",
    ]) {
      expect(() => checkDelivery([hook], { H: url }, ["md"])).not.toThrow();
    }
    expect(() => checkDelivery([hook], { H: "http://hooks.example.com/x" }, ["md"], true)).not.toThrow();
  });
});

describe("secrets of the targets", () => {
  it("masks the URL, its password and tokens, never the Jira account name", () => {
    const secrets = deliverySecrets(
      [
        { type: "email", smtp_url_env: "S", from: "a@example.com", to: ["b@example.com"] },
        { type: "webhook", url_env: "H", format: "wecom" },
        { type: "jira", url_env: "J", issue: "A-1", user_env: "U", token_env: "T" },
      ],
      {
        S: "smtp://u:p%40ssword1@mail.example.com:587",
        H: "https://qyapi.example.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4",
        J: "https://jira.example.com",
        U: "auditor@example.com",
        T: "jira-token-123",
      },
    );
    expect(secrets).toEqual(
      expect.arrayContaining(["p%40ssword1", "p@ssword1", "693a91f6-7xxx-4bc4", "jira-token-123"]),
    );
    expect(secrets).not.toContain("auditor@example.com");
  });
});

describe("jira wiki markup of the summary", () => {
  it("headings, header row, bold and code", () => {
    const wiki = markdownToJiraWiki("## Title X\n\n| A | B |\n| ---: | --- |\n| 1 | `abc` |\n\n- **new**: 3");
    expect(wiki.split("\n")).toEqual(["h2. Title X", "", "|| A || B ||", "| 1 | {{abc}} |", "", "* *new*: 3"]);
  });
  it("keeps escapes of Jira markup characters, drops the others", () => {
    expect(markdownToJiraWiki("a \\<script\\> \\| b \\* \\[x\\] \\` \\\\ \\&")).toBe(
      "a <script> \\| b \\* \\[x\\] ` \\ &",
    );
  });
});

describe("attachments and retries", () => {
  let dir: string;
  let server: HttpReceiver;
  let answers: number[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hss-deliver-"));
    await writeFile(join(dir, "report.pdf"), Buffer.alloc(3000, 1));
    await writeFile(join(dir, "images.csv"), "a,b\n1,2\n");
    server = await httpReceiver(() => ({ status: answers.shift() ?? 200, body: "{}" }));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });
  const input = () => ({
    report: withFindings,
    outDir: dir,
    files: [join(dir, "report.pdf"), join(dir, "images.csv")],
    gateFailed: false,
  });

  it("keeps attachments under the cap, in the order asked, and names the rest", async () => {
    const message = await buildMessage(input());
    const picked = pickAttachments(message, ["csv", "pdf"], 2000);
    expect(picked.files.map((f) => f.name)).toEqual(["images.csv"]);
    expect(picked.notes).toEqual([
      `report.pdf (3 KB) is not attached: it would take the attachments over 2 KB. It is in ${dir}.`,
    ]);
    expect(pickAttachments(message, ["pdf", "csv"], 3007).files.map((f) => f.name)).toEqual(["report.pdf"]);
    expect(pickAttachments(message, ["pdf", "csv"], 3008).files.map((f) => f.name)).toEqual([
      "report.pdf",
      "images.csv",
    ]);
  });

  it("a stop (aborted signal) sends nothing more and says so: the report is not lost for it", async () => {
    const before = server.received.length;
    const results = await deliverReport(input(), {
      targets: [
        { type: "webhook", url_env: "H" },
        { type: "webhook", url_env: "H", format: "slack" },
      ],
      env: { H: `${server.url}/hook` },
      signal: AbortSignal.abort(),
    });
    expect(results.map((r) => [r.status, r.error, r.attempts])).toEqual([
      ["failed", "interrupted", 0],
      ["failed", "interrupted", 0],
    ]);
    expect(server.received.length).toBe(before);
  });

  it.each([
    [[503, 502], 3, "sent", 3],
    [[503, 503, 503], 3, "failed", 3],
    [[400], 3, "failed", 1],
    [[429], 2, "sent", 2],
  ] as const)(
    "answers %j with max_attempts %i: %s after %i attempt(s)",
    async (statuses, maxAttempts, status, attempts) => {
      answers = [...statuses];
      const before = server.received.length;
      const [result] = await deliverReport(input(), {
        targets: [{ type: "webhook", url_env: "H", max_attempts: maxAttempts, retry_delay_ms: 1 }],
        env: { H: `${server.url}/hook` },
      });
      expect(result?.status).toBe(status);
      expect(result?.attempts).toBe(attempts);
      expect(server.received.length - before).toBe(attempts);
      if (status === "failed") expect(result?.error).toMatch(/^HTTP (503|400)/);
    },
  );
});

describe("through the run's proxy", () => {
  let proxy: HttpReceiver;
  let direct: HttpReceiver;
  beforeAll(async () => {
    direct = await httpReceiver(() => ({ status: 200, body: "{}" }));
    // A forward proxy sees plain-http requests in absolute form (RFC 9112 §3.2.2); this one answers them itself.
    proxy = await httpReceiver((request) =>
      request.url.includes("/rest/api/2/") ? { status: 201, body: "{}" } : { status: 200, body: "ok" },
    );
  });
  afterAll(async () => {
    await proxy.close();
    await direct.close();
  });

  it("webhooks and Jira go through HTTP_PROXY with its credentials; NO_PROXY hosts do not", async () => {
    const proxyUrl = new URL(proxy.url);
    proxyUrl.username = "corp";
    proxyUrl.password = "proxy-pass-1";
    const input = { report: withFindings, outDir: tmpdir(), files: [], gateFailed: false };
    const results = await deliverReport(input, {
      targets: [
        { type: "webhook", url_env: "H", format: "slack" },
        { type: "jira", url_env: "J", issue: "AUDIT-7", token_env: "T", attach: [] },
        { type: "webhook", url_env: "DIRECT" },
      ],
      env: {
        H: "http://hooks.internal.test/services/x",
        J: "http://jira.internal.test",
        T: "jira-token-1",
        DIRECT: `${direct.url}/hook`,
        HTTP_PROXY: proxyUrl.toString(),
        NO_PROXY: "127.0.0.1",
      },
    });
    expect(results.map((r) => r.status)).toEqual(["sent", "sent", "sent"]);
    expect(proxy.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST http://hooks.internal.test/services/x",
      "POST http://jira.internal.test/rest/api/2/issue/AUDIT-7/comment",
    ]);
    const basic = `Basic ${Buffer.from("corp:proxy-pass-1").toString("base64")}`;
    for (const request of proxy.received) expect(request.headers["proxy-authorization"]).toBe(basic);
    // The NO_PROXY host was reached directly, not through the proxy.
    expect(direct.received.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /hook"]);
    expect(JSON.stringify(results)).not.toContain("proxy-pass-1");
  });

  it("one fetch for the run: its targets share its connections", async () => {
    const input = { report: withFindings, outDir: tmpdir(), files: [], gateFailed: false };
    const before = direct.received.length;
    const results = await deliverReport(input, {
      targets: ["a", "b", "c", "d"].map((name) => ({ type: "webhook" as const, url_env: name })),
      env: Object.fromEntries(["a", "b", "c", "d"].map((name) => [name, `${direct.url}/${name}`])),
    });
    expect(results.map((r) => r.status)).toEqual(["sent", "sent", "sent", "sent"]);
    const received = direct.received.slice(before);
    expect(received.map((r) => r.url)).toEqual(["/a", "/b", "/c", "/d"]);
    // A fetch of its own per target would open a connection per target.
    expect(new Set(received.map((r) => r.clientPort)).size).toBeLessThan(received.length);
  });

  it("a proxy variable that is not a URL fails the HTTP targets, without echoing it", async () => {
    const input = { report: withFindings, outDir: tmpdir(), files: [], gateFailed: false };
    const [result] = await deliverReport(input, {
      targets: [{ type: "webhook", url_env: "H", max_attempts: 3, retry_delay_ms: 1 }],
      env: { H: "http://hooks.internal.test/x", HTTPS_PROXY: "not a url secret-ish" },
    });
    expect(result?.status).toBe("failed");
    expect(result?.attempts).toBe(0);
    expect(result?.error).toMatch(/HTTPS_PROXY is not a proxy URL/);
    expect(result?.error).not.toContain("secret-ish");
  });
});

describe("a delivery POST's failures, judged as the api client judges them", () => {
  const failing =
    (code: string, message: string): FetchLike =>
    async () => {
      throw new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
    };
  const http = (fetch: FetchLike) => ({ fetch, timeoutMs: 1000 });

  it("an untrusted certificate is not worth another attempt, and says what to do", async () => {
    const attempts = { count: 0 };
    const sent = withRetries(
      () =>
        post(
          "https://hooks.example.test/x",
          { body: "{}" },
          http(failing("UNABLE_TO_VERIFY_LEAF_SIGNATURE", "unable to verify the first certificate")),
        ),
      { maxAttempts: 3, delayMs: 1 },
      attempts,
    );
    await expect(sent).rejects.toMatchObject({ retry: false });
    await expect(sent).rejects.toThrow(
      /cannot connect to hooks\.example\.test \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\): .*NODE_EXTRA_CA_CERTS/,
    );
    expect(attempts.count).toBe(1);
  });

  it("a refused connection is worth another attempt", async () => {
    const attempts = { count: 0 };
    const sent = withRetries(
      () => post("https://hooks.example.test/x", { body: "{}" }, http(failing("ECONNREFUSED", "connect ECONNREFUSED"))),
      { maxAttempts: 3, delayMs: 1 },
      attempts,
    );
    await expect(sent).rejects.toThrow("cannot connect to hooks.example.test (ECONNREFUSED)");
    await expect(sent).rejects.toMatchObject({ retry: true });
    expect(attempts.count).toBe(3);
  });

  it("no answer within the timeout is a retryable StepError", async () => {
    const stalled: FetchLike = (request) =>
      new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const sent = post("https://hooks.example.test/x", { body: "{}" }, { fetch: stalled, timeoutMs: 20 });
    await expect(sent).rejects.toThrow("no answer within 20 ms");
    await expect(sent).rejects.toBeInstanceOf(StepError);
  });
});
