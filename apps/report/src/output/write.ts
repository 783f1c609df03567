// Writes the report files so that a failed run leaves nothing behind: everything goes into a hidden temporary
// folder next to the target (same file system), which is renamed into place only once every file is complete.
import { randomBytes } from "node:crypto";
import type { Stats } from "node:fs";
import { mkdir, mkdtemp, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
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
 * recursive mkdir would never return). Throws a UsageError naming `target`.
 */
export async function checkOutputTarget(target: string): Promise<void> {
  const dir = resolve(target);
  const { existing, info } = await nearestExisting(dir);
  if (!info.isDirectory()) {
    const what = existing === dir ? "exists and is not a directory" : `${existing} is not a directory`;
    throw new UsageError(`--out ${target}: ${what}`);
  }
  // The one test that tells for sure: make (and remove) a hidden folder where the report's folder will be made.
  const probe = await mkdtemp(join(existing, ".hss-report-probe-")).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(
      `--out ${target}: cannot create a folder in ${existing} (${error.code ?? error.message}); give a folder on a writable file system`,
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
 * Writes `files` into `target` atomically and returns the absolute paths written. An existing empty `target` is
 * replaced; an existing non-empty one receives the files one rename each (files with other names stay).
 */
export async function writeOutput(target: string, files: OutputFile[], signal?: AbortSignal): Promise<string[]> {
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
    await moveInto(temp, finalDir);
    return files.map((file) => join(finalDir, file.name));
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
    throw error;
  }
}

async function moveInto(temp: string, finalDir: string): Promise<void> {
  const existing = await readdir(finalDir).catch(() => undefined);
  if (existing === undefined || existing.length === 0) {
    // rename(2) replaces an empty directory atomically.
    await rename(temp, finalDir);
    return;
  }
  for (const name of await readdir(temp)) await rename(join(temp, name), join(finalDir, name));
  await rmdir(temp);
}
