// One report run: read the evidence (from HSS, the demo emulator, or a saved file), build the model once, render
// the requested formats from it and write them atomically. Used by the CLI, the tests and the scheduler.
import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { tokenAuth } from "@hss-reports/api";
import { secretValues } from "./cli/secrets.js";
import { formatPath } from "./config/issues.js";
import { DEFAULT_CONCURRENCY, DEFAULT_LANG } from "./config/options.js";
import { type PlannedScope, planRun } from "./config/plan.js";
import { checkRunConfig, DEFAULT_FORMATS, FORMAT_VALUES, type Format, type RunConfig } from "./config/schema.js";
import { checkDelivery, type DeliveryResult, deliverReport, deliveryTargets } from "./deliver/index.js";
import { EXIT, exitCodeOf, FetchFailure } from "./errors.js";
import { sealEvidence } from "./evidence/hash.js";
import { readEvidence } from "./evidence/load.js";
import { ResponseSpool } from "./evidence/spool.js";
import {
  type Assessment,
  EVIDENCE_FORMAT,
  type Evidence,
  type EvidenceResponse,
  type Lang,
  type RiskLevel,
  type Scope,
  type ScopeFailure,
  type StreamedEvidence,
} from "./evidence/types.js";
import { createScopeClient, secretsOf } from "./fetch/client.js";
import { startDemo } from "./fetch/demo.js";
import { fetchEvidence } from "./fetch/fetch.js";
import { createPacers } from "./fetch/pacing.js";
import type { OnProgress } from "./fetch/progress.js";
import { type HistoryOptions, type HistoryResult, prepareRun } from "./history/context.js";
import { type KeptResponse, Masker, maskingOf, maskLoaded, revealedMasking } from "./mask/evidence.js";
import { type BuildOptions, buildReport } from "./model/build.js";
import { recordedOptions } from "./model/recorded.js";
import { type Report, RISK_LEVELS } from "./model/types.js";
import { checkOutputTarget, claimFolder, defaultOutputDir, type OutputFile, writeOutput } from "./output/write.js";
import { redact } from "./redact.js";
import { FILE_NAMES, renderFormat } from "./render/formats.js";
import { assessmentOf } from "./render/json.js";
import { withSummaryMd } from "./render/summary-md.js";
import { TOOL } from "./version.js";

export interface RunOptions extends RunConfig, HistoryOptions {
  /** Re-render from a saved evidence.json, with no network. */
  from?: string | undefined;
  /**
   * How usage errors name an option, by config key: the flag that set it (`--region`) or the key in the file
   * (`region in FILE`); the bare key otherwise. Set by the command line's loader (cli/options.ts).
   */
  sources?: Partial<Record<string, string>> | undefined;
}

export interface RunIo {
  env: Record<string, string | undefined>;
  /** Relative `out` and the default `./reports/<timestamp>/` resolve against this. */
  cwd: string;
  onProgress?: OnProgress | undefined;
  signal?: AbortSignal | undefined;
  now?: (() => Date) | undefined;
}

/** Exit code of a run whose report was written but a `deliver` target failed (after its retries). */
export const EXIT_DELIVERY_FAILED = EXIT.delivery;

export interface RunResult {
  /**
   * 5 when a delivery target failed (after its retries; the gate's verdict is in the message), else 4 when the
   * `fail_on` gate failed (an unwaived finding at or above its level) or `fail_on_overdue` found an unwaived finding
   * past its SLA, else 6 when scopes could not be read and the report was written without them (`allow_partial`),
   * else 0. The report is written either way.
   */
  exitCode: 0 | 4 | 5 | 6;
  outDir: string;
  files: string[];
  /** Files of an earlier run in `outDir` (the tool's own file names) that this run did not write and removed. */
  removed: string[];
  /** The evidence without its responses (a live run's are read from disk, and gone once the run is over). */
  evidence: Omit<Evidence, "responses">;
  report: Report;
  /** Warnings about waivers (expired, matching nothing), one line each. */
  notes: string[];
  /** Set when the run went into a history folder (`--keep`, `schedule`, or `--out` naming one). */
  history?: HistoryResult | undefined;
  /** Whether `fail_on` found an unwaived finding at or above its level. */
  gateFailed: boolean;
  /**
   * Whether this run masked the values `evidence.masking` counts: a live run always; `render --from` only evidence
   * it masked again (written before masking, with `--reveal-secrets` or under an older policy). False: the evidence
   * came masked under the current policy, by the run that fetched it.
   */
  maskedHere: boolean;
  /** One entry per `deliver` target, in the order configured (none without `deliver`). */
  deliveries: DeliveryResult[];
}

export async function runReport(options: RunOptions, io: RunIo): Promise<RunResult> {
  const { from, waivers, baseline, keep, history, sources, ...rest } = options;
  // One-off runs only (the options table keeps it out of config files and schedules): every page then says so.
  const reveal = rest.reveal_secrets === true;
  const config = validateOptions(rest);
  const now = io.now ?? (() => new Date());
  const started = now();
  const context = await prepareRun(
    { waivers, baseline, keep, history, revealSecrets: reveal, waiverWarnDays: config.waiver_warn_days },
    config.out !== undefined ? resolve(io.cwd, config.out) : defaultOutputDir(resolve(io.cwd), started),
    { cwd: io.cwd, explicitOut: config.out !== undefined, now: started },
  );
  // Without --out (and outside a history, which names its runs), the stamped folder is claimed now: a run started in
  // the same second takes the next one.
  const claimed = config.out === undefined && !context.history ? await claimFolder(context.outDir) : undefined;
  // The responses wait on disk, not in memory (see evidence/spool.ts), until the report is written: a live run's as
  // they arrive, a saved evidence.json's as it is read.
  const spool = new ResponseSpool();
  try {
    const formats = orderedFormats(context.formats(config.format));
    const outDir = claimed?.dir ?? context.outDir;
    const fileNames = formats.map((format) => FILE_NAMES[format]);
    // Named where it was given: `--out DIR`, or `out in FILE (DIR)` from a config file.
    const fromFile = sources?.out !== undefined && sources.out !== "--out";
    await checkOutputTarget(outDir, fileNames, fromFile ? `${sources.out} (${outDir})` : undefined);
    // Delivery set-up errors (a variable not set, an attachment not written) stop the run before any API call.
    const targets = deliveryTargets(config, io.env, formats);
    checkDelivery(targets, io.env, formats, config.allow_insecure_http === true);

    const loaded = from ? await readEvidence(resolve(io.cwd, from), spool) : undefined;
    const evidence: StreamedEvidence = loaded
      ? await maskLoaded(loaded, reveal, spool)
      : await collectEvidence(config, io, now, reveal, spool, context.checkScopes, (key) => sources?.[key] ?? key);
    if (loaded) context.checkScopes(evidence.run.scopes);
    // maskLoaded returns the evidence it was given when it had nothing to mask.
    const maskedHere = evidence !== loaded;

    io.onProgress?.({ stage: "build" });
    // The gate of this run (`render --from` may be given another --fail-on than the run that read the data).
    const report = from
      ? rebuildReport(evidence, context.buildOptions(evidence), {
          waivers,
          baseline,
          failOn: config.fail_on,
          lang: config.lang,
          slaDays: config.sla_days,
        })
      : buildReport(evidence, {
          ...context.buildOptions(evidence),
          ...(config.sla_days ? { slaDays: config.sla_days } : {}),
          failOn: config.fail_on,
        });

    const files: OutputFile[] = [];
    for (const format of formats) {
      if (format === "md") continue;
      io.signal?.throwIfAborted();
      io.onProgress?.({ stage: "render", format });
      files.push(await renderFormat(format, report, evidence));
    }
    io.onProgress?.({ stage: "write", dir: outDir });
    const { written, removed } = await writeOutput(
      outDir,
      formats.includes("md") ? withSummaryMd(report, files) : files,
      { signal: io.signal, replaces: earlierRunFiles(outDir, [from, waivers, baseline], io.cwd) },
    );
    // The report is in place: delivery only reads it, and a failed target changes nothing in it.
    const gateFailed =
      report.summary.gate?.passed === false || (config.fail_on_overdue === true && report.summary.overdue > 0);
    let deliveries: DeliveryResult[] = [];
    if (targets.length) {
      io.onProgress?.({ stage: "deliver", targets: targets.length });
      deliveries = await deliverReport(
        { report, outDir, files: written, failOn: config.fail_on, gateFailed },
        { targets, env: io.env, signal: io.signal, now, allowInsecureHttp: config.allow_insecure_http },
      );
    }
    const historyResult = await context.finish(report, deliveries);
    const { responses: _onDisk, ...head } = evidence;
    return {
      exitCode: deliveries.some((d) => d.status === "failed")
        ? EXIT.delivery
        : gateFailed
          ? EXIT.gate
          : report.meta.partial
            ? EXIT.partial
            : EXIT.ok,
      outDir,
      files: written,
      removed,
      evidence: head,
      report,
      notes: context.notes(),
      ...(historyResult ? { history: historyResult } : {}),
      gateFailed,
      maskedHere,
      deliveries,
    };
  } catch (error) {
    await (claimed ?? context).release();
    // A history folder keeps a line about a run that failed (not one that was interrupted), secrets masked.
    if (context.history && !io.signal?.aborted) {
      const message = redact(error instanceof Error ? error.message : String(error), secretValues(io.env));
      await context.failed(message, exitCodeOf(error)).catch(() => undefined);
    }
    throw error;
  } finally {
    spool.close();
  }
}

/**
 * The tool's file names (every format's) that an earlier run in `outDir` may have left and this run removes, but not
 * a file this run reads (`render --from DIR/evidence.json --out DIR`, a baseline in the same folder).
 */
function earlierRunFiles(outDir: string, inputs: (string | undefined)[], cwd: string): string[] {
  const read = new Set(inputs.filter((input) => input !== undefined).map((input) => resolve(cwd, input)));
  return Object.values(FILE_NAMES).filter((name) => !read.has(join(outDir, name)));
}

/**
 * `render --from`: without `--waivers` and `--baseline`, the report the run wrote (its recorded waivers and changes,
 * the same id). With them, the evidence assessed anew: when that differs from what the run recorded, the report says
 * so and carries its own id. `--lang` only changes the words.
 */
function rebuildReport(
  evidence: StreamedEvidence,
  given: BuildOptions,
  options: {
    waivers?: string | undefined;
    baseline?: string | undefined;
    failOn?: RiskLevel | undefined;
    lang?: Lang | undefined;
    slaDays?: BuildOptions["slaDays"] | undefined;
  },
): Report {
  // What is not given again is taken from what the run recorded: its waivers, its changes.
  const recorded = recordedOptions(evidence.assessment);
  const waive = options.waivers ? given.waive : recorded.waive;
  const build: BuildOptions = {
    failOn: options.failOn,
    lang: options.lang,
    ...(options.slaDays ? { slaDays: options.slaDays } : {}),
    ...(given.firstSeen ? { firstSeen: given.firstSeen } : {}),
    ...(waive ? { waive } : {}),
    ...(options.baseline ? { baseline: given.baseline } : { recordedChanges: recorded.changes }),
  };
  const report = buildReport(evidence, build);
  if (!options.waivers && !options.baseline) return report;
  const now = assessmentOf(report);
  const before = evidence.assessment ?? {};
  const what: ("waivers" | "baseline")[] = [];
  if (JSON.stringify(now.waivers ?? []) !== JSON.stringify(before.waivers ?? [])) what.push("waivers");
  if (JSON.stringify(comparable(now.changes)) !== JSON.stringify(comparable(before.changes))) what.push("baseline");
  if (what.length === 0) return report;
  const assessmentSha256 = createHash("sha256")
    .update(JSON.stringify({ waivers: now.waivers ?? [], changes: now.changes ?? null }))
    .digest("hex");
  return buildReport(evidence, {
    ...build,
    derived: { from: `HSS-${evidence.sha256.slice(0, 12).toUpperCase()}`, what, assessmentSha256 },
  });
}

/** Changes as compared across versions: the rule name of resolved findings was not always recorded. */
function comparable(changes: Assessment["changes"]): unknown {
  if (!changes) return null;
  return { ...changes, resolved: changes.resolved.map(({ ruleName: _name, ...rest }) => rest) };
}

/** Whether a gate at `failOn` would fail on this report (the report's own verdict is `summary.gate`). */
export function failOnHit(report: Report, failOn: RunConfig["fail_on"]): boolean {
  const worst = report.summary.worstLevel;
  return failOn !== undefined && worst !== undefined && RISK_LEVELS.indexOf(worst) <= RISK_LEVELS.indexOf(failOn);
}

/** Options from code (the scheduler, tests) get the same checks as a config file. */
function validateOptions(options: RunConfig): RunConfig {
  return checkRunConfig(options, formatPath, "invalid options:");
}

function orderedFormats(requested: readonly Format[] | undefined): Format[] {
  const wanted = new Set(requested ?? DEFAULT_FORMATS);
  return FORMAT_VALUES.filter((format) => wanted.has(format));
}

async function collectEvidence(
  config: RunConfig,
  io: RunIo,
  now: () => Date,
  reveal: boolean,
  spool: ResponseSpool,
  /** Checks the planned scopes before any API call (an explicit baseline of other scopes is exit 2). */
  checkScopes: (scopes: Scope[]) => void,
  name: (key: string) => string,
): Promise<StreamedEvidence> {
  const plan = planRun(config, io.env, name);
  const lang = config.lang ?? DEFAULT_LANG;
  let planned: PlannedScope[];
  let close = async () => {};
  if (plan.demo) {
    io.onProgress?.({ stage: "demo", message: "no credentials and no region: reading built-in DEMO DATA" });
    const demo = await startDemo(plan.imageTypes);
    close = demo.close;
    planned = [{ scope: demo.scope, credentials: { auth: tokenAuth(demo.token), source: [] } }];
  } else {
    planned = plan.scopes;
  }
  const secrets = planned.flatMap((p) => secretsOf(p.credentials.auth));
  const startedAt = now().toISOString();
  // One pacer per region, shared by its scopes: the region's rate limit holds for the whole fleet.
  const pacers = createPacers(
    planned.map((p) => p.scope),
    config.rate_limits,
  );
  const masker = new Masker();
  try {
    checkScopes(planned.map((p) => p.scope));
    // Masked before it is kept: nothing after this point ever holds a value HSS quoted from an image.
    const keep = async (response: EvidenceResponse): Promise<KeptResponse> =>
      reveal ? { ref: spool.append(response), findings: [], rules: [] } : await masker.keep(response, spool);
    const { responses, failures } = await fetchEvidence({
      scopes: planned.map((p) => ({
        scope: p.scope,
        client: createScopeClient(p, lang, io.onProgress, config, pacers.get(p.scope.id)),
      })),
      ruleIds: config.rules ?? [],
      riskLevels: config.risk_levels ?? [],
      concurrency: config.concurrency ?? DEFAULT_CONCURRENCY,
      onProgress: io.onProgress,
      signal: io.signal,
      describeError: (error) => describeFailure(error, secrets),
      keep,
    });
    checkFailures(failures, planned.length, config.allow_partial === true);
    const parameters: Evidence["run"]["parameters"] = {
      ruleIds: config.rules ?? [],
      riskLevels: config.risk_levels ?? [],
      imageTypes: [...new Set(planned.flatMap((p) => p.scope.imageTypes))],
    };
    if (config.fail_on) parameters.failOn = config.fail_on;
    return sealEvidence({
      format: EVIDENCE_FORMAT,
      tool: { ...TOOL },
      run: {
        startedAt,
        finishedAt: now().toISOString(),
        lang,
        demo: plan.demo,
        parameters,
        scopes: planned.map((p) => p.scope),
      },
      responses: spool.responses(responses.map((kept) => kept.ref)),
      failures,
      masking: reveal ? revealedMasking() : maskingOf(responses),
    });
  } finally {
    await close();
  }
}

/** Every scope failing, or any failing without `allow_partial`, ends the run with exit 3 and no files. */
function checkFailures(failures: ScopeFailure[], scopes: number, allowPartial: boolean): void {
  if (failures.length === 0) return;
  if (allowPartial && failures.length < scopes) return;
  const lines = failures.map((f) => `  ${f.scopeId}: ${f.message}`).join("\n");
  const hint = scopes > 1 && !allowPartial ? "\n(--allow-partial writes a report of the scopes that worked)" : "";
  throw new FetchFailure(
    `${failures.length === 1 ? "a scope" : `${failures.length} scopes`} could not be read:\n${lines}${hint}`,
  );
}

function describeFailure(error: unknown, secrets: string[]): Pick<ScopeFailure, "message" | "operation" | "requestId"> {
  const e = error as { message?: unknown; operation?: unknown; requestId?: unknown; name?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  const out: Pick<ScopeFailure, "message" | "operation" | "requestId"> = { message: redact(message, secrets) };
  if (typeof e?.operation === "string") out.operation = e.operation;
  if (typeof e?.requestId === "string") out.requestId = e.requestId;
  return out;
}
