// `hss-report schedule --cron "<expr>" [--tz ZONE] [--keep N] [--run-now]` plus every option of `hss-report`.
import { Command } from "commander";
import { deliverySecrets, deliveryTargets } from "../deliver/index.js";
import { exitCodeOf } from "../errors.js";
import { runReport } from "../run.js";
import { runSchedule } from "../schedule/schedule.js";
import { addOptions, loadRunOptions } from "./options.js";

export interface ScheduleCommandIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  signal?: AbortSignal | undefined;
}

/** The `schedule` sub-command; `done(code)` receives its exit code, `safe` redacts secrets from messages. */
export function scheduleCommand(
  io: ScheduleCommandIo,
  done: (code: number) => void,
  safe: (text: string) => string,
  /** Masks delivery secrets (named by the config) in `safe` from now on. */
  addSecrets?: (values: string[]) => void,
) {
  const command = new Command("schedule")
    .description("run the report at every tick of a cron expression, into a history folder (--out, default ./reports)")
    // Like the parent command: usage errors end in exit 2 (via CommanderError), secrets masked in echoes.
    .exitOverride()
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(safe(text)),
    });
  addOptions(command, "schedule");
  command.addHelpText(
    "after",
    `
Here --out is the history folder (default ./reports): one sub-folder per run, latest, index.html, the newest
--keep N kept; each run is compared with the previous one. A tick that comes while a run is going is skipped.
--fail-on is reported in the run's status line (the schedule goes on). SIGINT/SIGTERM stops with exit 0; a run in
flight is abandoned and leaves nothing. Invalid --cron, --tz or options: exit 2.`,
  );
  command.action(async (flags: Record<string, unknown>) => {
    try {
      const run = await loadRunOptions(flags);
      addSecrets?.(deliverySecrets(deliveryTargets(run, io.env), io.env));
      const signal = io.signal ?? new AbortController().signal;
      const code = await runSchedule(
        {
          cron: String(flags.cron),
          ...(typeof flags.tz === "string" ? { tz: flags.tz } : {}),
          runNow: flags.runNow === true,
          run,
        },
        { env: io.env, cwd: io.cwd, signal, log: (line) => io.stdout.write(`${safe(line)}\n`) },
        runReport,
      );
      done(code);
    } catch (error) {
      const code = exitCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      io.stderr.write(`${code === 2 ? "usage error" : "error"}: ${safe(message)}\n`);
      done(code);
    }
  });
  return command;
}
