// Bad input: every invalid flag, config value and environment value ends the run with exit 2 before
// anything is sent, and the message names what was wrong and what is allowed. Limits come from the spec's
// constraints (`operations` of @hss-reports/api) where the option maps onto an API parameter.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { operations } from "@hss-reports/api/spec";
import { afterAll, beforeAll, describe, it } from "vitest";
import { MAX_KEEP } from "../../src/config/options.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";

type Schema = { maxLength?: number; minLength?: number; enum?: readonly string[] };

function specOf(operation: keyof typeof operations, name: string): Schema {
  const parameter = operations[operation].parameters.find((p) => p.name === name);
  if (!parameter) throw new Error(`${operation} has no parameter ${name}`);
  return parameter.schema as Schema;
}

const projectId = specOf("ListImageBuildCommandRisks", "project_id");
const enterpriseProjectId = specOf("ListImageBuildCommandRisks", "enterprise_project_id");
const ruleId = specOf("ListImageBuildCommandRisksImages", "rule_id");
const imageType = specOf("ListImageBuildCommandRisks", "image_type");
const riskLevel = specOf("ListImageBuildCommandRisks", "risk_level");
const language = specOf("ListImageBuildCommandRisks", "X-Language");
const tooLong = (schema: Schema) => "x".repeat((schema.maxLength ?? 0) + 1);
/** A whole number past 2^53, which JavaScript cannot hold exactly. */
const HUGE = "99999999999999999999";

// Nothing listens there: a case that got as far as the network would exit 3, not 2.
const ENDPOINT = "http://127.0.0.1:9";
const TOKEN_ENV = { HSS_AUTH_TOKEN: "tok-inputs-not-a-secret-0001" };

interface InputCase {
  name: string;
  args?: string[];
  /** Config file contents (YAML/JSON), passed with --config. */
  config?: string;
  /** The config file's extension: yaml unless told. */
  configExt?: "json" | "yml";
  env?: Record<string, string>;
  /** What the message must name, and what it must say is allowed. */
  names: RegExp;
  allowed: RegExp;
  /** The whole message is one line. */
  oneLine?: true;
  /** No --out flag: the config file gives it. */
  outInConfig?: true;
}

const run = (args: string[]): string[] => ["--endpoint", ENDPOINT, "--project-id", "p1", ...args];

const flagCases: InputCase[] = [
  {
    name: `--project-id longer than the spec's ${projectId.maxLength}`,
    args: ["--endpoint", ENDPOINT, "--project-id", tooLong(projectId)],
    names: /--project-id/,
    allowed: new RegExp(`at most ${projectId.maxLength} characters`),
  },
  {
    name: "--project-id empty",
    args: ["--endpoint", ENDPOINT, "--project-id", ""],
    names: /--project-id/,
    allowed: /must not be empty/,
  },
  {
    name: `--enterprise-project-id longer than ${enterpriseProjectId.maxLength}`,
    args: run(["--enterprise-project-id", tooLong(enterpriseProjectId)]),
    names: /--enterprise-project-id/,
    allowed: new RegExp(`at most ${enterpriseProjectId.maxLength} characters`),
  },
  {
    name: `--rule longer than the spec's ${ruleId.maxLength}`,
    args: run(["--rule", tooLong(ruleId)]),
    names: /--rule/,
    allowed: new RegExp(`at most ${ruleId.maxLength} characters`),
  },
  { name: "--rule with no value", args: run(["--rule", ","]), names: /--rule/, allowed: /at least one value/ },
  {
    name: "--image-type outside the spec's enum",
    args: run(["--image-type", "floppy"]),
    names: /--image-type/,
    allowed: /cicd, registry/,
  },
  {
    name: "--image-type the spec knows but the report does not take",
    args: run(["--image-type", imageType.enum?.find((v) => v !== "cicd" && v !== "registry") ?? "harbor"]),
    names: /--image-type/,
    allowed: /cicd, registry/,
  },
  {
    name: "--risk-level outside the spec's enum",
    args: run(["--risk-level", "extreme"]),
    names: /--risk-level/,
    allowed: new RegExp((riskLevel.enum ?? []).join(", ")),
  },
  {
    name: "--lang",
    args: run(["--lang", "fr-fr"]),
    names: /--lang/,
    allowed: new RegExp((language.enum ?? []).join(", ")),
  },
  {
    name: "--format",
    args: run(["--format", "html,docx"]),
    names: /--format/,
    allowed: /html, pdf, json, csv, findings, sarif, junit, md/,
  },
  { name: "--fail-on", args: run(["--fail-on", "severe"]), names: /--fail-on/, allowed: /critical, high, medium, low/ },
  { name: "--concurrency 0", args: run(["--concurrency", "0"]), names: /--concurrency/, allowed: /from 1 to 64/ },
  { name: "--concurrency 65", args: run(["--concurrency", "65"]), names: /--concurrency/, allowed: /from 1 to 64/ },
  { name: "--concurrency abc", args: run(["--concurrency", "abc"]), names: /--concurrency/, allowed: /number|integer/ },
  // Past 2^53 too: one line with the flag, the range and the text given, nothing of the validator's own words.
  ...(
    [
      ["--concurrency", "a whole number from 1 to 64"],
      ["--waiver-warn-days", "a whole number of days from 0 to 365"],
      ["--keep", `a whole number of runs from 1 to ${MAX_KEEP}`],
    ] as const
  ).map(([flag, range]) => ({
    name: `${flag} beyond 2^53`,
    args: run([flag, HUGE]),
    names: new RegExp(`^usage error: ${flag}: `),
    allowed: new RegExp(`must be ${range} \\(got "${HUGE}"\\)$`, "m"),
    oneLine: true as const,
  })),
  {
    name: "--keep above its maximum",
    args: run(["--keep", String(MAX_KEEP + 1)]),
    names: /^usage error: --keep: /,
    allowed: new RegExp(`from 1 to ${MAX_KEEP} \\(got ${MAX_KEEP + 1}\\)$`, "m"),
    oneLine: true,
  },
  { name: "--region", args: ["--region", "Mars-1", "--project-id", "p1"], names: /--region/, allowed: /cn-north-4/ },
  {
    name: "--endpoint not a URL",
    args: ["--endpoint", "not a url", "--project-id", "p1"],
    names: /--endpoint/,
    allowed: /https/,
  },
  {
    name: "--endpoint ftp",
    args: ["--endpoint", "ftp://127.0.0.1/", "--project-id", "p1"],
    names: /--endpoint/,
    allowed: /https/,
  },
  {
    name: "--endpoint with user and password",
    args: ["--endpoint", "https://user:pw@hss.example.com", "--project-id", "p1"],
    names: /--endpoint/,
    allowed: /without user or password/,
  },
  {
    name: "--region and --endpoint",
    args: [...run([]), "--region", "cn-north-4"],
    names: /--region.*--endpoint/,
    allowed: /not both/,
  },
  // Named as the user gave them: the flags, not the config keys they set.
  {
    name: "--demo with a scope",
    args: ["--demo", "--region", "cn-north-4"],
    names: /--demo/,
    allowed: /cannot be combined with --region$/m,
  },
  {
    name: "--demo with --project-id",
    args: ["--demo", "--project-id", "x"],
    names: /--demo/,
    allowed: /cannot be combined with --project-id$/m,
  },
  { name: "unknown flag", args: run(["--bogus"]), names: /--bogus/, allowed: /--help/ },
  {
    name: "--out is a file",
    args: run(["--out", "config-file-that-exists.yaml"]),
    names: /--out/,
    allowed: /not a directory/,
  },
  // A recursive mkdir there never returns: refused at once instead of hanging after the API calls.
  ...(existsSync("/proc/self")
    ? [
        {
          name: "--out under /proc",
          args: run(["--out", "/proc/hss-report/out"]),
          names: /--out \/proc/,
          allowed: /writable file system/,
        },
      ]
    : []),
];

const configCases: InputCase[] = [
  { name: "config: lang", config: "lang: fr\n", names: /lang/, allowed: /en-us, zh-cn/ },
  {
    name: "config: image_types empty",
    config: "image_types: []\n",
    names: /image_types/,
    allowed: /at least one value/,
  },
  { name: "config: format not a list", config: "format: html\n", names: /format/, allowed: /array|list/ },
  {
    name: "config: risk_levels",
    config: "risk_levels: [high, extreme]\n",
    names: /risk_levels\[1\]/,
    allowed: /critical, high, medium, low/,
  },
  {
    name: "config: rules too long",
    config: `rules: [${tooLong(ruleId)}]\n`,
    names: /rules\[0\]/,
    allowed: new RegExp(`at most ${ruleId.maxLength}`),
  },
  { name: "config: concurrency", config: "concurrency: 0\n", names: /concurrency/, allowed: /from 1 to 64/ },
  {
    name: "config: concurrency beyond 2^53",
    config: `concurrency: ${HUGE}\n`,
    // The file's header and one line for the key, not one per check the value misses.
    names: /^ {2}concurrency: must be a whole number from 1 to 64 \(got \d+\)$/m,
    allowed: /^[^\n]*\n[^\n]*\n?$/,
  },
  { name: "config: timeout_ms", config: "timeout_ms: 0\n", names: /timeout_ms/, allowed: /from 1 to/ },
  {
    name: "config: retry.max_attempts",
    config: "retry: { max_attempts: 0 }\n",
    names: /retry\.max_attempts/,
    allowed: /from 1 to 10/,
  },
  {
    name: "config: retry unknown key",
    config: "retry: { attempts: 3 }\n",
    names: /retry.*"attempts"/,
    allowed: /max_attempts/,
  },
  {
    name: "config: allow_insecure_http not a boolean",
    config: "allow_insecure_http: yes please\n",
    names: /allow_insecure_http/,
    allowed: /boolean/,
  },
  {
    name: "config: camelCase key",
    config: "imageTypes: [cicd]\n",
    names: /"imageTypes"/,
    allowed: /Did you mean "image_types"/,
  },
  {
    name: "config: unknown key",
    config: "colour: red\n",
    names: /"colour"/,
    allowed: /allowed keys: region, endpoint/,
  },
  {
    name: "config: scope without region or endpoint",
    config: "scopes:\n  - project_id: p1\n",
    names: /scopes\[0\]/,
    allowed: /region or endpoint/,
  },
  {
    name: "config: scope project_id too long",
    config: `scopes:\n  - region: cn-north-4\n    project_id: ${tooLong(projectId)}\n`,
    names: /scopes\[0\]\.project_id/,
    allowed: new RegExp(`at most ${projectId.maxLength}`),
  },
  {
    name: "config: credentials env name",
    config: "credentials: { token_env: 'not a name' }\n",
    names: /credentials\.token_env/,
    allowed: /name of an environment variable/,
  },
  { name: "config: not YAML", config: "lang: [en-us\n", names: /--config/, allowed: /not valid JSON or YAML/ },
  {
    name: "config: .json with a trailing comma (which YAML would take)",
    config: '{"lang":"en-us",}',
    configExt: "json",
    names: /^usage error: --config \S+config-\d+\.json: /,
    allowed: /not valid JSON: .+ at line 1, column 17$/m,
    oneLine: true,
  },
  ...[
    ["block", Array.from({ length: 5000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")],
    ["flow", `{"lang": ${"[".repeat(5000)}${"]".repeat(5000)}}`],
  ].map(([style, config]) => ({
    name: `config: 5000 levels deep, ${style} style`,
    config,
    configExt: "yml" as const,
    names: /^usage error: --config \S+config-\d+\.yml: /,
    allowed: /nested too deep \(at most \d+ levels/,
    oneLine: true as const,
  })),
  { name: "config: not a mapping", config: "- lang\n", names: /--config/, allowed: /mapping of option names/ },
  {
    name: "config: duplicate key",
    config: "lang: en-us\nlang: zh-cn\n",
    names: /--config/,
    allowed: /unique|Map keys/,
  },
];

// With --config: an option the file gave is named by its key in that file, one from a flag by the flag.
const mixedCases: InputCase[] = [
  {
    name: "--demo with region in the config file",
    args: ["--demo"],
    config: "region: cn-north-4\n",
    names: /^usage error: --demo /m,
    allowed: /cannot be combined with region in \S+config-\d+\.yaml$/m,
  },
  {
    name: "demo in the config file with --region",
    args: ["--region", "cn-north-4"],
    config: "demo: true\n",
    names: /^usage error: demo in \S+config-\d+\.yaml /m,
    allowed: /cannot be combined with --region$/m,
  },
  {
    name: "--region with endpoint in the config file",
    args: ["--region", "cn-north-4", "--project-id", "p1"],
    config: `endpoint: ${ENDPOINT}\n`,
    names: /give --region or endpoint in \S+config-\d+\.yaml/,
    allowed: /not both/,
  },
  {
    name: "out in the config file is a file",
    config: "out: config-file-that-exists.yaml\n",
    outInConfig: true,
    names: /^usage error: out in \S+config-\d+\.yaml \(\S+config-file-that-exists\.yaml\): /,
    allowed: /exists and is not a directory$/m,
    oneLine: true,
  },
];

const envCases: InputCase[] = [
  {
    name: "env: AK without SK",
    args: run([]),
    env: { HUAWEICLOUD_SDK_AK: "AKINPUTS0000000000001" },
    names: /HUAWEICLOUD_SDK_SK/,
    allowed: /AK\/SK signing needs/,
  },
  {
    name: "env: security token without AK/SK",
    args: run([]),
    env: { HUAWEICLOUD_SDK_SECURITY_TOKEN: "sts-inputs-0001" },
    names: /HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
    allowed: /AK\/SK signing needs/,
  },
  {
    name: "env: IAM user without password and domain",
    args: run([]),
    env: { HSS_IAM_USER: "someone" },
    names: /HSS_IAM_PASSWORD, HSS_IAM_DOMAIN/,
    allowed: /IAM password authentication needs/,
  },
  {
    name: "env: project id without credentials",
    args: ["--format", "json"],
    env: { HUAWEICLOUD_SDK_PROJECT_ID: "p1" },
    names: /HUAWEICLOUD_SDK_PROJECT_ID/,
    allowed: /set HSS_AUTH_TOKEN, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/,
  },
  {
    name: `env: HUAWEICLOUD_SDK_PROJECT_ID longer than ${projectId.maxLength}`,
    args: ["--endpoint", ENDPOINT],
    env: { ...TOKEN_ENV, HUAWEICLOUD_SDK_PROJECT_ID: tooLong(projectId) },
    names: /HUAWEICLOUD_SDK_PROJECT_ID/,
    allowed: new RegExp(`at most ${projectId.maxLength} characters`),
  },
  {
    name: "env: HSS_IAM_ENDPOINT not a URL",
    args: run([]),
    env: { HSS_IAM_USER: "u", HSS_IAM_PASSWORD: "pw-inputs-0001", HSS_IAM_DOMAIN: "d", HSS_IAM_ENDPOINT: "iam here" },
    names: /iamEndpoint|HSS_IAM_ENDPOINT/,
    allowed: /absolute URL/,
  },
  {
    name: "env: password auth with no IAM endpoint or region",
    args: run([]),
    env: { HSS_IAM_USER: "u", HSS_IAM_PASSWORD: "pw-inputs-0001", HSS_IAM_DOMAIN: "d" },
    names: /HSS_IAM_ENDPOINT/,
    allowed: /or a region/,
  },
  {
    name: "env: credentials but no project",
    args: ["--endpoint", ENDPOINT],
    env: TOKEN_ENV,
    names: /--project-id/,
    allowed: /HUAWEICLOUD_SDK_PROJECT_ID/,
  },
];

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
  await writeFile(join(work.dir, "config-file-that-exists.yaml"), "lang: en-us\n");
});
afterAll(async () => {
  await work?.cleanup();
});

describe("bad input: exit 2, naming it and what is allowed", () => {
  let n = 0;
  it.concurrent.for([...flagCases, ...configCases, ...mixedCases, ...envCases])("$name", async (input, { expect }) => {
    const args = [...(input.args ?? run([]))];
    if (input.config !== undefined) {
      const file = join(work.dir, `config-${++n}.${input.configExt ?? "yaml"}`);
      await writeFile(file, input.config, { mode: 0o600 });
      args.push("--config", file);
    }
    if (!args.includes("--out") && !input.outInConfig) args.push("--out", join(work.dir, "never"));
    const result = await runCli([...args, "--format", "json"], {
      env: input.env ?? TOKEN_ENV,
      cwd: work.dir,
    });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(input.names);
    expect(result.stderr).toMatch(input.allowed);
    expect(result.stdout).toBe("");
    if (input.oneLine) expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});

describe("fixed-value flags in any case", () => {
  // The documented values are lower case; a flag typed in another case reads the same data as its documented case.
  const upper = ["--risk-level", "CRITICAL,High", "--image-type", "CICD", "--fail-on", "HIGH", "--lang", "EN-US"];
  const lower = upper.map((arg) => (arg.startsWith("--") ? arg : arg.toLowerCase()));

  it("--risk-level CRITICAL, --image-type CICD, --fail-on HIGH, --lang EN-US, --format JSON: as in lower case", async ({
    expect,
  }) => {
    const parameters: unknown[] = [];
    for (const [name, args, format] of [
      ["upper", upper, "JSON"],
      ["lower", lower, "json"],
    ] as const) {
      const out = join(work.dir, `case-${name}`);
      const result = await runCli(["--demo", ...args, "--format", format, "--out", out], { cwd: work.dir });
      // The demo has high findings: the gate fails, the report is written.
      expect(result.code, result.stderr).toBe(4);
      const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as {
        run: { parameters: Record<string, unknown> };
        responses: { query: unknown }[];
      };
      parameters.push({ parameters: evidence.run.parameters, queries: evidence.responses.map((r) => r.query) });
    }
    expect(parameters[0]).toEqual(parameters[1]);
    expect((parameters[1] as { parameters: unknown }).parameters).toMatchObject({
      riskLevels: ["critical", "high"],
      imageTypes: ["cicd"],
      failOn: "high",
    });
  });

  it("a value that is none of them in any case is still refused, naming the values", async ({ expect }) => {
    const result = await runCli(["--demo", "--risk-level", "SEVERE", "--out", join(work.dir, "never")], {
      cwd: work.dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--risk-level/);
    expect(result.stderr).toMatch(/critical, high, medium, low/);
  });
});
