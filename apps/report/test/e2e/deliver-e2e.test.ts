// Delivery, end to end: the built CLI reads the emulator, writes the report, then delivers it to loopback stand-ins
// of every target kind: a real SMTP server (smtp-server; the mail parsed with mailparser), webhook receivers that
// check each platform's documented message shape and signature, and a Jira stand-in that checks both REST calls.
// A dead target leaves the report whole and is named with its own exit code; secrets never reach output or files.
import { createHash, createHmac } from "node:crypto";
import { lstat, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvidence } from "../../src/evidence/load.js";
import { messages } from "../../src/i18n/index.js";
import { buildReport } from "../../src/model/build.js";
import { RISK_LEVELS } from "../../src/model/types.js";
import { failOnHit, type RunOptions, type RunResult, runReport } from "../../src/run.js";
import { runSchedule } from "../../src/schedule/schedule.js";
import { assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";
import {
  deadPort,
  formData,
  type HttpReceiver,
  httpReceiver,
  type Received,
  type SmtpReceiver,
  smtpReceiver,
} from "../helpers/receivers.js";

const TOKEN = "tok-SECRET-deliver-5b1e9c2d7a";
const SMTP = { user: "mailer@example.com", password: "pwSECRET-smtp/p@ss:42" };
const HOOK_TOKEN = "hookSECRET-0f9e8d7c6b5a4321";
const FEISHU_SECRET = "feishuSECRET-a1b2c3d4e5";
const DINGTALK_SECRET = "SECdingSECRET-9f8e7d6c5b4a";
const JIRA = { user: "auditor@example.com", token: "jiraSECRET-ATATT3xFfGF0", pat: "jiraSECRET-PAT-NjQ3MjA4" };
const SECRETS = [TOKEN, SMTP.password, encodeURIComponent(SMTP.password), HOOK_TOKEN, FEISHU_SECRET, DINGTALK_SECRET];
SECRETS.push(JIRA.token, JIRA.pat, Buffer.from(`${JIRA.user}:${JIRA.token}`).toString("base64"));
// Wrong values in failing runs: refused at once (never retried), and never printed either.
const WRONG = { password: "pwWRONG-smtp-7d1c", token: "jiraWRONG-token-2b8e" };
SECRETS.push(WRONG.password, WRONG.token);

let hss: RunningEmulator;
let smtp: SmtpReceiver;
let hooks: HttpReceiver;
let jira: HttpReceiver;
let work: { dir: string; cleanup: () => Promise<void> };

const json = (request: Received) => JSON.parse(request.body.toString("utf8"));
const b64hmac = (key: string, message: string) => createHmac("sha256", key).update(message).digest("base64");
const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** Answers as each platform does, and refuses a bad signature the way the platform documents it. */
function answerHook(request: Received): { status: number; body?: string; type?: string } {
  const url = new URL(request.url, "http://x");
  switch (url.pathname) {
    case "/generic":
      return { status: 204 };
    case "/slack":
      return { status: 200, body: "ok", type: "text/plain" };
    case "/feishu": {
      const body = json(request);
      const ok = body.sign === b64hmac(`${body.timestamp}\n${FEISHU_SECRET}`, "");
      return {
        status: 200,
        body: JSON.stringify(ok ? { code: 0, msg: "success" } : { code: 19021, msg: "sign match fail" }),
      };
    }
    case "/robot/send": {
      const timestamp = url.searchParams.get("timestamp") ?? "";
      const ok = url.searchParams.get("sign") === b64hmac(DINGTALK_SECRET, `${timestamp}\n${DINGTALK_SECRET}`);
      return {
        status: 200,
        body: JSON.stringify(ok ? { errcode: 0, errmsg: "ok" } : { errcode: 310000, errmsg: "sign not match" }),
      };
    }
    case "/cgi-bin/webhook/send":
      return { status: 200, body: JSON.stringify({ errcode: 0, errmsg: "ok" }) };
    default:
      return { status: 404, body: "{}" };
  }
}

/** Jira's answers; an upload without X-Atlassian-Token is refused as Jira does (XSRF check). */
function answerJira(request: Received): { status: number; body?: string } {
  if (request.headers.authorization === `Bearer ${WRONG.token}`) return { status: 401, body: "{}" };
  if (/\/attachments$/.test(request.url)) {
    if (request.headers["x-atlassian-token"] !== "no-check") return { status: 403, body: '"XSRF check failed"' };
    return { status: 200, body: "[]" };
  }
  if (/\/comment$/.test(request.url)) return { status: 201, body: '{"id":"10001"}' };
  return { status: 404, body: "{}" };
}

beforeAll(async () => {
  assertBuilt();
  hss = await startEmulator({ seed: "deliver", images: 16, tokens: [TOKEN] });
  smtp = await smtpReceiver(SMTP);
  hooks = await httpReceiver(answerHook);
  jira = await httpReceiver(answerJira);
  work = await tempDir();
});
afterAll(async () => {
  await Promise.all([hss?.close(), smtp?.close(), hooks?.close(), jira?.close()]);
  await work?.cleanup();
});

const baseEnv = () => ({ HSS_AUTH_TOKEN: TOKEN });
const target = () => ["--endpoint", hss.url, "--project-id", hss.projectId];

async function expectNoSecrets(texts: string[], dir: string): Promise<void> {
  for (const file of await listFiles(dir)) {
    if ((await lstat(join(dir, file))).isFile()) texts.push((await readFile(join(dir, file))).toString("latin1"));
  }
  for (const secret of SECRETS) for (const text of texts) expect(text).not.toContain(secret);
}

describe("deliver: every target kind", () => {
  it("mails, posts to every chat format and attaches to Jira what the run wrote", async () => {
    const config = join(work.dir, "deliver.yaml");
    await writeFile(
      config,
      `format: [pdf, md, json]
fail_on: high
deliver:
  - type: email
    smtp_url_env: T_SMTP_URL
    from: hss-reports@example.com
    to: [secops@example.com, audit@example.com]
    attach: [pdf, md]
  - type: email
    smtp_url_env: T_SMTP_URL
    from: hss-reports@example.com
    to: [small@example.com]
    attach: [pdf]
    max_attach_bytes: 1000
  - { type: webhook, url_env: T_HOOK_GENERIC }
  - { type: webhook, url_env: T_HOOK_SLACK, format: slack }
  - { type: webhook, url_env: T_HOOK_FEISHU, format: feishu, secret_env: T_FEISHU_SECRET }
  - { type: webhook, url_env: T_HOOK_DINGTALK, format: dingtalk, secret_env: T_DINGTALK_SECRET }
  - { type: webhook, url_env: T_HOOK_WECOM, format: wecom }
  - { type: jira, url_env: T_JIRA_URL, issue: AUDIT-123, user_env: T_JIRA_USER, token_env: T_JIRA_TOKEN, attach: [pdf, md] }
  - { type: jira, url_env: T_JIRA_URL, issue: SEC-7, token_env: T_JIRA_PAT, attach: [md] }
`,
    );
    const out = join(work.dir, "all");
    const before = Date.now();
    const run = await runCli([...target(), "--config", config, "--out", out], {
      cwd: work.dir,
      env: {
        ...baseEnv(),
        T_SMTP_URL: smtp.url(SMTP.user, SMTP.password),
        T_HOOK_GENERIC: `${hooks.url}/generic?token=${HOOK_TOKEN}`,
        T_HOOK_SLACK: `${hooks.url}/slack`,
        T_HOOK_FEISHU: `${hooks.url}/feishu`,
        T_FEISHU_SECRET: FEISHU_SECRET,
        T_HOOK_DINGTALK: `${hooks.url}/robot/send?access_token=${HOOK_TOKEN}`,
        T_DINGTALK_SECRET: DINGTALK_SECRET,
        T_HOOK_WECOM: `${hooks.url}/cgi-bin/webhook/send?key=${HOOK_TOKEN}`,
        T_JIRA_URL: `${jira.url}/jira/`,
        T_JIRA_USER: JIRA.user,
        T_JIRA_TOKEN: JIRA.token,
        T_JIRA_PAT: JIRA.pat,
      },
    });
    const after = Date.now();

    // What the messages must say, computed from the evidence the run wrote.
    const evidence = await loadEvidence(join(out, "evidence.json"));
    const report = buildReport(evidence);
    const gateFailed = failOnHit(report, "high");
    expect(run.code, run.stderr).toBe(gateFailed ? 4 : 0);
    const m = messages("en-us");
    const files = Object.fromEntries(
      await Promise.all(
        ["report.pdf", "summary.md", "evidence.json"].map(async (f) => [f, await readFile(join(out, f))]),
      ),
    ) as Record<string, Buffer>;
    const counts = Object.fromEntries(RISK_LEVELS.map((l) => [l, report.summary.byLevel[l].findings]));
    const gateWords = gateFailed ? "FAILED" : "passed";
    const scopeId = evidence.run.scopes[0]?.id ?? "";
    expect(run.stderr).toContain("delivered to email to secops@example.com, audit@example.com");
    expect(run.stderr).toContain("delivered to jira SEC-7");

    // E-mail: one message per target, through AUTH with the URL's (decoded) credentials.
    expect(smtp.mails).toHaveLength(2);
    const [full, small] = smtp.mails;
    expect(full?.user).toBe(SMTP.user);
    expect(full?.password).toBe(SMTP.password);
    expect(full?.to).toEqual(["secops@example.com", "audit@example.com"]);
    const mail = await simpleParser(full?.raw ?? Buffer.alloc(0));
    expect(mail.subject).toContain(scopeId);
    for (const level of RISK_LEVELS) expect(mail.subject).toContain(`${counts[level]} ${m.level(level)}`);
    if (report.summary.worstLevel) expect(mail.subject).toContain(`worst ${m.level(report.summary.worstLevel)}`);
    expect(mail.subject).toContain(`--fail-on ${m.level("high")} ${gateWords}`);
    expect(mail.text?.trim()).toBe(files["summary.md"]?.toString("utf8").trim());
    expect(mail.html).toContain(report.meta.reportId);
    expect(mail.html).toContain("<table>");
    expect(mail.attachments.map((a) => a.filename)).toEqual(["report.pdf", "summary.md"]);
    expect(Buffer.compare(mail.attachments[0]?.content ?? Buffer.alloc(0), files["report.pdf"] as Buffer)).toBe(0);
    expect(Buffer.compare(mail.attachments[1]?.content ?? Buffer.alloc(0), files["summary.md"] as Buffer)).toBe(0);
    // Over the cap: no attachment, and the body says which file, how big, and where it is.
    const capped = await simpleParser(small?.raw ?? Buffer.alloc(0));
    expect(capped.attachments).toHaveLength(0);
    expect(capped.text).toContain(`report.pdf (${m.bytes(files["report.pdf"]?.byteLength)}) is not attached`);
    expect(capped.text).toContain(out);
    expect(run.stderr).toContain("delivered to email to small@example.com; 1 file over the size cap");

    // Webhooks: one request each, in the platform's documented shape.
    const hook = (path: string) => {
      const found = hooks.received.filter((r) => new URL(r.url, "http://x").pathname === path);
      expect(found, path).toHaveLength(1);
      const request = found[0] as Received;
      expect(request.method).toBe("POST");
      expect(request.headers["content-type"]).toMatch(/^application\/json/);
      return request;
    };
    const generic = json(hook("/generic"));
    expect(generic.report_id).toBe(report.meta.reportId);
    expect(generic.counts).toEqual(counts);
    expect(generic.worst_level).toBe(report.summary.worstLevel ?? null);
    expect(generic.changes).toBeNull();
    expect(generic.gate).toEqual({ fail_on: "high", verdict: gateFailed ? "failed" : "passed" });
    expect(generic.scopes).toEqual([scopeId]);
    expect(generic.files.map((f: { name: string }) => f.name)).toEqual(["report.pdf", "evidence.json", "summary.md"]);
    for (const file of generic.files) {
      expect(file.sha256).toBe(sha256(files[file.name] as Buffer));
      expect(file.bytes).toBe(files[file.name]?.byteLength);
    }

    const slack = json(hook("/slack"));
    expect(typeof slack.text).toBe("string");
    expect(slack.blocks[0].type).toBe("section");
    expect(slack.blocks[0].text.type).toBe("mrkdwn");
    expect(slack.blocks[0].text.text).toContain(report.meta.reportId);

    const feishu = json(hook("/feishu"));
    expect(feishu.msg_type).toBe("post");
    const post = feishu.content.post.en_us;
    expect(post.title).toContain(scopeId);
    expect(post.content.flat().every((e: { tag: string }) => e.tag === "text")).toBe(true);
    expect(Number(feishu.timestamp) * 1000).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(Number(feishu.timestamp) * 1000).toBeLessThanOrEqual(after);
    expect(feishu.sign).toBe(b64hmac(`${feishu.timestamp}\n${FEISHU_SECRET}`, ""));

    const dingRequest = hook("/robot/send");
    const dingUrl = new URL(dingRequest.url, "http://x");
    expect(dingUrl.searchParams.get("access_token")).toBe(HOOK_TOKEN);
    const stamp = dingUrl.searchParams.get("timestamp") ?? "";
    expect(Number(stamp)).toBeGreaterThanOrEqual(before);
    expect(Number(stamp)).toBeLessThanOrEqual(after);
    // The sign travels URL-encoded: base64's + / = are percent-escaped in the raw query.
    const rawSign = /[?&]sign=([^&]*)/.exec(dingRequest.url)?.[1] ?? "";
    expect(rawSign).not.toMatch(/[+/=]/);
    expect(decodeURIComponent(rawSign)).toBe(b64hmac(DINGTALK_SECRET, `${stamp}\n${DINGTALK_SECRET}`));
    const ding = json(dingRequest);
    expect(ding.msgtype).toBe("markdown");
    expect(ding.markdown.title).toContain(scopeId);
    expect(ding.markdown.text).toContain(report.meta.reportId);

    const wecom = json(hook("/cgi-bin/webhook/send"));
    expect(wecom.msgtype).toBe("markdown");
    expect(wecom.markdown.content).toContain(report.meta.reportId);
    expect(Buffer.byteLength(wecom.markdown.content)).toBeLessThanOrEqual(4096);

    // Jira: attachments (multipart, no-check header, auth), then the comment, for each issue in turn.
    expect(jira.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      "POST /jira/rest/api/2/issue/AUDIT-123/attachments",
      "POST /jira/rest/api/2/issue/AUDIT-123/comment",
      "POST /jira/rest/api/2/issue/SEC-7/attachments",
      "POST /jira/rest/api/2/issue/SEC-7/comment",
    ]);
    const [upload, comment, patUpload, patComment] = jira.received as [Received, Received, Received, Received];
    const basic = `Basic ${Buffer.from(`${JIRA.user}:${JIRA.token}`).toString("base64")}`;
    expect(upload.headers.authorization).toBe(basic);
    expect(comment.headers.authorization).toBe(basic);
    expect(patUpload.headers.authorization).toBe(`Bearer ${JIRA.pat}`);
    expect(patComment.headers.authorization).toBe(`Bearer ${JIRA.pat}`);
    expect(upload.headers["x-atlassian-token"]).toBe("no-check");
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const parts = (await formData(upload)).getAll("file") as File[];
    expect(parts.map((p) => p.name)).toEqual(["report.pdf", "summary.md"]);
    expect(Buffer.compare(Buffer.from(await (parts[0] as File).arrayBuffer()), files["report.pdf"] as Buffer)).toBe(0);
    expect(Buffer.compare(Buffer.from(await (parts[1] as File).arrayBuffer()), files["summary.md"] as Buffer)).toBe(0);
    const patParts = (await formData(patUpload)).getAll("file") as File[];
    expect(patParts.map((p) => p.name)).toEqual(["summary.md"]);
    expect(comment.headers["content-type"]).toMatch(/^application\/json/);
    const body = json(comment).body as string;
    expect(body).toContain(report.meta.reportId);
    expect(body).toContain(`--fail-on ${m.level("high")} ${gateWords}`);
    expect(body).toMatch(/^h3\. /m); // summary headings as Jira wiki markup

    await expectNoSecrets([run.stdout, run.stderr], out);
  });
});

describe("deliver: one-off flags", () => {
  it("--attach-to, --mail-to and --notify read the documented variables", async () => {
    const jiraBefore = jira.received.length;
    const mailsBefore = smtp.mails.length;
    const hooksBefore = hooks.received.length;
    const out = join(work.dir, "flags");
    const run = await runCli(
      [
        ...target(),
        "--out",
        out,
        "--format",
        "csv,md",
        "--attach-to",
        "jira:OPS-42",
        "--mail-to",
        "lead@example.com",
        "--mail-from",
        "hss@example.com",
        "--notify",
        "dingtalk",
      ],
      {
        cwd: work.dir,
        env: {
          ...baseEnv(),
          JIRA_URL: jira.url,
          JIRA_TOKEN: JIRA.pat,
          HSS_SMTP_URL: smtp.url(SMTP.user, SMTP.password),
          HSS_HOOK_URL: `${hooks.url}/robot/send?access_token=${HOOK_TOKEN}`,
          HSS_HOOK_SECRET: DINGTALK_SECRET,
        },
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const summary = await readFile(join(out, "summary.md"));
    // Jira: a PAT alone is a bearer token; without a PDF written, the summary is the one attachment.
    const calls = jira.received.slice(jiraBefore);
    expect(calls.map((r) => r.url)).toEqual([
      "/rest/api/2/issue/OPS-42/attachments",
      "/rest/api/2/issue/OPS-42/comment",
    ]);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${JIRA.pat}`);
    const parts = (await formData(calls[0] as Received)).getAll("file") as File[];
    expect(parts.map((p) => p.name)).toEqual(["summary.md"]);
    expect(Buffer.compare(Buffer.from(await (parts[0] as File).arrayBuffer()), summary)).toBe(0);
    // Mail: from --mail-from, to --mail-to, summary.md attached.
    const [mail] = smtp.mails.slice(mailsBefore);
    expect(mail?.from).toBe("hss@example.com");
    expect(mail?.to).toEqual(["lead@example.com"]);
    const parsed = await simpleParser(mail?.raw ?? Buffer.alloc(0));
    expect(parsed.attachments.map((a) => a.filename)).toEqual(["summary.md"]);
    // DingTalk, signed with $HSS_HOOK_SECRET (the receiver refuses a wrong sign, which would exit 5).
    const [hook] = hooks.received.slice(hooksBefore);
    expect(new URL(hook?.url ?? "", "http://x").searchParams.get("sign")).toBeTruthy();
    await expectNoSecrets([run.stdout, run.stderr], out);
  });

  it("render --from delivers the re-rendered report (same report id, its own files)", async () => {
    const first = join(work.dir, "render-src");
    const made = await runCli([...target(), "--out", first, "--format", "json"], { cwd: work.dir, env: baseEnv() });
    expect(made.code, made.stderr).toBe(0);
    const before = hooks.received.length;
    const again = join(work.dir, "render-again");
    const run = await runCli(
      ["render", "--from", join(first, "evidence.json"), "--out", again, "--format", "md", "--notify", "generic"],
      { cwd: work.dir, env: { HSS_HOOK_URL: `${hooks.url}/generic` } },
    );
    expect(run.code, run.stderr).toBe(0);
    const [posted] = hooks.received.slice(before).map(json);
    const evidence = await loadEvidence(join(first, "evidence.json"));
    expect(posted.report_id).toBe(buildReport(evidence).meta.reportId);
    expect(posted.files).toEqual([
      {
        name: "summary.md",
        bytes: (await readFile(join(again, "summary.md"))).byteLength,
        sha256: sha256(await readFile(join(again, "summary.md"))),
      },
    ]);
  });

  it("--mail-to without a sender is a usage error", async () => {
    const run = await runCli([...target(), "--out", join(work.dir, "nosender"), "--mail-to", "a@example.com"], {
      cwd: work.dir,
      env: { ...baseEnv(), HSS_SMTP_URL: smtp.url(SMTP.user, SMTP.password) },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--mail-to needs a sender: --mail-from or $HSS_MAIL_FROM");
  });
});

describe("deliver: failures", () => {
  it("a dead target: the report is whole, exit 5 names each failed target, the index shows it", async () => {
    const config = join(work.dir, "dead.yaml");
    const dead = await deadPort();
    await writeFile(
      config,
      `format: [md, json]
deliver:
  - { type: jira, url_env: T_JIRA_URL, issue: AUDIT-9, token_env: T_JIRA_PAT, attach: [md], max_attempts: 2, retry_delay_ms: 20 }
  - { type: email, smtp_url_env: T_SMTP_URL, from: a@example.com, to: [b@example.com], max_attempts: 2, retry_delay_ms: 20 }
  - { type: webhook, url_env: T_HOOK_GENERIC }
  - { type: webhook, format: slack, url_env: T_HOOK_GONE, max_attempts: 1 }
`,
    );
    const received = hooks.received.length;
    const history = join(work.dir, "history");
    const run = await runCli([...target(), "--config", config, "--out", history, "--keep", "3"], {
      cwd: work.dir,
      env: {
        ...baseEnv(),
        T_JIRA_URL: `http://127.0.0.1:${dead}`,
        T_JIRA_PAT: JIRA.pat,
        T_SMTP_URL: `smtp://${encodeURIComponent(SMTP.user)}:${encodeURIComponent(SMTP.password)}@127.0.0.1:${dead}`,
        T_HOOK_GENERIC: `${hooks.url}/generic?token=${HOOK_TOKEN}`,
        // A hook whose secret is its path (Slack's are): gone, the receiver answers 404.
        T_HOOK_GONE: `${hooks.url}/services/${HOOK_TOKEN}`,
      },
    });
    expect(run.code, run.stderr).toBe(5);
    const deadHost = `127.0.0.1:${dead}`;
    expect(run.stderr).toContain(
      `delivery to jira AUDIT-9 FAILED after 2 attempts: cannot connect to ${deadHost} (ECONNREFUSED)`,
    );
    expect(run.stderr).toMatch(
      /delivery to email to b@example\.com FAILED after 2 attempts: ESOCKET: connect ECONNREFUSED/,
    );
    // The closing line (printed with --quiet too) gives each failed target's reason, never the hook's secret path.
    const closing = run.stderr.split("\n").find((line) => line.startsWith("delivery failed (exit 5): ")) ?? "";
    expect(closing).toContain(`jira AUDIT-9 (cannot connect to ${deadHost} (ECONNREFUSED))`);
    expect(closing).toMatch(/; email to b@example\.com \(ESOCKET: connect ECONNREFUSED [^)]*\)/);
    expect(closing).toContain("; webhook slack ($T_HOOK_GONE) (HTTP 404: {})");
    // The working target still got its message, the gone one its single attempt.
    expect(hooks.received.length).toBe(received + 2);

    // The run folder is whole: summary.md's sha256 of each file matches the file; the evidence seal holds.
    const runName = (await readFile(join(history, "LATEST"), "utf8")).trim();
    const dir = join(history, runName);
    const summary = await readFile(join(dir, "summary.md"), "utf8");
    await loadEvidence(join(dir, "evidence.json"));
    const evidenceSha = sha256(await readFile(join(dir, "evidence.json")));
    expect(summary).toContain(`\`${evidenceSha}\``);
    expect((await listFiles(dir)).sort()).toEqual(["evidence.json", "summary.md"]);
    const index = await readFile(join(history, "index.html"), "utf8");
    expect(index).toContain("failed: jira AUDIT-9, email to b@example.com, webhook slack ($T_HOOK_GONE)");
    await expectNoSecrets([run.stdout, run.stderr], history);
  });

  it("refused credentials fail at once (no retry) and are not printed", async () => {
    const config = join(work.dir, "refused.yaml");
    await writeFile(
      config,
      `format: [md]
deliver:
  - { type: email, smtp_url_env: T_SMTP_URL, from: a@example.com, to: [b@example.com], max_attempts: 3, retry_delay_ms: 20 }
  - { type: jira, url_env: T_JIRA_URL, issue: AUDIT-9, token_env: T_JIRA_PAT, max_attempts: 3, retry_delay_ms: 20 }
`,
    );
    const jiraBefore = jira.received.length;
    const out = join(work.dir, "refused");
    const run = await runCli([...target(), "--config", config, "--out", out], {
      cwd: work.dir,
      env: {
        ...baseEnv(),
        T_SMTP_URL: smtp.url(SMTP.user, WRONG.password),
        T_JIRA_URL: jira.url,
        T_JIRA_PAT: WRONG.token,
      },
    });
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toMatch(/delivery to email to b@example\.com FAILED after 1 attempt: EAUTH/);
    expect(run.stderr).toContain(
      "delivery to jira AUDIT-9 FAILED after 1 attempt: HTTP 401: the credentials were refused or may not edit the issue",
    );
    expect(jira.received.length - jiraBefore).toBe(1);
    await expectNoSecrets([run.stdout, run.stderr], out);
  });

  it("a variable not set: exit 2 naming the target and the variable, before any API call or file", async () => {
    const config = join(work.dir, "unset.yaml");
    await writeFile(config, "deliver:\n  - { type: webhook, url_env: T_NOT_SET, format: slack }\n");
    const requests = hss.requestLog.length;
    const out = join(work.dir, "unset");
    const run = await runCli([...target(), "--config", config, "--out", out], { cwd: work.dir, env: baseEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("deliver[0] (webhook slack ($T_NOT_SET)): $T_NOT_SET is not set");
    expect(await listFiles(out)).toEqual([]);
    expect(hss.requestLog.length).toBe(requests);
  });

  it("a secret in the config file is refused: name the variable instead", async () => {
    const config = join(work.dir, "inline.yaml");
    await writeFile(config, `deliver:\n  - { type: webhook, url: "https://hooks.example.com/${HOOK_TOKEN}" }\n`);
    const run = await runCli([...target(), "--config", config, "--out", join(work.dir, "inline")], {
      cwd: work.dir,
      env: baseEnv(),
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown key "url"');
    expect(run.stderr).toContain("(url_env)");
  });
});

describe("deliver: scheduled runs", () => {
  it("each run delivers: 'changes' skips a run with nothing new, a dead target is logged and the schedule goes on", async () => {
    const root = join(work.dir, "scheduled");
    const log: string[] = [];
    const results: RunResult[] = [];
    const controller = new AbortController();
    const dead = await deadPort();
    const received = hooks.received.length;
    const run: RunOptions = {
      endpoint: hss.url,
      project_id: hss.projectId,
      format: ["json"],
      out: root,
      deliver: [
        { type: "webhook", url_env: "T_HOOK", when: "changes" },
        { type: "webhook", url_env: "T_DEAD", max_attempts: 1 },
      ],
    };
    const code = await runSchedule(
      { cron: "* * * * * *", runNow: true, run },
      {
        env: { ...baseEnv(), T_HOOK: `${hooks.url}/generic`, T_DEAD: `http://127.0.0.1:${dead}/hook` },
        cwd: work.dir,
        signal: controller.signal,
        log: (line) => log.push(line),
      },
      async (options, io) => {
        const result = await runReport(options, io);
        results.push(result);
        // The data does not change between the first two runs, then it does.
        if (results.length === 2) hss.mutate({ steps: 1 });
        if (results.length === 3) controller.abort();
        return result;
      },
    );
    expect(code).toBe(0);
    expect(results.map((r) => r.exitCode)).toEqual([5, 5, 5]);
    // First run (nothing to compare with) and the run after the data changed are due; the second is not.
    const due = results.map(
      (r) => !r.report.changes || r.report.changes.newFindings.length + r.report.changes.resolved.length > 0,
    );
    expect(due).toEqual([true, false, true]);
    expect(results.map((r) => r.deliveries[0]?.status)).toEqual(["sent", "skipped", "sent"]);
    const posted = hooks.received.slice(received).map(json);
    expect(posted.map((p) => p.report_id)).toEqual([
      results[0]?.report.meta.reportId,
      results[2]?.report.meta.reportId,
    ]);
    expect(posted[1].changes).toEqual({
      new: results[2]?.report.changes?.newFindings.length,
      resolved: results[2]?.report.changes?.resolved.length,
      baseline: results[2]?.report.changes?.baseline.label,
    });
    const status = log.filter((line) => / run #\d/.test(line) && line.includes(" ok in "));
    expect(status).toHaveLength(3);
    for (const line of status)
      expect(line).toContain(
        `DELIVERY FAILED: webhook generic ($T_DEAD) (cannot connect to 127.0.0.1:${dead} (ECONNREFUSED))`,
      );
  });
});
