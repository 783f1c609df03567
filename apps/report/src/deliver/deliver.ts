// Delivery of a written report to the `deliver:` targets (e-mail, webhooks, Jira). Runs after the files are in
// place and never touches them: a target that fails (after bounded retries) is reported by name, the others still
// go. Secrets come only from the variables the config names and are masked in every message this module returns.
import { createProxyFetch, type FetchLike, isLoopbackHost } from "@hss-reports/api";
import { DELIVER_FLAG_ENV, type DeliverTarget, SIGNED_WEBHOOK_FORMATS } from "../config/deliver.js";
import type { Format, RunConfig } from "../config/schema.js";
import { UsageError } from "../errors.js";
import type { Report } from "../model/types.js";
import { redact } from "../redact.js";
import {
  DEFAULT_ATTEMPTS,
  DEFAULT_RETRY_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  type HttpContext,
  StepError,
  withRetries,
} from "./attempt.js";
import { parseSmtpUrl, sendMail } from "./email.js";
import { jiraAttach, jiraComment, markdownToJiraWiki } from "./jira.js";
import { buildMessage, type DeliveryMessage, type MessageInput, markdownToHtml, pickAttachments } from "./message.js";
import { sendWebhook, webhookRequest } from "./webhook.js";

/** Attachments above this many bytes together are left out and named in the message (most mail servers: 10-25 MB). */
export const DEFAULT_MAX_ATTACH_BYTES = 10_000_000;

export type DeliveryStatus = "sent" | "skipped" | "failed";

export interface DeliveryResult {
  /** Names the target without any secret: `email to a@example.com`, `webhook slack ($HOOK_URL)`, `jira AUDIT-123`. */
  target: string;
  status: DeliveryStatus;
  /** Attempts made (0 when skipped). */
  attempts: number;
  /** Why it failed, secrets masked. */
  error?: string;
  /** Files left out of the message because of the size cap. */
  notAttached?: string[];
}

export interface DeliverOptions {
  targets: readonly DeliverTarget[];
  env: Record<string, string | undefined>;
  signal?: AbortSignal | undefined;
  now?: (() => Date) | undefined;
  /** Plain http to non-loopback webhook and Jira URLs (the run's `allow_insecure_http`). */
  allowInsecureHttp?: boolean | undefined;
}

/** What the one-off flags attach when the run writes it: the PDF to read, the summary to paste. */
const FLAG_ATTACH: readonly Format[] = ["pdf", "md"];

/**
 * The run's targets: the config's `deliver` list, then one per `--attach-to`, one for `--mail-to` and one for
 * `--notify`, reading the variables of DELIVER_FLAG_ENV. Throws a UsageError when `--mail-to` has no sender.
 */
export function deliveryTargets(
  config: Pick<RunConfig, "deliver" | "mail_to" | "mail_from" | "notify" | "attach_to">,
  env: Record<string, string | undefined>,
  formats: readonly Format[] = FLAG_ATTACH,
): DeliverTarget[] {
  const attach = FLAG_ATTACH.filter((format) => formats.includes(format));
  const targets: DeliverTarget[] = [...(config.deliver ?? [])];
  for (const spec of config.attach_to ?? []) {
    targets.push({
      type: "jira",
      url_env: DELIVER_FLAG_ENV.jiraUrl,
      issue: spec.slice("jira:".length),
      token_env: DELIVER_FLAG_ENV.jiraToken,
      ...(env[DELIVER_FLAG_ENV.jiraUser]?.trim() ? { user_env: DELIVER_FLAG_ENV.jiraUser } : {}),
      ...(attach.length ? { attach } : {}),
    });
  }
  if (config.mail_to) {
    const from = config.mail_from ?? env[DELIVER_FLAG_ENV.mailFrom]?.trim();
    if (!from) throw new UsageError(`--mail-to needs a sender: --mail-from or $${DELIVER_FLAG_ENV.mailFrom}`);
    targets.push({
      type: "email",
      smtp_url_env: DELIVER_FLAG_ENV.smtpUrl,
      from,
      to: config.mail_to,
      ...(attach.length ? { attach } : {}),
    });
  }
  if (config.notify) {
    const signed = SIGNED_WEBHOOK_FORMATS.includes(config.notify) && env[DELIVER_FLAG_ENV.hookSecret]?.trim();
    targets.push({
      type: "webhook",
      url_env: DELIVER_FLAG_ENV.hookUrl,
      format: config.notify,
      ...(signed ? { secret_env: DELIVER_FLAG_ENV.hookSecret } : {}),
    });
  }
  return targets;
}

export function targetLabel(target: DeliverTarget): string {
  switch (target.type) {
    case "email":
      return `email to ${target.to.join(", ")}`;
    case "webhook":
      return `webhook ${target.format ?? "generic"} ($${target.url_env})`;
    case "jira":
      return `jira ${target.issue}`;
  }
}

/** The variables a target reads, and whether each must be set. */
function variablesOf(target: DeliverTarget): { name: string; required: boolean }[] {
  switch (target.type) {
    case "email":
      return [{ name: target.smtp_url_env, required: true }];
    case "webhook":
      return [
        { name: target.url_env, required: true },
        ...(target.secret_env ? [{ name: target.secret_env, required: true }] : []),
      ];
    case "jira":
      return [
        { name: target.url_env, required: true },
        { name: target.token_env, required: true },
        ...(target.user_env ? [{ name: target.user_env, required: true }] : []),
      ];
  }
}

/**
 * Before any API call: every variable a target names is set, URLs have the right scheme, and each format it
 * attaches is written by the run. Throws a UsageError (exit 2) naming the target and the variable or format.
 */
export function checkDelivery(
  targets: readonly DeliverTarget[],
  env: Record<string, string | undefined>,
  formats: readonly Format[],
  allowInsecureHttp = false,
): void {
  const problems: string[] = [];
  targets.forEach((target, index) => {
    const where = `deliver[${index}] (${targetLabel(target)})`;
    for (const variable of variablesOf(target)) {
      if (variable.required && !env[variable.name]?.trim()) problems.push(`${where}: $${variable.name} is not set`);
    }
    const urlVariable = target.type === "email" ? undefined : target.url_env;
    const url = urlVariable ? env[urlVariable]?.trim() : undefined;
    if (url) {
      const problem = httpUrlProblem(url, allowInsecureHttp);
      if (problem) problems.push(`${where}: $${urlVariable} ${problem}`);
    }
    if (target.type === "email" && env[target.smtp_url_env]?.trim()) {
      try {
        parseSmtpUrl(env[target.smtp_url_env]?.trim() ?? "", target.smtp_url_env);
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    }
    if (target.type !== "webhook") {
      const missing = (target.attach ?? []).filter((format) => !formats.includes(format));
      if (missing.length) {
        problems.push(`${where}: attach names ${missing.join(", ")}, which this run does not write (--format)`);
      }
    }
  });
  if (problems.length) throw new UsageError(`delivery is not set up:\n${problems.map((p) => `  ${p}`).join("\n")}`);
}

function httpUrlProblem(value: string, allowInsecureHttp: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not a URL";
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol !== "http:") return `must be an https:// URL (got ${url.protocol}//)`;
  if (isLoopbackHost(url.hostname) || allowInsecureHttp) return undefined;
  return "is plain http: use https (or allow_insecure_http: true in the config file)";
}

/** Every secret value the targets can reach: masked in whatever the CLI prints. */
export function deliverySecrets(
  targets: readonly DeliverTarget[] | undefined,
  env: Record<string, string | undefined>,
): string[] {
  const secrets = new Set<string>();
  for (const target of targets ?? []) {
    for (const { name } of variablesOf(target)) {
      const value = env[name]?.trim();
      if (!value) continue;
      if (target.type === "jira" && name === target.user_env) continue; // an account name, shown in Jira anyway
      secrets.add(value);
      try {
        const url = new URL(value);
        if (url.password) secrets.add(url.password).add(decodeURIComponent(url.password));
        for (const param of url.searchParams.values()) if (param.length >= 8) secrets.add(param);
        for (const part of url.pathname.split("/")) if (part.length >= 16) secrets.add(part);
      } catch {
        // not a URL: the value itself is the secret
      }
    }
  }
  return [...secrets];
}

/** Whether `when` holds for this run. A run with no baseline (the first of a history) counts as a change. */
export function isDue(when: DeliverTarget["when"], report: Report, gateFailed: boolean): boolean {
  switch (when ?? "always") {
    case "always":
      return true;
    case "findings":
      return report.summary.worstLevel !== undefined;
    case "changes":
      return !report.changes || report.changes.newFindings.length + report.changes.resolved.length > 0;
    case "gate-failed":
      return gateFailed;
  }
}

/** Sends to each due target in turn; never throws for a target's failure (it is in the result). */
export async function deliverReport(input: MessageInput, options: DeliverOptions): Promise<DeliveryResult[]> {
  const due = options.targets.filter((target) => isDue(target.when, input.report, input.gateFailed));
  const message = due.length ? await buildMessage(input) : undefined;
  const secrets = deliverySecrets(options.targets, options.env);
  // One proxy-aware fetch for the run (its connections shared by every target), made when a target first needs HTTP:
  // a proxy variable that is no URL fails webhooks and Jira, never the e-mail.
  let proxied: FetchLike | undefined;
  const httpFetch = () => {
    proxied ??= proxyFetch(options.env);
    return proxied;
  };
  const results: DeliveryResult[] = [];
  for (const target of options.targets) {
    const label = targetLabel(target);
    if (!message || !due.includes(target)) {
      results.push({ target: label, status: "skipped", attempts: 0 });
      continue;
    }
    if (options.signal?.aborted) {
      results.push({ target: label, status: "failed", attempts: 0, error: "interrupted" });
      continue;
    }
    const attempts = { count: 0 };
    const notAttached: string[] = [];
    try {
      await sendTo(target, message, { ...options, httpFetch }, attempts, notAttached);
      results.push({ target: label, status: "sent", attempts: attempts.count, ...withNotes(notAttached) });
    } catch (error) {
      // Stopped (Ctrl-C, schedule stopping): the report is already written, so say so rather than lose it.
      const text = options.signal?.aborted
        ? "interrupted"
        : error instanceof StepError
          ? error.message
          : `unexpected error: ${String(error)}`;
      results.push({
        target: label,
        status: "failed",
        attempts: attempts.count,
        error: redact(text, secrets),
        ...withNotes(notAttached),
      });
    }
  }
  return results;
}

const withNotes = (notes: string[]) => (notes.length ? { notAttached: notes } : {});

async function sendTo(
  target: DeliverTarget,
  message: DeliveryMessage,
  options: DeliverOptions & { httpFetch: () => FetchLike },
  attempts: { count: number },
  notAttached: string[],
): Promise<void> {
  const policy = {
    maxAttempts: target.max_attempts ?? DEFAULT_ATTEMPTS,
    delayMs: target.retry_delay_ms ?? DEFAULT_RETRY_DELAY_MS,
    signal: options.signal,
  };
  const timeoutMs = target.timeout_ms ?? DEFAULT_TIMEOUT_MS;
  const env = (name: string) => options.env[name]?.trim() ?? "";
  const http = (): HttpContext => ({ fetch: options.httpFetch(), timeoutMs, signal: options.signal });
  switch (target.type) {
    case "email": {
      const picked = pickAttachments(message, target.attach, target.max_attach_bytes ?? DEFAULT_MAX_ATTACH_BYTES);
      notAttached.push(...picked.notes);
      const text = [...picked.notes, message.summaryMd].join("\n\n");
      const mail = {
        subject: message.headline,
        text,
        html: markdownToHtml(message.summaryMd, message.lang, picked.notes),
        attachments: picked.files,
      };
      await withRetries(() => sendMail(target, env(target.smtp_url_env), mail, timeoutMs), policy, attempts);
      return;
    }
    case "webhook": {
      const format = target.format ?? "generic";
      const secret = target.secret_env ? env(target.secret_env) : undefined;
      const through = http();
      await withRetries(
        // Signed anew per attempt: the platforms refuse a stale timestamp.
        () =>
          sendWebhook(
            format,
            webhookRequest(format, env(target.url_env), message, secret, options.now?.() ?? new Date()),
            through,
          ),
        policy,
        attempts,
      );
      return;
    }
    case "jira": {
      const issue = {
        base: env(target.url_env),
        issue: target.issue,
        credentials: { token: env(target.token_env), ...(target.user_env ? { user: env(target.user_env) } : {}) },
        http: http(),
      };
      const picked = pickAttachments(message, target.attach, target.max_attach_bytes ?? DEFAULT_MAX_ATTACH_BYTES);
      notAttached.push(...picked.notes);
      // Each call retried on its own: a comment that failed does not upload the files twice.
      if (picked.files.length) await withRetries(() => jiraAttach(issue, picked.files), policy, attempts);
      const comment = [`*${message.headline}*`, ...picked.notes, markdownToJiraWiki(message.summaryMd)].join("\n\n");
      await withRetries(() => jiraComment(issue, comment), policy, attempts);
      return;
    }
  }
}

/** The run's proxy settings apply to webhooks and Jira as to HSS; a proxy variable that is no URL fails the target. */
function proxyFetch(env: Record<string, string | undefined>): FetchLike {
  try {
    return createProxyFetch(env);
  } catch (error) {
    throw new StepError(error instanceof Error ? error.message : String(error), false);
  }
}
