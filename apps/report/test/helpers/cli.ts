// Runs the built CLI as a child process, as `pnpm report` does, with an environment that holds only what the
// test gives it (so credentials of the machine running the tests never leak in).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";

export const APP_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CLI = join(APP_DIR, "dist", "cli.js");

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm --filter @hss-reports/report build\` first`);
}

export function runCli(
  args: string[],
  options: {
    env?: Record<string, string>;
    cwd: string /** Flags for node itself, e.g. `--expose-gc`. */;
    nodeArgs?: string[];
  },
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? "", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "hss-report-test-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every file under `dir`, relative, sorted (hidden ones included: a leftover temp folder must show). */
/** For a suite that runs the built CLI: checks the build and makes a temporary folder before, removes it after. */
export function cliWorkDir(): () => string {
  let work: { dir: string; cleanup: () => Promise<void> } | undefined;
  beforeAll(async () => {
    assertBuilt();
    work = await tempDir();
  });
  afterAll(async () => {
    await work?.cleanup();
  });
  return () => {
    if (!work) throw new Error("cliWorkDir: used outside a test");
    return work.dir;
  };
}

export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.map((e) => join(e.parentPath, e.name).slice(dir.length + 1) + (e.isDirectory() ? "/" : "")).sort();
}

/** Every secret value found in the run's stdout, stderr or any file under `dir`, as `value in where`. */
export async function secretLeaks(run: CliRun, dir: string, values: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const texts: [string, string][] = [
    ["stdout", run.stdout],
    ["stderr", run.stderr],
  ];
  for (const file of await listFiles(dir)) {
    if (file.endsWith("/")) continue;
    texts.push([file, (await readFile(join(dir, file))).toString("latin1")]);
    // UTF-16/escaped forms would also be a leak, but every writer here is UTF-8: latin1 keeps ASCII secrets intact.
  }
  for (const [where, text] of texts) {
    for (const value of values) if (text.includes(value)) found.push(`${value} in ${where}`);
  }
  return found;
}
