#!/usr/bin/env node
// Entry point of `pnpm report` and of the installed `hss-report` command (the app's `bin`). Ctrl-C (SIGINT, exit 130)
// or SIGTERM (exit 143) aborts the run; the temporary output folder is removed, nothing is left.
import { main, unexpectedTail } from "./cli/main.js";
import { secretValues } from "./cli/secrets.js";
import { Interrupted } from "./errors.js";
import { redact } from "./redact.js";

// A reader that goes away (`hss-report --help | head -1`) ends what we print, not the command: no stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
// The log is not the run: a closed (EPIPE, EBADF) or full (ENOSPC) stderr loses lines, never the report or the exit code.
process.stderr.on("error", () => undefined);

const controller = new AbortController();
process.once("SIGINT", () => controller.abort(new Interrupted("SIGINT")));
process.once("SIGTERM", () => controller.abort(new Interrupted("SIGTERM")));

// `pnpm report` runs in the workspace root; a relative --out means the folder the user typed the command in.
const cwd = process.env.npm_lifecycle_event === "report" && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();

try {
  process.exitCode = await main(process.argv.slice(2), {
    env: process.env,
    cwd,
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
  });
} catch (error) {
  // Whatever escaped the command's own handling: one line and exit 1, the stack only under --debug.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${redact(message, secretValues(process.env))}\n`);
  process.stderr.write(
    unexpectedTail(error, process.argv.includes("--debug"), (text) => redact(text, secretValues(process.env))),
  );
  process.exitCode = 1;
}
