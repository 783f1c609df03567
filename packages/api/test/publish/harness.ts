// Helpers of the publish round-trip: bounded child processes, a clean environment for npm, a throw-away Verdaccio.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Runs a command to completion; rejects with its exit status and the tail of its output when it fails or hangs. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? cleanEnv(), timeout: options.timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const why = error.killed ? `timed out after ${options.timeoutMs} ms` : `exited with ${error.code}`;
        const tail = `${stdout}\n${stderr}`.trim().split("\n").slice(-40).join("\n");
        reject(new Error(`\`${command} ${args.join(" ")}\` in ${options.cwd} ${why}:\n${tail}`));
      },
    );
  });
}

/**
 * The environment without what `pnpm run` and vitest add (`npm_config_*` would override the consumer's .npmrc,
 * `NODE_OPTIONS` would leak loaders), so that npm behaves as it does in a team's own shell.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|NODE_OPTIONS$|INIT_CWD$|VITEST)/i.test(key)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

export interface Registry {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** A token of the registry's only user, who may publish and read `@hss-reports/*`. */
  token: string;
  /** The .npmrc lines that map the scope to this registry and authenticate against it. */
  npmrc: string;
  stop(): Promise<void>;
}

/**
 * Starts Verdaccio on loopback with its storage and users under `dir`, no uplinks (nothing leaves the machine), and
 * `@hss-reports/*` readable and publishable only by an authenticated user, as an internal registry would be.
 */
export async function startRegistry(dir: string, timeoutMs = 60_000): Promise<Registry> {
  const config = join(dir, "config.yaml");
  await writeFile(
    config,
    [
      `storage: ${JSON.stringify(join(dir, "storage"))}`,
      "auth:",
      "  htpasswd:",
      `    file: ${JSON.stringify(join(dir, "htpasswd"))}`,
      "    max_users: 1",
      "uplinks: {}",
      "packages:",
      '  "@hss-reports/*":',
      "    access: $authenticated",
      "    publish: $authenticated",
      '  "**":',
      "    access: $all",
      "web:",
      "  enable: false",
      "log: { type: stdout, format: pretty, level: warn }",
      "",
    ].join("\n"),
  );
  const script = fileURLToPath(new URL("./registry.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, config], { cwd: dir, env: cleanEnv(), stdio: "pipe" });
  const stop = () => stopChild(child);
  try {
    const port = await readPort(child, timeoutMs);
    const url = `http://127.0.0.1:${port}/`;
    const token = await addUser(url);
    const hostPath = `//127.0.0.1:${port}/`;
    const npmrc = `@hss-reports:registry=${url}\n${hostPath}:_authToken=${token}\n`;
    return { url, token, npmrc, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readPort(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio ${why}:\n${out}\n${err}`.trim()));
    };
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /\{"port":(\d+)\}/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => fail(`exited with ${code} before listening`));
    child.on("error", (error) => fail(`could not be started: ${error.message}`));
  });
}

async function addUser(url: string): Promise<string> {
  const name = "ci-publisher";
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password: "round-trip-only", type: "user", roles: [] }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token)
    throw new Error(`Verdaccio refused to add a user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/** Closes the child's stdin (it exits on that), then kills it if it is still there after a grace period. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin?.end();
    child.kill("SIGTERM");
  });
}
