// A history folder: one sub-folder per run (`DIR/2026-11-27T23-45-07Z/`), a `latest` pointer (a relative symlink,
// plus a `LATEST` text file for file systems and tools without symlinks), the last N runs kept, and `DIR/index.html`
// listing the runs. Run folders appear atomically (the writer renames a hidden `.NAME.partial-PID-*` folder into
// place), so anything not hidden is a complete run.
import { createReadStream } from "node:fs";
import { lstat, readdir, readFile, readlink, rename, rm, stat, symlink, unlink } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { JSONParser } from "@streamparser/json";
import type { DeliveryResult } from "../deliver/index.js";
import { readEvidence } from "../evidence/load.js";
import { withSpool } from "../evidence/spool.js";
import type { Evidence } from "../evidence/types.js";
import { maskBaseline } from "../mask/evidence.js";
import { buildReport } from "../model/build.js";
import type { Report } from "../model/types.js";
import { partialOf, partialOwner, writeFileAtomic } from "../output/write.js";
import { headlineOf, type RunHeadline, renderHistoryIndex } from "./index-html.js";

export const LATEST_LINK = "latest";
export const LATEST_FILE = "LATEST";
export const INDEX_HTML = "index.html";
/** Headline numbers of each run, so that the index does not rebuild every run's model. Rebuilt when missing. */
export const HEADLINES_FILE = ".history.json";
export const EVIDENCE_JSON = "evidence.json";

const RUN_NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z(?:-\d+)?$/;

export const isRunName = (name: string): boolean => RUN_NAME.test(name);

/**
 * A folder is a history root when a previous history run left its marks there: a `LATEST` file or a `latest` link,
 * the headlines (`.history.json`, written even when every run failed) or the remembered `--keep` (`.retention.json`).
 */
export async function isHistoryRoot(dir: string): Promise<boolean> {
  for (const name of [LATEST_FILE, LATEST_LINK, HEADLINES_FILE, RETENTION_FILE]) {
    if (await lstat(join(dir, name)).catch(() => undefined)) return true;
  }
  return false;
}

/**
 * The history folder that is `dir` or holds it (at any depth), or undefined when none does. Above `dir` only the
 * hidden files every history run writes count: a `LATEST` file or `latest` link of some other tool does not.
 */
export async function enclosingHistoryRoot(dir: string): Promise<string | undefined> {
  const start = resolve(dir);
  if (await isHistoryRoot(start)) return start;
  for (let current = dirname(start); ; current = dirname(current)) {
    for (const name of [HEADLINES_FILE, RETENTION_FILE]) {
      if (await lstat(join(current, name)).catch(() => undefined)) return current;
    }
    if (dirname(current) === current) return undefined;
  }
}

/** Run folder names, oldest first. */
export async function listRuns(root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && isRunName(entry.name))
    .map((entry) => entry.name)
    .sort();
}

/** Per process: whether a run folder's evidence says it holds unmasked secrets (a finished run folder never changes). */
const revealed = new Map<string, boolean>();

/** True when `dir/evidence.json` says `--reveal-secrets` wrote it (`masking.policy` "revealed"), whatever its layout. */
export async function isRevealedRun(dir: string): Promise<boolean> {
  const file = join(dir, EVIDENCE_JSON);
  const known = revealed.get(file);
  if (known !== undefined) return known;
  let policy: unknown;
  const parser = new JSONParser({ paths: ["$.masking.policy"], keepStack: false });
  parser.onValue = ({ value }) => {
    policy = value;
  };
  try {
    for await (const chunk of createReadStream(file)) parser.write(chunk as Buffer);
  } catch {
    // No evidence, or not JSON: nothing says it is revealed (the index lists it as a run without numbers).
  }
  revealed.set(file, policy === "revealed");
  return policy === "revealed";
}

/**
 * Run folders that a history never adopts: not yet in its headlines, and written with `--reveal-secrets` (a one-off
 * report put there by hand). Oldest first. `current`: this run's own folder, refused with `--reveal-secrets`.
 */
export async function revealedRuns(root: string, current?: string): Promise<string[]> {
  const cache = await readHeadlines(root);
  const found: string[] = [];
  for (const run of await listRuns(root)) {
    if (run !== current && !cache[run] && (await isRevealedRun(join(root, run)))) found.push(run);
  }
  return found;
}

/** The runs of a history folder, oldest first: its run folders but those of `revealedRuns`. */
export async function historyRuns(root: string, current?: string): Promise<string[]> {
  const left = new Set(await revealedRuns(root, current));
  return (await listRuns(root)).filter((run) => !left.has(run));
}

/** The latest complete run: the one `LATEST` names if it still exists, else the newest folder. */
export async function latestRun(root: string): Promise<string | undefined> {
  const named = (await readFile(join(root, LATEST_FILE), "utf8").catch(() => "")).trim();
  const runs = await historyRuns(root);
  if (named && runs.includes(named)) return named;
  return runs.at(-1);
}

/** The newest run that has evidence to compare with (`--format` without json leaves none). */
export async function previousRunWithEvidence(root: string): Promise<string | undefined> {
  const runs = await historyRuns(root);
  const latest = await latestRun(root);
  const ordered = latest ? [latest, ...runs.filter((r) => r !== latest).reverse()] : runs.reverse();
  for (const run of ordered) {
    if (await stat(join(root, run, EVIDENCE_JSON)).catch(() => undefined)) return run;
  }
  return undefined;
}

export interface PreviousRun {
  report: Report;
  label: string;
  /** What the next run carries on for the findings it still has: see `firstSeenAfter`. */
  firstSeen: Map<string, string>;
}

/** The baseline for a new run in `root`: the previous run's model, or undefined for the first run. */
export async function previousBaseline(root: string): Promise<PreviousRun | undefined> {
  const run = await previousRunWithEvidence(root);
  if (!run) return undefined;
  const file = join(root, run, EVIDENCE_JSON);
  return withSpool(async (spool) => {
    const evidence = await readEvidence(file, spool, file);
    const report = buildReport(await maskBaseline(evidence, spool));
    return { report, label: run, firstSeen: firstSeenAfter(evidence, report) };
  });
}

/**
 * First-seen times to carry from a run to the next one: each finding of the run keeps the time its evidence's
 * assessment recorded, or else the run's own data time. A finding missing from the run is not carried, so when it
 * comes back later it is first seen again.
 */
export function firstSeenAfter(evidence: Pick<Evidence, "run" | "assessment">, report: Report): Map<string, string> {
  const recorded = recordedFirstSeen(evidence);
  return new Map([...report.findings.keys()].map((key) => [key, recorded.get(key) ?? report.meta.dataTime]));
}

/** The first-seen times an evidence file's assessment recorded (`render --from` shows the same ages again). */
export function recordedFirstSeen(evidence: Pick<Evidence, "run" | "assessment">): Map<string, string> {
  const recorded = evidence.assessment?.firstSeen;
  const ceiling = Date.parse(evidence.run.startedAt);
  const valid = new Map<string, string>();
  if (!recorded || typeof recorded !== "object") return valid;
  for (const [key, at] of Object.entries(recorded)) {
    // The assessment is not sealed: only a real time no later than the run itself is believed.
    if (typeof at === "string" && Date.parse(at) <= ceiling) valid.set(key, new Date(Date.parse(at)).toISOString());
  }
  return valid;
}

/** Removes hidden `.NAME.partial-PID-*` folders left by runs of processes that are gone (or of `pid`). */
export async function removePartials(root: string, pid?: number): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const owner = partialOwner(name);
    if (owner === undefined) continue;
    if (owner === pid || (owner !== process.pid && !alive(owner))) {
      await rm(join(root, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * How many runs the folder keeps: the last `--keep` a run into it was given, so that a later run without `--keep`
 * keeps the same number (and another `--keep` changes it). No file: every run is kept.
 */
export const RETENTION_FILE = ".retention.json";

export interface Retention {
  /** The newest runs kept. */
  keep: number;
  /** The run that was given this `--keep`. */
  setBy: string;
}

/** The folder's remembered `--keep`; none (every run kept) when absent or unreadable: an unknown number prunes nothing. */
export async function readRetention(root: string): Promise<Retention | undefined> {
  try {
    const data = JSON.parse(await readFile(join(root, RETENTION_FILE), "utf8")) as Partial<Retention> | null;
    if (Number.isInteger(data?.keep) && (data?.keep as number) >= 1 && typeof data?.setBy === "string") {
      return { keep: data.keep as number, setBy: data.setBy };
    }
  } catch {
    // None yet, or unreadable.
  }
  return undefined;
}

export async function writeRetention(root: string, retention: Retention): Promise<void> {
  await writeFileAtomic(join(root, RETENTION_FILE), `${JSON.stringify(retention, null, 1)}\n`);
}

export interface UpdateOptions {
  /** How many runs to keep (the newest); undefined keeps all. */
  keep?: number;
  /** The run just written, with its model, so its headline needs no rebuild. */
  current?: { name: string; report: Report; deliveries?: readonly DeliveryResult[] };
  /** Language of index.html; defaults to the current run's. */
  lang?: Report["meta"]["lang"];
  /** A run that failed instead (nothing of it was written): recorded in `FAILED_RUNS_FILE` and listed. */
  failure?: FailedRun;
}

/** A run of the history folder that failed: when, with which exit code, and why (secrets masked). */
export interface FailedRun {
  name: string;
  dataTime: string;
  exitCode: number;
  message: string;
}

/** Failed runs, newest last; those older than the oldest kept run are dropped with it. */
export const FAILED_RUNS_FILE = ".failed-runs.json";
/** At most this many failed runs are remembered when no run is kept yet (a folder that never worked). */
const MAX_FAILED = 50;

export interface UpdateResult {
  runs: string[];
  pruned: string[];
  latest?: string;
}

/** After a run: prune to the last N, point `latest` at the newest run, and rewrite index.html. */
export async function updateHistory(root: string, options: UpdateOptions = {}): Promise<UpdateResult> {
  let runs = await historyRuns(root, options.current?.name);
  const pruned: string[] = [];
  if (options.keep !== undefined && runs.length > options.keep) {
    const drop = runs.slice(0, runs.length - options.keep).filter((run) => run !== options.current?.name);
    for (const run of drop) {
      await rm(join(root, run), { recursive: true, force: true });
      pruned.push(run);
    }
    runs = runs.filter((run) => !pruned.includes(run));
  }
  const latest = runs.at(-1);
  if (latest) await pointLatest(root, latest);

  const cache = await readHeadlines(root);
  const headlines: RunHeadline[] = [];
  let previous: Report | undefined;
  for (const run of runs) {
    let headline = cache[run];
    let report: Report | undefined;
    if (options.current?.name === run) {
      report = options.current.report;
      headline = headlineOf(run, report, await filesOf(root, run), options.current.deliveries);
    } else if (!headline) {
      try {
        const baseline = previous ? { baseline: { report: previous, label: run } } : {};
        report = await withSpool(async (spool) =>
          buildReport(await readEvidence(join(root, run, EVIDENCE_JSON), spool, run), baseline),
        );
        headline = headlineOf(run, report, await filesOf(root, run));
      } catch {
        headline = { name: run, files: await filesOf(root, run) };
      }
    }
    previous = report ?? undefined;
    headlines.push(headline);
  }
  await writeFileAtomic(
    join(root, HEADLINES_FILE),
    `${JSON.stringify(Object.fromEntries(headlines.map((h) => [h.name, h])), null, 1)}\n`,
  );
  const failed = await updateFailedRuns(root, runs, options.failure);
  const lang = options.lang ?? options.current?.report.meta.lang ?? headlines.findLast((h) => h.lang)?.lang ?? "en-us";
  await writeFileAtomic(
    join(root, INDEX_HTML),
    renderHistoryIndex(headlines, { lang, latest, keep: options.keep, failed }),
  );
  return { runs, pruned, ...(latest ? { latest } : {}) };
}

async function updateFailedRuns(root: string, runs: readonly string[], failure?: FailedRun): Promise<FailedRun[]> {
  let list: FailedRun[] = [];
  try {
    const data = JSON.parse(await readFile(join(root, FAILED_RUNS_FILE), "utf8")) as unknown;
    if (Array.isArray(data)) {
      list = data.filter(
        (f): f is FailedRun =>
          typeof f?.name === "string" && typeof f.message === "string" && typeof f.exitCode === "number",
      );
    }
  } catch {
    // None yet, or unreadable: start again.
  }
  if (failure) list.push(failure);
  const oldest = runs[0];
  list = (oldest ? list.filter((f) => f.name >= oldest) : list).slice(-MAX_FAILED);
  if (failure || list.length) await writeFileAtomic(join(root, FAILED_RUNS_FILE), `${JSON.stringify(list, null, 1)}\n`);
  return list;
}

/** The cached headlines of the runs in `root`, oldest first (runs without one are left out). */
export async function runHeadlines(root: string): Promise<RunHeadline[]> {
  const cache = await readHeadlines(root);
  return (await listRuns(root)).flatMap((run) => (cache[run] ? [cache[run]] : []));
}

async function readHeadlines(root: string): Promise<Record<string, RunHeadline>> {
  try {
    const data = JSON.parse(await readFile(join(root, HEADLINES_FILE), "utf8")) as Record<string, RunHeadline>;
    return data && typeof data === "object" ? data : {};
  } catch {
    return {};
  }
}

const LISTED_FILES = ["report.html", "report.pdf", "evidence.json", "images.csv", "summary.md"];

async function filesOf(root: string, run: string): Promise<string[]> {
  const names = new Set(await readdir(join(root, run)).catch(() => [] as string[]));
  return LISTED_FILES.filter((name) => names.has(name));
}

/** `latest` -> run (relative symlink, replaced atomically) and `LATEST` containing the run name. */
export async function pointLatest(root: string, run: string): Promise<void> {
  await writeFileAtomic(join(root, LATEST_FILE), `${run}\n`);
  const link = join(root, LATEST_LINK);
  const current = await readlink(link).catch(() => undefined);
  if (current === run) return;
  const temp = partialOf(link);
  try {
    await symlink(run, temp, "dir");
    await rename(temp, link);
  } catch {
    // No symlinks here (some Windows setups, some mounted volumes): LATEST is the pointer.
    await unlink(temp).catch(() => undefined);
  }
}
