// The command line of issue 4, mapped onto the run schema. Flags keep the names other tools rely on; list flags
// may be repeated or comma-separated (`--image-type cicd --image-type registry` = `--image-type cicd,registry`).
import { type Command, Option } from "commander";
import { formatIssues } from "../config/issues.js";
import { type RunConfig, runConfigSchema } from "../config/schema.js";
import { UsageError } from "../errors.js";
import { historyOutputOptions, keepOption } from "../history/flags.js";

/** Config key -> the flag that sets it, to name flags (not keys) in errors about the command line. */
export const FLAG_OF: Partial<Record<keyof RunConfig, string>> = {
  endpoint: "--endpoint",
  region: "--region",
  project_id: "--project-id",
  enterprise_project_id: "--enterprise-project-id",
  image_types: "--image-type",
  rules: "--rule",
  risk_levels: "--risk-level",
  lang: "--lang",
  format: "--format",
  out: "--out",
  fail_on: "--fail-on",
  demo: "--demo",
  quiet: "--quiet",
  allow_partial: "--allow-partial",
  concurrency: "--concurrency",
};

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
];

/** The options every report-writing command shares (`report`, later `report schedule`). */
export function addRunOptions(command: Command): Command {
  command
    .option("--endpoint <url>", "HSS endpoint URL (instead of --region), e.g. an emulator")
    .option("--region <region>", "Huawei Cloud region, e.g. cn-north-4")
    .option("--project-id <id>", "project ID (default: $HUAWEICLOUD_SDK_PROJECT_ID)")
    .option("--enterprise-project-id <id>", "enterprise project ID (all_granted_eps = every one)")
    .option("--image-type <type>", "cicd or registry; repeatable (default: both)", collect)
    .option("--rule <rule-id>", "only this rule; repeatable", collect)
    .option("--risk-level <level>", "only critical, high, medium or low; repeatable", collect)
    .option("--lang <lang>", "en-us or zh-cn: the report's and HSS's language (default: en-us)");
  for (const option of [...reportOutputOptions(), keepOption()]) command.addOption(option);
  return command
    .option("--config <file>", "JSON or YAML file with the same options (snake_case keys) and fleet scopes")
    .option("--demo", "read built-in demo data from the in-process emulator")
    .option("--allow-partial", "write a report even when some scopes of a fleet could not be read")
    .option("--concurrency <n>", "requests in flight at once across all scopes (default: 8)");
}

/** `--format`, `--out`, `--fail-on`, `--quiet`: shared with `render`. */
export function reportOutputOptions(): Option[] {
  return [
    new Option("--format <list>", "any of html,pdf,json,csv,md (md = summary.md; default: all)").argParser(collect),
    new Option("--out <dir>", "output folder (default: ./reports/<UTC timestamp>/)"),
    new Option("--fail-on <level>", "exit 4 when an unwaived finding is at or above this level"),
    new Option("--quiet", "no progress output"),
    ...historyOutputOptions(),
  ];
}

type Flags = Record<string, unknown>;

/** The values given on the command line, validated, as a (partial) run config. */
export function configFromFlags(flags: Flags): RunConfig {
  const raw: Record<string, unknown> = {
    endpoint: flags.endpoint,
    region: flags.region,
    project_id: flags.projectId,
    enterprise_project_id: flags.enterpriseProjectId,
    image_types: flags.imageType,
    rules: flags.rule,
    risk_levels: flags.riskLevel,
    lang: flags.lang,
    format: flags.format,
    out: flags.out,
    fail_on: flags.failOn,
    demo: flags.demo,
    quiet: flags.quiet,
    allow_partial: flags.allowPartial,
    concurrency: flags.concurrency === undefined ? undefined : parseCount(String(flags.concurrency)),
  };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  const parsed = runConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error, (path) => FLAG_OF[path[0] as keyof RunConfig] ?? String(path[0] ?? ""));
    throw new UsageError(lines.join("\n"));
  }
  return parsed.data;
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--concurrency: must be a whole number from 1 to 64 (got "${value}")`);
  return Number(value);
}

/** Command line over config file: a flag given wins over the same key in the file. */
export function mergeConfig(file: RunConfig, flags: RunConfig): RunConfig {
  return { ...file, ...flags };
}
