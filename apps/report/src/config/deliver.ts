// The `deliver:` targets of a run, as zod schemas: e-mail, webhook, Jira. Like scope credentials, a target names the
// environment variables that hold its URL and secrets, never the values.
import { z } from "zod";
import { envNameSchema, FORMAT_VALUES, listOf, maxAttemptsSchema, ms, oneOf, strict } from "./values.js";

/** When a target is sent to: every run, runs with an unwaived finding, runs whose findings changed since the
 * previous run (the first run counts as a change), or runs whose `fail_on` gate failed. */
export const DELIVER_WHEN_VALUES = ["always", "findings", "changes", "gate-failed"] as const;
export const WEBHOOK_FORMAT_VALUES = ["generic", "slack", "feishu", "dingtalk", "wecom"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMAT_VALUES)[number];
/** Platforms that sign their custom-bot webhooks with a secret (DingTalk and Feishu document it; the others not). */
export const SIGNED_WEBHOOK_FORMATS: readonly WebhookFormat[] = ["feishu", "dingtalk"];

export const emailAddressSchema = z.email("must be an e-mail address such as secops@example.com");
export const jiraIssueSchema = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]*-[1-9]\d*$/, "must be a Jira issue key such as AUDIT-123");

/** Keys every target has: when to send, the retry bound, the timeout. */
const common = {
  when: oneOf(DELIVER_WHEN_VALUES).optional(),
  /** Attempts in all; a failed one waits `retry_delay_ms`, doubled before each further one (default 3, 2 s). */
  max_attempts: maxAttemptsSchema.optional(),
  retry_delay_ms: ms(0, 60_000).optional(),
  /** Per attempt (default 30 s). */
  timeout_ms: ms(1, 600_000).optional(),
};
const attachments = {
  attach: listOf(oneOf(FORMAT_VALUES)).optional(),
  /** Attachments together above this many bytes are left out and named in the message instead (default 10 MB). */
  max_attach_bytes: z.int("must be a whole number of bytes").min(0, "must be at least 0").optional(),
};
const secretHint = (key: string) =>
  ["url", "smtp_url", "password", "token", "secret", "user"].includes(key)
    ? `Secrets never go in the config file: name the environment variable that holds it (${key}_env)`
    : undefined;

export const emailTargetSchema = strict(
  {
    type: z.literal("email"),
    /** Names the variable holding `smtp://user:pass@host:587` or `smtps://...`: the URL holds the password. */
    smtp_url_env: envNameSchema,
    from: emailAddressSchema,
    to: listOf(emailAddressSchema),
    cc: listOf(emailAddressSchema).optional(),
    ...attachments,
    ...common,
  },
  secretHint,
);
export const webhookTargetSchema = strict(
  {
    type: z.literal("webhook"),
    /** The webhook URL carries its own token (access_token, key, path): only the variable is named. */
    url_env: envNameSchema,
    format: oneOf(WEBHOOK_FORMAT_VALUES).optional(),
    secret_env: envNameSchema.optional(),
    ...common,
  },
  secretHint,
).refine((target) => !target.secret_env || SIGNED_WEBHOOK_FORMATS.includes(target.format ?? "generic"), {
  message: `secret_env signs ${SIGNED_WEBHOOK_FORMATS.join(" and ")} webhooks only (the platforms that document signing)`,
  path: ["secret_env"],
});
export const jiraTargetSchema = strict(
  {
    type: z.literal("jira"),
    url_env: envNameSchema,
    issue: jiraIssueSchema,
    /** With `token_env`: basic auth (Jira Cloud: account e-mail + API token); `token_env` alone: bearer PAT (DC). */
    user_env: envNameSchema.optional(),
    token_env: envNameSchema,
    ...attachments,
    ...common,
  },
  secretHint,
);
export const deliverTargetSchema = z.discriminatedUnion(
  "type",
  [emailTargetSchema, webhookTargetSchema, jiraTargetSchema],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `type must be one of email, webhook, jira (got ${JSON.stringify((issue.input as { type?: unknown })?.type)})`
        : undefined,
  },
);
export type DeliverTarget = z.infer<typeof deliverTargetSchema>;
export type EmailTarget = z.infer<typeof emailTargetSchema>;
export type WebhookTarget = z.infer<typeof webhookTargetSchema>;
export type JiraTarget = z.infer<typeof jiraTargetSchema>;

/** The variables the one-off flags (--mail-to, --notify, --attach-to) read, as the README documents them. */
export const DELIVER_FLAG_ENV = {
  smtpUrl: "HSS_SMTP_URL",
  mailFrom: "HSS_MAIL_FROM",
  hookUrl: "HSS_HOOK_URL",
  hookSecret: "HSS_HOOK_SECRET",
  jiraUrl: "JIRA_URL",
  jiraUser: "JIRA_USER",
  jiraToken: "JIRA_TOKEN",
} as const;
