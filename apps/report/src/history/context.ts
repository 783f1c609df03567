// What a run needs from waivers, baselines and the history folder, prepared before any API call (so a bad
// `--waivers` file or `--baseline` fails fast with exit 2) and applied by `runReport`:
//   - where the files go: `--out DIR` itself, or a new `DIR/<UTC timestamp>/` when DIR is a history folder;
//   - the model options: `waive` from `--waivers`, `baseline` from `--baseline` or the history's previous run;
//   - after the write: prune to `--keep N` (or the number the folder remembers from an earlier `--keep`), move
//     `latest`, rewrite `DIR/index.html`.
// History mode is on when scheduling, when `--keep` is given, or when `--out` already is a history folder.
import { basename, dirname, join, resolve } from "node:path";
import type { Format } from "../config/schema.js";
import type { DeliveryResult } from "../deliver/index.js";
import { UsageError } from "../errors.js";
import type { Evidence, Scope } from "../evidence/types.js";
import type { BuildOptions } from "../model/build.js";
import type { Report, TrendPoint } from "../model/types.js";
import { claimFolder, folderStamp } from "../output/write.js";
import { createWaive, loadWaivers, type Waive, type WaiverSet, waiverNotes } from "../waivers/index.js";
import { type Baseline, loadBaseline } from "./baseline.js";
import {
  enclosingHistoryRoot,
  isHistoryRoot,
  previousBaseline,
  type Retention,
  readRetention,
  recordedFirstSeen,
  removePartials,
  revealedRuns,
  runHeadlines,
  type UpdateResult,
  updateHistory,
  writeRetention,
} from "./history.js";
import { trendOf } from "./index-html.js";

export interface HistoryOptions {
  /** `--waivers FILE` (YAML or JSON). */
  waivers?: string | undefined;
  /** Warn about a waiver in use this many days before it expires (default 14). */
  waiverWarnDays?: number | undefined;
  /** `--baseline evidence.json`: compare with it instead of the history's previous run. */
  baseline?: string | undefined;
  /** `--keep N`: keep the newest N runs of the history folder (implies history mode); the folder remembers it. */
  keep?: number | undefined;
  /** Write into a history folder (the scheduler sets it). */
  history?: boolean | undefined;
  /** `--reveal-secrets`: a one-off report only, so refused when the output is a history folder. */
  revealSecrets?: boolean | undefined;
}

/** What became of a history folder after a run: its runs, those pruned, and how many it keeps. */
export interface HistoryResult extends UpdateResult {
  /**
   * The newest runs the folder keeps (none: every run) and the run whose `--keep` set the number; `was`, when this
   * run's `--keep` changed it, the number before (none when there was none).
   */
  retention: { keep?: number; setBy?: string; changed: boolean; was?: number };
}

export interface RunContext {
  /** The folder that receives this run's files. */
  outDir: string;
  /** Set in history mode: the history folder and this run's name in it. */
  history?: { root: string; run: string };
  /** The formats to write: in history mode evidence.json (the next run compares with it) and summary.md are kept. */
  formats(requested: readonly Format[] | undefined): readonly Format[] | undefined;
  /**
   * Throws a UsageError (exit 2) when an explicit `--baseline` read none of these scopes: nothing could be compared.
   * The previous run of a history folder is never an error: the report then says nothing could be compared.
   */
  checkScopes(scopes: readonly Scope[]): void;
  buildOptions(evidence: Pick<Evidence, "run" | "assessment">): BuildOptions;
  /** Warnings about waivers (expired, matching nothing), known once the model is built. */
  notes(): string[];
  /** Removes this run's folder in the history while it is still empty: a run that failed or was interrupted. */
  release(): Promise<void>;
  /** A run that failed: recorded with why in the history folder, and listed in index.html. */
  failed(message: string, exitCode: number): Promise<void>;
  /** After the files are written (and delivered): prune, point `latest`, rewrite index.html. */
  finish(report: Report, deliveries?: readonly DeliveryResult[]): Promise<HistoryResult | undefined>;
}

export async function prepareRun(
  options: HistoryOptions,
  /** Where the run would write without history mode (`--out` or the default `reports/<timestamp>`), absolute. */
  outDir: string,
  context: { cwd: string; explicitOut: boolean; now: Date },
): Promise<RunContext> {
  if (options.keep !== undefined && (!Number.isInteger(options.keep) || options.keep < 1)) {
    throw new UsageError(`--keep must be a whole number of runs, at least 1 (got ${options.keep})`);
  }
  const historyMode =
    options.history === true || options.keep !== undefined || (context.explicitOut && (await isHistoryRoot(outDir)));
  // Without --out, the default `reports/<timestamp>` becomes `reports/` as the history folder.
  const root = historyMode ? (context.explicitOut ? outDir : dirname(outDir)) : undefined;
  // Unmasked secrets would stay in the kept runs and their index, shared with whoever reads the history: refused
  // into a history folder, and anywhere inside one (the default `reports/<timestamp>`, a kept run's folder).
  if (options.revealSecrets) {
    const history = root ?? (await enclosingHistoryRoot(outDir));
    if (history) {
      throw new UsageError(
        `--reveal-secrets writes a one-off report; not into the history folder ${history} (give --out a folder outside it)`,
      );
    }
  }

  const waivers: WaiverSet | undefined = options.waivers
    ? await loadWaivers(resolve(context.cwd, options.waivers), options.waivers)
    : undefined;
  // The previous run of the history carries first-seen times on, even when `--baseline` names another comparison.
  const previous = root ? await previousBaseline(root) : undefined;
  const baseline: Baseline | undefined = options.baseline
    ? await loadBaseline(resolve(context.cwd, options.baseline), options.baseline)
    : previous;

  let history: RunContext["history"];
  let release = async () => {};
  let trend: TrendPoint[] = [];
  // A run without --keep keeps what the folder's last --keep said; a run with one changes it.
  const remembered: Retention | undefined = root ? await readRetention(root) : undefined;
  const keep = options.keep ?? remembered?.keep;
  // A one-off --reveal-secrets report put into the folder by hand is never adopted: left alone, and said so.
  const skipped: string[] = [];
  if (root) {
    for (const run of await revealedRuns(root)) {
      skipped.push(
        `${join(root, run)} holds a report written with --reveal-secrets (unmasked secrets): not part of the history; move or delete it`,
      );
    }
    await removePartials(root);
    // Claimed with one mkdir: a run started in the same second takes `-2`, `-3` ...
    const claim = await claimFolder(join(root, folderStamp(context.now)));
    history = { root, run: basename(claim.dir) };
    release = claim.release;
    // The runs that stay after this one is written: the newest keep - 1 of those before it.
    trend = trendOf(await runHeadlines(root));
    if (keep !== undefined) trend = trend.slice(Math.max(0, trend.length - (keep - 1)));
  }
  let waive: Waive | undefined;
  let at = "";
  return {
    outDir: history ? join(history.root, history.run) : outDir,
    ...(history ? { history } : {}),
    formats: (requested) => (history && requested ? [...new Set<Format>([...requested, "json", "md"])] : requested),
    checkScopes(scopes) {
      if (!options.baseline || !baseline) return;
      const { meta } = baseline.report;
      const failed = new Set(meta.failures.map((f) => f.scopeId));
      const read = meta.scopes.map((s) => s.id).filter((id) => !failed.has(id));
      if (scopes.some((s) => read.includes(s.id))) return;
      throw new UsageError(
        `--baseline ${options.baseline}: it read ${read.join(", ")}; this run reads ${scopes.map((s) => s.id).join(", ")}: ` +
          "no scope in common, so nothing could be compared (give the evidence.json of an earlier run of these scopes)",
      );
    },
    buildOptions(evidence) {
      at = evidence.run.startedAt;
      waive = waivers ? createWaive(waivers, at, options.waiverWarnDays) : undefined;
      return {
        ...(waive ? { waive: waive.waive } : {}),
        ...(baseline ? { baseline: { report: baseline.report, label: baseline.label } } : {}),
        firstSeen: previous ? previous.firstSeen : recordedFirstSeen(evidence),
        ...(history ? { trend: { previous: trend, run: history.run } } : {}),
      };
    },
    notes: () => [...skipped, ...(waivers && waive ? waiverNotes(waivers, waive, at, options.waiverWarnDays) : [])],
    release: () => release(),
    failed: async (message, exitCode) => {
      if (!history) return;
      // No pruning for a run that wrote nothing: the runs kept stay as they were.
      await updateHistory(history.root, {
        failure: { name: history.run, dataTime: context.now.toISOString(), exitCode, message },
      });
    },
    finish: async (report, deliveries) => {
      if (!history) return undefined;
      // Remembered once the run is written: a run that failed changes nothing in the folder.
      const changed = options.keep !== undefined && options.keep !== remembered?.keep;
      const retention = changed ? { keep: options.keep as number, setBy: history.run } : remembered;
      if (changed) await writeRetention(history.root, retention as Retention);
      const updated = await updateHistory(history.root, {
        ...(keep !== undefined ? { keep } : {}),
        current: { name: history.run, report, ...(deliveries?.length ? { deliveries } : {}) },
      });
      return {
        ...updated,
        retention: { ...retention, changed, ...(changed && remembered ? { was: remembered.keep } : {}) },
      };
    },
  };
}
