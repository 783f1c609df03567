// Writes the report files so that a failed run leaves nothing behind: everything goes into a hidden temporary
// folder next to the target (same file system), which is renamed into place only once every file is complete.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../errors.js";

export interface OutputFile {
  name: string;
  /** The content, whole or in chunks (so that large reports never become one string). */
  content: string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
}

/** Fails early (before any API call) when `--out` names something that cannot receive the report. */
export async function checkOutputTarget(target: string): Promise<void> {
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory()) throw new UsageError(`--out ${target}: exists and is not a directory`);
}

/** `reports/2026-11-27T23-45-07Z` (colons are not allowed in Windows file names). */
export function defaultOutputDir(base: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/:/g, "-");
  return join(base, "reports", stamp);
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

/** Creates the missing ancestors of `dir` and returns those it created, deepest last. */
async function mkdirTracked(dir: string): Promise<string[]> {
  const missing: string[] = [];
  let current = dir;
  while (!(await stat(current).catch(() => undefined))) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  await mkdir(dir, { recursive: true });
  return missing;
}

/**
 * Writes `files` into `target` atomically and returns the absolute paths written. An existing empty `target` is
 * replaced; an existing non-empty one receives the files one rename each (files with other names stay).
 */
export async function writeOutput(target: string, files: OutputFile[], signal?: AbortSignal): Promise<string[]> {
  const finalDir = resolve(target);
  const parent = dirname(finalDir);
  const created = await mkdirTracked(parent);
  const temp = join(parent, `.${basename(finalDir)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`);
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
