// `hss-report schedule`: a long-running process that writes a report into a history folder at every tick of a
// cron expression (croner; 5 fields, or 6 with seconds first). One status line per run. A tick that comes while a
// run is still going is skipped and logged. On SIGINT/SIGTERM (the `signal`), no new run starts, the run in flight is
// abandoned (its files were going to a hidden temporary folder, which is removed) and the process ends with 0.
import { resolve } from "node:path";
import { Cron } from "croner";
import { comparisonLogLine } from "../cli/comparison-line.js";
import { gateLogLine } from "../cli/gate-line.js";
import { exitCodeOf, UsageError } from "../errors.js";
import type { Evidence } from "../evidence/types.js";
import type { OnProgress } from "../fetch/progress.js";
import type { UpdateResult } from "../history/history.js";
import { readRetention, removePartials } from "../history/history.js";
import { countEn } from "../i18n/index.js";
import { type Report, RISK_LEVELS } from "../model/types.js";

/** The part of `hss-report`'s options the scheduler reads (it passes all of them on to each run). */
export interface ScheduledRunOptions {
  out?: string | undefined;
  keep?: number | undefined;
  fail_on?: string | undefined;
}

/** The part of a run's result the status line reads (`runReport` returns more). */
export interface ScheduledRunResult {
  exitCode: number;
  outDir: string;
  evidence: Omit<Evidence, "responses">;
  report: Report;
  notes?: string[] | undefined;
  history?: UpdateResult | undefined;
  /** Whether `fail_on` failed (the exit code may be 5 then: a delivery failure wins). */
  gateFailed?: boolean | undefined;
  deliveries?: readonly { target: string; status: string; error?: string | undefined }[] | undefined;
}

export interface ScheduledRunIo {
  env: Record<string, string | undefined>;
  cwd: string;
  signal?: AbortSignal | undefined;
  now?: (() => Date) | undefined;
  onProgress?: OnProgress | undefined;
}

/** `runReport` of run.ts; the scheduler asks for history mode and no progress output (warnings are logged). */
export type RunReport<O> = (
  options: O & { out: string; history: true; quiet: true },
  io: ScheduledRunIo,
) => Promise<ScheduledRunResult>;

export interface ScheduleOptions<O extends ScheduledRunOptions = ScheduledRunOptions> {
  cron: string;
  /** IANA time zone the cron expression is read in (default: the machine's). */
  tz?: string | undefined;
  /** Start one run right away, then follow the schedule. */
  runNow?: boolean | undefined;
  /** Every option of `hss-report`; `out` is the history folder (default `./reports`), `keep` how many runs stay. */
  run: O;
}

export interface ScheduleIo {
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted by SIGINT/SIGTERM: stops the schedule. */
  signal: AbortSignal;
  /** One line of the log (status lines, skipped ticks, start and stop). */
  log(line: string): void;
  now?: (() => Date) | undefined;
}

/** How long a stop waits for the run in flight to notice the abort (PDF rendering checks between formats). */
export const STOP_GRACE_MS = 15_000;

/** Throws a UsageError naming the flag and what is allowed. */
export function validateSchedule(cron: string, tz: string | undefined): Cron {
  if (tz !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
    } catch {
      throw new UsageError(
        `--tz ${JSON.stringify(tz)}: not a time zone; use an IANA name such as UTC, Asia/Shanghai or Europe/Berlin`,
      );
    }
  }
  let job: Cron;
  try {
    job = new Cron(cron, { paused: true, ...(tz ? { timezone: tz } : {}) });
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^CronPattern: /, "").replace(/\.+$/, "") : String(error);
    throw new UsageError(
      `--cron ${JSON.stringify(cron)}: ${reason}. Use 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. "0 6 * * 1-5" or "*/30 * * * * *"`,
    );
  }
  if (!job.nextRun()) {
    job.stop();
    throw new UsageError(`--cron ${JSON.stringify(cron)}: never fires (no date matches it)`);
  }
  return job;
}

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export async function runSchedule<O extends ScheduledRunOptions>(
  options: ScheduleOptions<O>,
  io: ScheduleIo,
  runReport: RunReport<O>,
): Promise<number> {
  const probe = validateSchedule(options.cron, options.tz);
  probe.stop();
  if (io.signal.aborted) return 0;
  const now = io.now ?? (() => new Date());
  const root = resolve(io.cwd, options.run.out ?? "reports");
  const removed = await removePartials(root);
  if (removed.length)
    io.log(
      `${iso(now())} removed ${countEn(removed.length, "unfinished run folder", "unfinished run folders")} of stopped processes`,
    );

  let inFlight: { started: Date; done: Promise<void> } | undefined;
  let count = 0;
  const tick = (trigger: "cron" | "start") => {
    const started = now();
    if (io.signal.aborted) return;
    if (inFlight) {
      io.log(`${iso(started)} tick skipped: the run started at ${iso(inFlight.started)} is still going`);
      return;
    }
    const number = ++count;
    const done = runOnce(number, trigger, started).finally(() => {
      inFlight = undefined;
    });
    inFlight = { started, done };
  };

  const runOnce = async (number: number, trigger: string, started: Date): Promise<void> => {
    try {
      const result = await runReport(
        { ...options.run, out: root, history: true, quiet: true },
        {
          env: io.env,
          cwd: io.cwd,
          signal: io.signal,
          now,
          // Progress is not logged; warnings always are.
          onProgress: (event) => {
            if (event.stage === "warning") io.log(`${iso(now())}   warning: ${event.message}`);
          },
        },
      );
      io.log(statusLine(number, trigger, started, now(), result, options.run.fail_on));
      for (const note of result.notes ?? []) io.log(`${iso(now())}   ${note}`);
      const compared = comparisonLogLine(result.report.changes);
      if (compared) io.log(`${iso(now())}   ${compared}`);
    } catch (error) {
      if (io.signal.aborted) {
        io.log(`${iso(now())} run #${number} abandoned on stop: nothing of it was kept`);
        return;
      }
      const code = exitCodeOf(error);
      const message = (error instanceof Error ? error.message : String(error)).split("\n").join(" / ");
      io.log(`${iso(now())} run #${number} FAILED (exit ${code}) after ${seconds(started, now())}: ${message}`);
    }
  };

  const job = new Cron(options.cron, { ...(options.tz ? { timezone: options.tz } : {}) }, () => tick("cron"));
  const next = job.nextRun();
  // Without --keep, the runs keep what the folder remembers of its last --keep (history/context.ts).
  const remembered = options.run.keep === undefined ? await readRetention(root) : undefined;
  const keeping = options.run.keep
    ? `, keeping the last ${options.run.keep}`
    : remembered
      ? `, keeping the last ${remembered.keep} (the folder's --keep, set by run ${remembered.setBy})`
      : "";
  io.log(
    `${iso(now())} scheduled "${options.cron}" (${options.tz ?? "local time"}), next run at ${next ? iso(next) : "never"}; reports in ${root}${keeping}`,
  );
  if (options.runNow) tick("start");

  await new Promise<void>((done) => io.signal.addEventListener("abort", () => done(), { once: true }));
  job.stop();
  const running = inFlight as { started: Date; done: Promise<void> } | undefined;
  if (running) {
    io.log(`${iso(now())} stopping: abandoning the run started at ${iso(running.started)}`);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      running.done,
      new Promise<void>((done) => {
        timer = setTimeout(done, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
  }
  // Whatever the run in flight had written went to `.NAME.partial-PID-*`: make sure none of it stays.
  await removePartials(root, process.pid);
  io.log(`${iso(now())} stopped after ${countEn(count, "run", "runs")}`);
  return 0;
}

function seconds(from: Date, to: Date): string {
  return `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s`;
}

/** `2026-11-27T23:50:00Z run #3 ok in 2.1 s: 240 images, 612 findings (12 critical, ...) ...` */
export function statusLine(
  number: number,
  trigger: string,
  started: Date,
  finished: Date,
  result: ScheduledRunResult,
  failOn: string | undefined,
): string {
  const { summary, changes } = result.report;
  const levels = RISK_LEVELS.map((level) => `${summary.byLevel[level].findings} ${level}`).join(", ");
  const parts = [
    `${countEn(summary.affectedImages, "image", "images")}, ${countEn(summary.findings, "finding", "findings")} (${levels})`,
    changes
      ? `${changes.newFindings.length} new, ${changes.resolved.length} resolved since ${changes.baseline.label}`
      : "first run",
    `${summary.waivedFindings} waived`,
    `${summary.overdue} overdue`,
  ];
  const expired = [...result.report.findings.values()].filter((f) => f.waiver?.expired).length;
  if (expired) parts.push(`${expired} under an expired waiver`);
  if (summary.gate) parts.push(gateLogLine(summary.gate));
  else if (failOn) parts.push(`--fail-on ${failOn}: no verdict`);
  const failures = result.report.meta.failures;
  if (failures.length) {
    parts.push(`PARTIAL: not read: ${failures.map((f) => `${f.scopeId} (${f.message})`).join(", ")}`);
  }
  const deliveries = result.deliveries ?? [];
  const failed = deliveries.filter((d) => d.status === "failed");
  if (failed.length) parts.push(`DELIVERY FAILED: ${failed.map((d) => `${d.target} (${d.error})`).join(", ")}`);
  else if (deliveries.length) {
    parts.push(
      `delivered to ${deliveries.filter((d) => d.status === "sent").length}/${countEn(deliveries.length, "target", "targets")}`,
    );
  }
  if (result.history?.pruned.length) parts.push(`pruned ${result.history.pruned.length}`);
  if (result.evidence.run.demo) parts.push("DEMO DATA");
  const how = trigger === "start" ? " (--run-now)" : "";
  return `${iso(started)} run #${number}${how} ok in ${seconds(started, finished)}: ${parts.join("; ")} -> ${result.outDir}`;
}
