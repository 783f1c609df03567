// Writes the report files so that a failed run leaves nothing behind: everything goes into a hidden temporary
// folder next to the target (same file system), which is renamed into place only once every file is complete.
import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

export interface OutputFile {
  name: string;
  /** The content, whole or in chunks (so that large reports never become one string). */
  content: string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
}

/**
 * Fails early (before any API call) when `--out` names something that cannot receive the report: a file, a path
 * below a file, or a place where no folder can be made (a read-only or pseudo file system such as /proc, where a
 * recursive mkdir would never return), or a folder where one of the file `names` to write is a directory. Throws a
 * UsageError naming `target` as `what` (default `--out TARGET`; `out in FILE (TARGET)` when a config file gave it).
 */
export async function checkOutputTarget(
  target: string,
  names: readonly string[] = [],
  what = `--out ${target}`,
): Promise<void> {
  const dir = resolve(target);
  const { existing, info } = await nearestExisting(dir);
  if (!info.isDirectory()) {
    throw new UsageError(
      `${what}: ${existing === dir ? "exists and is not a directory" : `${existing} is not a directory`}`,
    );
  }
  for (const name of existing === dir ? names : []) {
    if ((await lstat(join(dir, name)).catch(() => undefined))?.isDirectory()) {
      throw new UsageError(`${what}: ${join(dir, name)} is a directory; this run writes a file of that name`);
    }
  }
  // The one test that tells for sure: make (and remove) a hidden folder where the report's folder will be made.
  const probe = await mkdtemp(join(existing, ".hss-report-probe-")).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `${what}: cannot create a folder in ${existing} (${error.code ?? error.message}); give a folder on a writable file system`,
    );
  });
  await rmdir(probe);
}

/** `2026-11-27T23-45-07Z`: a folder name of a UTC time, sortable, without colons (not allowed in Windows names). */
export function folderStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
}

/** `reports/2026-11-27T23-45-07Z`. */
export function defaultOutputDir(base: string, now: Date): string {
  return join(base, "reports", folderStamp(now));
}

/** The hidden temporary name next to `path` that a write goes to before it is renamed into place. */
export function partialOf(path: string): string {
  return join(dirname(path), `.${basename(path)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
}

/** The process that writes a temporary `.NAME.partial-PID-*` entry, or undefined for any other name. */
export function partialOwner(name: string): number | undefined {
  const match = /^\..+\.partial-(\d+)-[0-9a-f]+$/.exec(name);
  return match ? Number(match[1]) : undefined;
}

/** Writes `content` to `file` through a temporary file renamed over it: readers see the old or the new, whole. */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const temp = partialOf(file);
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/** Chunked content (one CSV row, one evidence line) gathered into ~64 KB writes instead of one write per row. */
const BATCH = 64 * 1024;
function batched(content: OutputFile["content"]): OutputFile["content"] {
  if (typeof content === "string" || content instanceof Uint8Array) return content;
  return (async function* () {
    let buffer = "";
    for await (const chunk of content as AsyncIterable<string | Uint8Array>) {
      // Binary chunks (a streamed PDF) pass through whole; only text is gathered.
      if (typeof chunk !== "string") {
        if (buffer) yield buffer;
        buffer = "";
        yield chunk;
        continue;
      }
      buffer += chunk;
      if (buffer.length >= BATCH) {
        yield buffer;
        buffer = "";
      }
    }
    if (buffer) yield buffer;
  })();
}

/** The deepest of `dir` and its ancestors that exists, with what stat says of it. */
async function nearestExisting(dir: string): Promise<{ existing: string; info: Stats; missing: string[] }> {
  const missing: string[] = [];
  let current = dir;
  for (;;) {
    const info = await stat(current).catch(() => undefined);
    if (info) return { existing: current, info, missing };
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) throw new UsageError(`${dir}: no part of the path exists`);
    current = parent;
  }
}

/**
 * Creates the missing ancestors of `dir` one at a time (a recursive mkdir never returns under /proc) and returns
 * those it created, deepest last.
 */
async function mkdirTracked(dir: string): Promise<string[]> {
  const { missing } = await nearestExisting(dir);
  const created: string[] = [];
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue; // made meanwhile by someone else: not ours to remove
      for (const made of created.reverse()) await rmdir(made).catch(() => undefined);
      throw new UsageError(`${dir}: cannot create the folder ${folder} (${code ?? String(error)})`);
    }
    created.push(folder);
  }
  return created;
}

/**
 * Makes the folder `base`, or `base-2`, `base-3` ... when another run already holds it, with a plain (not recursive)
 * mkdir: EEXIST means taken, so two runs started in the same second never share a folder. Missing parents are made
 * first. `release` removes the folder again (and the parents made for it) while it is still empty: a run that fails
 * leaves nothing behind. Throws a UsageError naming `base` when no folder can be made there.
 */
export async function claimFolder(base: string): Promise<{ dir: string; release: () => Promise<void> }> {
  const created = await mkdirTracked(dirname(resolve(base)));
  for (let n = 1; ; n++) {
    const dir = resolve(n === 1 ? base : `${base}-${n}`);
    try {
      await mkdir(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      for (const made of created.reverse()) await rmdir(made).catch(() => undefined);
      throw new UsageError(`${base}: cannot create the folder ${dir} (${code ?? String(error)})`);
    }
    const release = async () => {
      for (const made of [dir, ...created.reverse()]) await rmdir(made).catch(() => undefined);
    };
    return { dir, release };
  }
}

export interface WriteOptions {
  signal?: AbortSignal | undefined;
  /**
   * Every file name the tool writes (all formats). Such files of an earlier run that this run does not write are
   * removed when it commits, so the folder holds exactly one run; files with other names stay.
   */
  replaces?: readonly string[];
}

/**
 * Writes `files` into `target` all-or-nothing and returns the absolute paths written and those of an earlier run
 * removed (see `WriteOptions.replaces`). A missing or empty `target` is replaced by the complete temporary folder in
 * one rename; into a used one the files move one rename each, and when one fails every move is undone: the folder is
 * left as it was. Throws the file system's error (a message naming the path when a move fails).
 */
export async function writeOutput(
  target: string,
  files: OutputFile[],
  options: WriteOptions = {},
): Promise<{ written: string[]; removed: string[] }> {
  const { signal, replaces = [] } = options;
  const finalDir = resolve(target);
  const parent = dirname(finalDir);
  const created = await mkdirTracked(parent);
  const temp = partialOf(finalDir);
  try {
    await mkdir(temp);
    for (const file of files) {
      signal?.throwIfAborted();
      await writeFile(join(temp, file.name), batched(file.content), { signal });
    }
    signal?.throwIfAborted();
    const removed = await moveInto(temp, finalDir, replaces);
    return { written: files.map((file) => join(finalDir, file.name)), removed: removed.map((n) => join(finalDir, n)) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

/** Moves the files of `temp` into `finalDir` (see writeOutput) and returns the names of the earlier run's removed. */
async function moveInto(temp: string, finalDir: string, replaces: readonly string[]): Promise<string[]> {
  const existing = await readdir(finalDir, { withFileTypes: true }).catch(() => undefined);
  if (existing === undefined || existing.length === 0) {
    // rename(2) replaces an empty directory atomically.
    await rename(temp, finalDir);
    return [];
  }
  const names = await readdir(temp);
  const present = new Set(existing.filter((entry) => !entry.isDirectory()).map((entry) => entry.name));
  const stale = replaces.filter((name) => present.has(name) && !names.includes(name));
  // The files this run replaces or removes wait in a hidden folder until every new file is in place.
  const old = partialOf(finalDir);
  await mkdir(old);
  const moved: string[] = [];
  const placed: string[] = [];
  let current = "";
  try {
    for (const name of [...names, ...stale].filter((n) => present.has(n))) {
      current = name;
      await rename(join(finalDir, name), join(old, name));
      moved.push(name);
    }
    for (const name of names) {
      current = name;
      await rename(join(temp, name), join(finalDir, name));
      placed.push(name);
    }
  } catch (error) {
    for (const name of placed.reverse()) await rename(join(finalDir, name), join(temp, name)).catch(() => undefined);
    for (const name of moved.reverse()) await rename(join(old, name), join(finalDir, name)).catch(() => undefined);
    // Not recursive: should a file fail to move back, it stays in the hidden folder rather than being lost.
    await rmdir(old).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      `cannot put ${join(finalDir, current)} in place (${code ?? String(error)}); ${finalDir} is left as it was`,
    );
  }
  await rm(old, { recursive: true, force: true });
  await rmdir(temp);
  return stale;
}
