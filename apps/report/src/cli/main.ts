// The `hss-report` command line (`pnpm report` in the workspace): parses flags and the config file, runs the report,
// prints progress and the files written, and turns the outcome into its exit code (errors.ts: EXIT).
import { dirname } from "node:path";
import { Command, CommanderError } from "commander";
import type { RunConfig } from "../config/schema.js";
import { deliverySecrets, deliveryTargets } from "../deliver/index.js";
import { EXIT, exitCodeOf, Interrupted, UsageError } from "../errors.js";
import type { Evidence } from "../evidence/types.js";
import type { HistoryResult } from "../history/context.js";
import { countEn } from "../i18n/index.js";
import { holdsUnmaskedSecrets } from "../mask/policy.js";
import { type Report, RISK_LEVELS } from "../model/types.js";
import { redact } from "../redact.js";
import { type RunResult, runReport } from "../run.js";
import { COMMAND_NAME, TOOL } from "../version.js";
import { comparisonLogLine } from "./comparison-line.js";
import { gateLogLine } from "./gate-line.js";
import { addOptions, loadRunOptions } from "./options.js";
import { createProgress, type ProgressWriter } from "./progress.js";
import { scheduleCommand } from "./schedule.js";
import { secretValues } from "./secrets.js";

export interface CliIo {
  env: Record<string, string | undefined>;
  cwd: string;
  stdout: ProgressWriter;
  stderr: ProgressWriter;
  signal?: AbortSignal | undefined;
}

/** The signal an abort reason names (cli.ts aborts with `Interrupted`); SIGINT when it names none. */
function interruptSignal(reason: unknown): "SIGINT" | "SIGTERM" {
  return reason instanceof Interrupted ? reason.signal : "SIGINT";
}

/**
 * `HSS_REPORT_NOW` (ISO 8601), for tests only: the run's data time (and so its folder name, waiver expiry and
 * finding ages) is this instant instead of the system time.
 */
export function clockOf(env: Record<string, string | undefined>): (() => Date) | undefined {
  const text = env.HSS_REPORT_NOW;
  if (text === undefined || text === "") return undefined;
  const start = Date.parse(text);
  if (Number.isNaN(start)) {
    throw new UsageError(
      `HSS_REPORT_NOW: not a date and time (got ${JSON.stringify(text)}); e.g. 2026-12-01T06:00:00Z`,
    );
  }
  return () => new Date(start);
}

/** What the gates found, for the run's log: `--fail-on` and `--fail-on-overdue`. */
export function gateLines(config: RunConfig, report: Report): string[] {
  const lines: string[] = [];
  const { overdue } = report.summary;
  // The verdict, passed or failed (the reports state it too).
  if (report.summary.gate) lines.push(gateLogLine(report.summary.gate));
  if (config.fail_on_overdue && overdue > 0) {
    const levels = RISK_LEVELS.filter((l) => report.summary.overdueByLevel[l] > 0)
      .map((l) => `${report.summary.overdueByLevel[l]} ${l} (SLA ${countEn(report.meta.slaDays[l], "day", "days")})`)
      .join(", ");
    lines.push(
      `--fail-on-overdue: ${countEn(overdue, "unwaived finding", "unwaived findings")} past their SLA: ${levels}`,
    );
  }
  return lines;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const secrets = secretValues(io.env);
  // Commander echoes what it could not parse; `--token=...` must not reach the terminal.
  const safe = (text: string) => redact(text, secrets).replace(/(--[\w-]+)=\S+/g, "$1=***");
  // Progress and errors quote user input (rule ids, scope names): mask secrets there too.
  const stderr: ProgressWriter = {
    write: (text) => io.stderr.write(redact(text, secrets)),
    isTTY: io.stderr.isTTY,
    columns: io.stderr.columns,
  };
  let exitCode = 0;

  const execute = async (flags: Record<string, unknown>) => {
    let progress = createProgress(stderr, flags.quiet === true);
    try {
      const config = await loadRunOptions(flags);
      // Delivery URLs and tokens live in variables whose names need not say "secret": mask them from now on.
      secrets.push(...deliverySecrets(deliveryTargets(config, io.env), io.env));
      progress.stop();
      progress = createProgress(stderr, config.quiet === true);
      const out = progress;
      const result = await runReport(config, {
        env: io.env,
        cwd: io.cwd,
        signal: io.signal,
        onProgress: (event) => out.onProgress(event),
        now: clockOf(io.env),
      });
      const names = result.files.map((file) => file.slice(result.outDir.length + 1)).join(", ");
      const demo = result.evidence.run.demo ? " (DEMO DATA)" : "";
      progress.line(`wrote ${countEn(result.files.length, "file", "files")} to ${result.outDir}: ${names}${demo}`);
      if (result.removed.length) {
        const gone = result.removed.map((file) => file.slice(result.outDir.length + 1)).join(", ");
        progress.line(`removed from ${result.outDir}, of an earlier run: ${gone}`);
      }
      progress.line(secretsLine(result.evidence, result.maskedHere, config.from !== undefined));
      if (result.history) progress.line(retentionLine(dirname(result.outDir), result.history));
      // Printed even with --quiet: what a log or a supervisor must see.
      for (const failure of result.report.meta.failures) {
        progress.notice(`warning: PARTIAL report: scope ${failure.scopeId} could not be read: ${failure.message}`);
      }
      for (const note of result.notes) progress.notice(`warning: ${note}`);
      const compared = comparisonLogLine(result.report.changes);
      if (compared) progress.notice(compared);
      for (const line of deliveryLines(result.deliveries)) progress.line(line);
      for (const line of gateLines(config, result.report)) progress.notice(line);
      if (result.exitCode === EXIT.delivery) {
        // Each with its reason (redacted where it was recorded): printed with --quiet too, it is all a log may keep.
        const failed = result.deliveries
          .filter((d) => d.status === "failed")
          .map((d) => `${d.target}${d.error ? ` (${d.error})` : ""}`);
        progress.notice(`delivery failed (exit 5): ${failed.join("; ")}; the report is complete in ${result.outDir}`);
      }
      exitCode = result.exitCode;
    } catch (error) {
      progress.clear();
      if (io.signal?.aborted) {
        const signal = interruptSignal(io.signal.reason);
        io.stderr.write(`interrupted by ${signal}: no report written\n`);
        exitCode = signal === "SIGTERM" ? EXIT.sigterm : EXIT.sigint;
        return;
      }
      exitCode = exitCodeOf(error);
      const message = error instanceof Error ? error.message : String(error);
      const prefix = exitCode === 2 ? "usage error" : exitCode === 3 ? "API error" : "error";
      io.stderr.write(`${prefix}: ${safe(message)}\n`);
      if (exitCode === 1) io.stderr.write(unexpectedTail(error, flags.debug === true, safe));
    } finally {
      progress.stop();
    }
  };

  // Usage lines name the installed command (`pnpm report` in the workspace runs the same program).
  const program = new Command(COMMAND_NAME)
    .description(
      "Audit-ready HTML, PDF, JSON evidence and CSV of container images built with risky instructions (Huawei Cloud HSS).",
    )
    .version(`${TOOL.name} ${TOOL.version}`, "-V, --version")
    .enablePositionalOptions()
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(safe(text)),
    })
    .addHelpText(
      "after",
      `
Credentials come from the environment only: HSS_AUTH_TOKEN, or HUAWEICLOUD_SDK_AK + HUAWEICLOUD_SDK_SK,
or HSS_IAM_USER + HSS_IAM_PASSWORD + HSS_IAM_DOMAIN; project from --project-id or HUAWEICLOUD_SDK_PROJECT_ID.
With none of them and no --region/--endpoint, the report runs on built-in DEMO DATA.

Exit codes: 0 done, 1 unexpected error (one line; --debug adds the stack), 2 usage or configuration error, 3 API
or network failure, 4 --fail-on failed (report written), 5 a delivery target failed (report written), 6 written
with --allow-partial while some scopes could not be read, 130 SIGINT, 143 SIGTERM.`,
    );
  addOptions(program, "report").action((flags: Record<string, unknown>) => execute(flags));
  // Commander offers `help <command>` only to programs without an action of their own: ours runs the report.
  program.helpCommand(true);

  const render = new Command("render").description(
    "re-render every format from a saved evidence.json, with no network",
  );
  addOptions(render, "render").action((flags: Record<string, unknown>) => execute(flags));
  program.addCommand(render);
  program.addCommand(
    scheduleCommand(
      io,
      (code) => {
        exitCode = code;
      },
      safe,
      (values) => secrets.push(...values),
    ),
  );
  // addCommand does not pass on exitOverride and the output settings: without this, a usage error in a
  // sub-command would exit 1 straight from commander, and its messages would bypass the secret masking.
  for (const command of program.commands) command.copyInheritedSettings(program);

  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exitCode 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UsageError) return 2;
    throw error;
  }
  return exitCode;
}

/** After an unexpected error's one line: its stack under --debug, otherwise how to get it. */
export function unexpectedTail(error: unknown, debug: boolean, safe: (text: string) => string): string {
  if (!debug) return "(unexpected: run again with --debug to print the stack)\n";
  return error instanceof Error && error.stack ? `${safe(error.stack)}\n` : "";
}

/** One line per delivery target: sent (with files left out over the size cap), skipped by `when`, or failed. */
function deliveryLines(deliveries: RunResult["deliveries"]): string[] {
  return deliveries.map((d) => {
    if (d.status === "skipped") return `delivery to ${d.target}: skipped (its "when" does not hold for this run)`;
    const left = d.notAttached?.length
      ? `; ${countEn(d.notAttached.length, "file", "files")} over the size cap, named in the message`
      : "";
    if (d.status === "sent") return `delivered to ${d.target}${left}`;
    return `delivery to ${d.target} FAILED after ${countEn(d.attempts, "attempt", "attempts")}: ${d.error}${left}`;
  });
}

/** How many runs the history folder keeps after this run, where that number comes from, and what was pruned. */
export function retentionLine(root: string, history: Pick<HistoryResult, "retention" | "pruned">): string {
  const { keep, setBy, changed, was } = history.retention;
  const pruned = history.pruned.length ? `; removed ${countEn(history.pruned.length, "older run", "older runs")}` : "";
  if (keep === undefined) return `history ${root}: keeps every run (--keep N keeps the newest N from then on)`;
  const newest = `keeps the newest ${countEn(keep, "run", "runs")}`;
  if (changed) return `history ${root}: ${newest} from now on (--keep ${keep}${was ? `, was ${was}` : ""})${pruned}`;
  return `history ${root}: ${newest} (its --keep, set by run ${setBy}; another --keep changes it)${pruned}`;
}

/**
 * What became of the secret values HSS quoted from images, as the evidence's masking record counts them: masked by
 * this run (`maskedHere`), or, for `render --from` of evidence that came masked, when it was fetched; or a warning
 * that none were.
 */
export function secretsLine(evidence: Pick<Evidence, "masking">, maskedHere: boolean, rendered: boolean): string {
  const masking = evidence.masking;
  if (holdsUnmaskedSecrets(evidence)) {
    return "warning: --reveal-secrets: the report holds the secret values found in images UNMASKED; share it with no one";
  }
  const masked = masking?.masked ?? 0;
  const findings = masking?.findings.length ?? 0;
  const rules = masking?.rules.length ?? 0;
  const where = [
    findings ? countEn(findings, "finding", "findings") : "",
    rules ? countEn(rules, "rule text", "rule texts") : "",
  ].filter(Boolean);
  const values = `${countEn(masked, "secret value", "secret values")} found in build instructions`;
  if (!rendered) return `masked ${values}${where.length ? ` (${where.join(", ")})` : ""}; keys kept`;
  const details = [...where, `policy ${masking?.policy ?? "none"}`];
  if (maskedHere || masking === undefined) {
    // Evidence written before masking, with --reveal-secrets or under an older policy: masked by this render.
    if (masking?.sealedBefore) details.push(`sealed before as ${masking.sealedBefore.slice(0, 12)}…`);
    return `masked ${values} that the evidence held unmasked (${details.join(", ")}); keys kept`;
  }
  // The evidence came masked: its values were masked when it was written, not by this render.
  const when = masking.sealedBefore ? "when an earlier render sealed it again" : "when it was fetched";
  return `masked no secret value now; the evidence came masked: ${values} were masked ${when} (${details.join(", ")})`;
}
