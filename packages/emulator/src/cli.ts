#!/usr/bin/env node
// `pnpm emulator`: runs the HSS emulator until Ctrl-C and prints where it listens and how to call it.
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { isRegionId } from "@hss-reports/api";
import { parseFaultSpec } from "./faults.js";
import type { EmulatorOptions, EmulatorProject } from "./options.js";
import { startEmulator } from "./server.js";

const HELP = `Usage: pnpm emulator [options]

A local HTTP emulator of Huawei Cloud HSS (ListImageBuildCommandRisks, ListImageBuildCommandRisksImages)
and of IAM's POST /v3/auth/tokens.

Options:
  --port N            port to listen on (default 8787; 0 picks a free one)
  --host H            address to listen on (default 127.0.0.1)
  --images N          affected images per project (default 240)
  --seed S            seed of the generated data (default "demo")
  --project ID[@REGION]  serve this project (repeatable; default one project derived from the seed)
  --token T           accept this X-Auth-Token (repeatable; default the demo token)
  --ak AK --sk SK     accept SDK-HMAC-SHA256 signatures with this key pair (default the demo pair)
  --security-token T  make --ak/--sk temporary credentials that need X-Security-Token: T
  --rate-limit R      requests per second per project; more get 429 APIG.0308 with Retry-After
  --no-retry-after    send the rate limit's 429 without Retry-After
  --latency MS        delay every answer by MS milliseconds
  --faults SPEC       inject faults (repeatable, or separated by ";"), e.g.
                        --faults "5xx:rate=0.05" --faults "reset:nth=3+7,endpoint=images"
                      faults: throttle (429; retryAfter=N|none), 5xx (status=500|502|503|504), reset, truncate,
                        schema, latency (ms=N), drift (total_num changes; delta=N), expire (IAM tokens expire)
                      triggers: nth=N[+N...], every=K, rate=P (0..1), from=N, times=M; endpoint=rules|images,
                        project=ID
  --hostile           adversarial data: markup, formulas, control and bidi characters, maximum lengths
  --mutate-every S    move the scans on every S seconds, as between two scheduled scans: some findings
                        resolved, new ones, ~2% new images (so successive reports show changes)
  --quiet             do not log requests
  --help              show this help
`;

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  }
  return Number(value);
}

function parseProject(value: string): EmulatorProject {
  const [projectId = "", region] = value.split("@");
  if (projectId.length < 1 || projectId.length > 256 || /[/?#\s]/.test(projectId)) {
    throw new UsageError(
      `--project takes ID[@REGION] with an ID of 1 to 256 characters and no / ? # or spaces, got "${value}"`,
    );
  }
  if (region !== undefined && !isRegionId(region)) {
    throw new UsageError(`--project: "${region}" is not a region id like cn-north-4`);
  }
  return region === undefined ? { projectId } : { projectId, region };
}

/** The emulator's options, plus what only the program does (`--mutate-every`, in seconds). */
export type CliOptions = EmulatorOptions & { mutateEverySeconds?: number };

export function parseCli(argv: readonly string[]): CliOptions | "help" {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (cause) {
    throw new UsageError((cause as Error).message);
  }
  const { values } = parsed;
  if (values.help) return "help";
  if ((values.ak === undefined) !== (values.sk === undefined)) throw new UsageError("--ak and --sk go together");
  if (values["security-token"] !== undefined && values.ak === undefined) {
    throw new UsageError("--security-token needs --ak and --sk");
  }
  const options: CliOptions = {
    port: integer("port", values.port, 0, 65_535) ?? 8787,
    host: values.host ?? "127.0.0.1",
    images: integer("images", values.images, 0, 50_000_000) ?? 240,
    seed: values.seed ?? "demo",
    log: !values.quiet,
  };
  if (values.project) options.projects = values.project.map(parseProject);
  if (values.token) {
    for (const token of values.token) {
      if (token.length < 1 || token.length > 32_768) throw new UsageError("--token must have 1 to 32,768 characters");
    }
    options.tokens = values.token;
  }
  if (values.ak !== undefined && values.sk !== undefined) {
    options.credentials = [
      values["security-token"] === undefined
        ? { ak: values.ak, sk: values.sk }
        : { ak: values.ak, sk: values.sk, securityToken: values["security-token"] },
    ];
  }
  const rate = integer("rate-limit", values["rate-limit"], 1, 1_000_000);
  if (rate !== undefined) options.rateLimit = { perSecond: rate, retryAfter: !values["no-retry-after"] };
  const latency = integer("latency", values.latency, 0, 600_000);
  if (latency !== undefined) options.latencyMs = latency;
  if (values.faults) {
    try {
      options.faults = parseFaultSpec(values.faults);
    } catch (cause) {
      throw new UsageError(`--faults: ${(cause as Error).message}`);
    }
  }
  if (values.hostile) options.hostile = true;
  const every = integer("mutate-every", values["mutate-every"], 1, 86_400);
  if (every !== undefined) options.mutateEverySeconds = every;
  return options;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      images: { type: "string" },
      seed: { type: "string" },
      project: { type: "string", multiple: true },
      token: { type: "string", multiple: true },
      ak: { type: "string" },
      sk: { type: "string" },
      "security-token": { type: "string" },
      "rate-limit": { type: "string" },
      "no-retry-after": { type: "boolean" },
      latency: { type: "string" },
      faults: { type: "string", multiple: true },
      hostile: { type: "boolean" },
      "mutate-every": { type: "string" },
      quiet: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}

async function main(): Promise<void> {
  let options: CliOptions | "help";
  try {
    options = parseCli(process.argv.slice(2));
  } catch (cause) {
    if (!(cause instanceof UsageError)) throw cause;
    process.stderr.write(`hss-emulator: ${cause.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return;
  }
  const emulator = await startEmulator(options);
  const credentialNote =
    options.tokens || options.credentials ? "(as given on the command line)" : "(demo credentials, not secrets)";
  process.stdout.write(
    [
      `HSS emulator listening on ${emulator.url}`,
      `  seed ${String(options.seed)}, ${options.images} affected images per project${options.hostile ? ", hostile data" : ""}`,
      ...(options.mutateEverySeconds !== undefined
        ? [`  the scans move on every ${options.mutateEverySeconds} s (--mutate-every)`]
        : []),
      ...emulator.projects.map((p) => `  project ${p.projectId} (${p.region})`),
      `Credentials ${credentialNote}:`,
      `  X-Auth-Token: ${emulator.token}`,
      `  AK/SK:        ${emulator.ak} / ${emulator.sk}`,
      `  IAM user:     ${emulator.iamUser.name} / ${emulator.iamUser.password} (domain ${emulator.iamUser.domain}), POST ${emulator.url}/v3/auth/tokens`,
      "Try:",
      `  curl -H 'X-Auth-Token: ${emulator.token}' '${emulator.url}/v5/${emulator.projectId}/image/build-command-risks?image_type=registry&limit=10'`,
      `  curl -H 'X-Auth-Token: ${emulator.token}' -H 'X-Language: zh-cn' '${emulator.url}/v5/${emulator.projectId}/image/build-command-risks/images?image_type=registry&rule_id=BCR-0001&limit=10'`,
      "Ctrl-C stops it.",
      "",
    ].join("\n"),
  );
  let timer: NodeJS.Timeout | undefined;
  if (options.mutateEverySeconds !== undefined) {
    let revision = 0;
    timer = setInterval(() => {
      emulator.mutate();
      revision++;
      process.stdout.write(`scans moved on: revision ${revision} (findings resolved and new, new images first)\n`);
    }, options.mutateEverySeconds * 1000);
  }
  const stop = () => {
    clearInterval(timer);
    emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

// Run only as a program, so tests can import parseCli.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  main().catch((cause: unknown) => {
    process.stderr.write(`hss-emulator: ${(cause as Error).message ?? String(cause)}\n`);
    process.exit(1);
  });
}
