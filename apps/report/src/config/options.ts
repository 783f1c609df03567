// Every option of a report run, declared once. From this table come the run schema that validates the command
// line, the config file and options from code alike (config/schema.ts), the commander options of `report`,
// `render` and `schedule` with their help, the flag-to-key map that names flags in errors (cli/options.ts), and
// the option list in apps/report/README.md (cli/docs.ts; `pnpm --filter @hss-reports/report run options-doc` rewrites it,
// test/unit/options-doc.test.ts fails when it is stale).
//
// To add an option, add one entry to RUN_OPTIONS: its key (snake_case, as in the config file) and
//   schema   the zod schema of its value (config/values.ts holds the shared ones): the only validation;
//   help     one line for --help and the README;
//   flag     "--name <value>" (or "--name" for a boolean) when the command line takes it; none = config file only;
//   list     true: the flag repeats and takes commas (`--rule a,b --rule c`);
//   parse    turns the flag's text into the schema's type (e.g. wholeNumberText); throws a message without the flag;
//   default  the default as --help and the README show it (the code applying it names the same constant);
//   render   true: `render` (re-render saved evidence) takes the flag too; `report` and `schedule` take every flag;
//   oneOff   true: only on the command line of a one-off run: refused in a config file, not taken by `schedule`.
// Flags that are not run options (--config, --from, --cron ...) are in COMMAND_FLAGS below.
import { z } from "zod";
import {
  deliverTargetSchema,
  DELIVER_FLAG_ENV as ENV,
  emailAddressSchema,
  jiraIssueSchema,
  WEBHOOK_FORMAT_VALUES,
} from "./deliver.js";
import {
  credentialsRefSchema,
  DEFAULT_FORMATS,
  endpointSchema,
  enterpriseProjectIdSchema,
  FORMAT_VALUES,
  IMAGE_KIND_VALUES,
  LANG_VALUES,
  listOf,
  ms,
  oneOf,
  projectIdSchema,
  RISK_LEVEL_VALUES,
  rateLimitsSchema,
  regionSchema,
  retrySchema,
  scopeSchema,
  slaDaysSchema,
  wholeNumberSchema,
  wholeNumberText,
} from "./values.js";

/** Requests in flight at once across every scope (each listing reads its pages one at a time). */
export const DEFAULT_CONCURRENCY = 8;
/** The report's and HSS's language when none is given. */
export const DEFAULT_LANG = "en-us" satisfies (typeof LANG_VALUES)[number];

export interface OptionSpec {
  schema: z.ZodType;
  help: string;
  flag?: string;
  list?: true;
  parse?: (text: string) => unknown;
  default?: string;
  render?: true;
  /** The command line of a one-off run only (`report`, `render`): refused in a config file and by `schedule`. */
  oneOff?: true;
  /** Where a command's help or default differ from `report`'s (e.g. `schedule`'s --out is its history folder). */
  per?: Partial<Record<CommandName, { help?: string; default?: string }>>;
}

/** Runs a history folder keeps at most: a run an hour for over a year. */
export const MAX_KEEP = 10_000;

export const RUN_OPTIONS = {
  region: {
    schema: regionSchema,
    flag: "--region <region>",
    help: "Huawei Cloud region, e.g. cn-north-4",
  },
  endpoint: {
    schema: endpointSchema,
    flag: "--endpoint <url>",
    help: "HSS endpoint URL (instead of --region), e.g. an emulator",
  },
  project_id: {
    schema: projectIdSchema,
    flag: "--project-id <id>",
    help: "project ID",
    default: "$HUAWEICLOUD_SDK_PROJECT_ID",
  },
  enterprise_project_id: {
    schema: enterpriseProjectIdSchema,
    flag: "--enterprise-project-id <id>",
    help: "enterprise project ID (all_granted_eps = every one)",
  },
  image_types: {
    schema: listOf(oneOf(IMAGE_KIND_VALUES)),
    flag: "--image-type <type>",
    list: true,
    help: `${IMAGE_KIND_VALUES.join(" or ")}; repeatable`,
    default: "both",
  },
  rules: {
    schema: listOf(z.string().min(1, "must not be empty").max(64, "must be at most 64 characters")),
    flag: "--rule <rule-id>",
    list: true,
    help: "only this rule; repeatable",
    default: "every rule",
  },
  risk_levels: {
    schema: listOf(oneOf(RISK_LEVEL_VALUES)),
    flag: "--risk-level <level>",
    list: true,
    help: `only ${RISK_LEVEL_VALUES.slice(0, -1).join(", ")} or ${RISK_LEVEL_VALUES.at(-1)}; repeatable`,
    default: "every level",
  },
  lang: {
    schema: oneOf(LANG_VALUES),
    flag: "--lang <lang>",
    help: `${LANG_VALUES.join(" or ")}: the report's and HSS's language`,
    default: DEFAULT_LANG,
    render: true,
    per: { render: { help: `${LANG_VALUES.join(" or ")}: the language of the re-rendered report` } },
  },
  format: {
    schema: listOf(oneOf(FORMAT_VALUES)),
    flag: "--format <list>",
    list: true,
    help: `any of ${FORMAT_VALUES.join(",")} (md = summary.md; findings, sarif, junit: for other tools)`,
    default: DEFAULT_FORMATS.join(","),
    render: true,
  },
  out: {
    schema: z.string().min(1, "must not be empty"),
    flag: "--out <dir>",
    help: "output folder",
    default: "./reports/<UTC timestamp>/",
    render: true,
    per: { schedule: { help: "the history folder: one sub-folder per run", default: "./reports" } },
  },
  fail_on: {
    schema: oneOf(RISK_LEVEL_VALUES),
    flag: "--fail-on <level>",
    help: "the gate: exit 4 when an unwaived finding is at or above this level; every format states the verdict",
    render: true,
  },
  fail_on_overdue: {
    schema: z.boolean(),
    flag: "--fail-on-overdue",
    help: "exit 4 when an unwaived finding is past its level's SLA (sla_days)",
    render: true,
  },
  sla_days: {
    schema: slaDaysSchema,
    help: "days a finding of each level may stay open before it is overdue: { critical, high, medium, low }",
    default: "critical 7, high 30, medium 90, low 180",
  },
  /** Paths resolve against the working directory, like `out`. */
  waivers: {
    schema: z.string().min(1, "must name a YAML or JSON file"),
    flag: "--waivers <file>",
    help: "accepted risks (YAML or JSON): shown muted with reason and expiry, not counted by --fail-on",
    render: true,
  },
  waiver_warn_days: {
    schema: wholeNumberSchema(0, 365, "days"),
    flag: "--waiver-warn-days <n>",
    parse: wholeNumberText,
    help: "warn about a waiver in use this many days before it expires (CLI, summary.md)",
    default: "14",
    render: true,
  },
  baseline: {
    schema: z.string().min(1, "must name an evidence.json file"),
    flag: "--baseline <file>",
    help: "evidence.json of an earlier run of the same scopes: report new and resolved findings since then (no scope in common: exit 2)",
    render: true,
  },
  keep: {
    schema: wholeNumberSchema(1, MAX_KEEP, "runs"),
    flag: "--keep <n>",
    parse: wholeNumberText,
    help: `keep the newest N runs (1 to ${MAX_KEEP}): --out becomes a history folder (a sub-folder per run, latest, index.html) that remembers N: a later run without --keep keeps the same number, another --keep changes it`,
  },
  demo: {
    schema: z.boolean(),
    flag: "--demo",
    help: "read built-in demo data from the in-process emulator",
  },
  quiet: {
    schema: z.boolean(),
    flag: "--quiet",
    help: "no progress output (warnings, the --fail-on verdict and errors are still printed)",
    render: true,
  },
  debug: {
    schema: z.boolean(),
    flag: "--debug",
    help: "print the stack of an unexpected error (exit 1) after its one-line message",
    render: true,
  },
  reveal_secrets: {
    schema: z.boolean(),
    flag: "--reveal-secrets",
    help: "keep the secret values found in build instructions (masked by default); every page then says it holds unmasked secrets",
    render: true,
    oneOff: true,
  },
  allow_partial: {
    schema: z.boolean(),
    flag: "--allow-partial",
    help: "write a report even when some scopes of a fleet could not be read (marked PARTIAL, exit 6)",
  },
  concurrency: {
    schema: wholeNumberSchema(1, 64),
    flag: "--concurrency <n>",
    parse: wholeNumberText,
    help: "requests in flight at once across all scopes",
    default: String(DEFAULT_CONCURRENCY),
  },
  rate_limits: {
    schema: rateLimitsSchema,
    help: "requests per second per region or endpoint host, over all its scopes (e.g. { cn-north-4: 5 })",
    default: "10 per region, loopback unpaced",
  },
  timeout_ms: {
    schema: ms(1, 600_000),
    help: "per attempt, body included, in milliseconds",
    default: "30000",
  },
  retry: {
    schema: retrySchema,
    help: "the client's retry policy: max_attempts, base_delay_ms, max_delay_ms, max_elapsed_ms, throttle_delay_ms, max_retry_after_ms",
    default: "as in @hss-reports/api",
  },
  /** Plain http to hosts other than loopback: credentials then cross the network unencrypted. */
  allow_insecure_http: {
    schema: z.boolean(),
    help: "true allows plain http to hosts other than loopback (credentials in clear; warned on every run)",
  },
  credentials: {
    schema: credentialsRefSchema,
    help: "names of the environment variables holding the credentials (token_env, ak_env, sk_env ...)",
    default: "the standard variables",
  },
  scopes: {
    schema: listOf(scopeSchema),
    help: "several projects and regions in one fleet report (region or endpoint, project_id, ...)",
  },
  deliver: {
    schema: z.array(deliverTargetSchema),
    help: "where the written report goes: email, webhook (generic, slack, feishu, dingtalk, wecom) and jira targets, each naming the variables that hold its URL and secrets",
  },
  mail_to: {
    schema: listOf(emailAddressSchema),
    flag: "--mail-to <address>",
    list: true,
    help: `after the run, e-mail the summary with report.pdf and summary.md attached; repeatable (SMTP URL from $${ENV.smtpUrl})`,
    render: true,
  },
  mail_from: {
    schema: emailAddressSchema,
    flag: "--mail-from <address>",
    help: "sender address of --mail-to",
    default: `$${ENV.mailFrom}`,
    render: true,
  },
  notify: {
    schema: oneOf(WEBHOOK_FORMAT_VALUES),
    flag: "--notify <format>",
    help: `after the run, post to the webhook in $${ENV.hookUrl} as ${WEBHOOK_FORMAT_VALUES.join(", ")} ($${ENV.hookSecret} signs feishu and dingtalk)`,
    render: true,
  },
  attach_to: {
    schema: listOf(
      z.string().refine((value) => value.startsWith("jira:") && jiraIssueSchema.safeParse(value.slice(5)).success, {
        message: "must be jira:<issue key>, such as jira:AUDIT-123",
      }),
    ),
    flag: "--attach-to <target>",
    list: true,
    help: `after the run, attach report.pdf and summary.md to a Jira issue and comment the summary: jira:AUDIT-123 ($${ENV.jiraUrl}, $${ENV.jiraToken}; with $${ENV.jiraUser} too: Jira Cloud basic auth)`,
    render: true,
  },
} as const satisfies Record<string, OptionSpec>;

export type RunOptionKey = keyof typeof RUN_OPTIONS;

export type CommandName = "report" | "render" | "schedule";

/** Flags of a command that are not run options: they say where options come from or when to run. */
export interface CommandFlag {
  flag: string;
  help: string;
  commands: readonly CommandName[];
  required?: true;
  default?: string;
}

export const COMMAND_FLAGS: readonly CommandFlag[] = [
  {
    flag: "--config <file>",
    help: "JSON or YAML file with the same options (snake_case keys) and fleet scopes",
    commands: ["report", "render", "schedule"],
  },
  { flag: "--from <file>", help: "evidence.json written by an earlier run", commands: ["render"], required: true },
  {
    flag: "--cron <expr>",
    help: 'cron expression: 5 fields, or 6 with seconds first (e.g. "0 6 * * 1-5")',
    commands: ["schedule"],
    required: true,
  },
  {
    flag: "--tz <zone>",
    help: "IANA time zone the expression is read in",
    commands: ["schedule"],
    default: "the machine's",
  },
  { flag: "--run-now", help: "run once right away, then on schedule", commands: ["schedule"] },
];

/** Whether `command` takes the run option's flag. */
export function takesFlag(spec: OptionSpec, command: CommandName): boolean {
  if (spec.flag === undefined || (command === "schedule" && spec.oneOff)) return false;
  return command !== "render" || spec.render === true;
}

/** The option's help and default as `command` shows them (its own where they differ, `report`'s otherwise). */
export function helpOf(spec: OptionSpec, command: CommandName): { help: string; default?: string } {
  const own = spec.per?.[command];
  const value = own && "default" in own ? own.default : spec.default;
  return { help: own?.help ?? spec.help, ...(value === undefined ? {} : { default: value }) };
}
