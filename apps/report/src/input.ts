// Files the user names (--config, --waivers, --from, --baseline): read and parsed with errors that name the file as
// the user gave it and say what is wrong, as usage errors (exit 2).
import { open, readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { UsageError } from "./errors.js";

/** The file's text; `what` names it in the error (`--waivers w.yaml`). */
export async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new UsageError(`${what}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
}

/**
 * The file's bytes in chunks of up to `chunkBytes` (default 1 MiB), for files too large to hold as one string (a
 * 1,000,000-finding evidence.json is ~0.6 GB); the same usage error as {@link readInputFile} when it cannot be read.
 */
export async function* readInputChunks(file: string, what: string, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  const cannot = (error: unknown) =>
    new UsageError(`${what}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  const handle = await open(file, "r").catch((error: unknown) => {
    throw cannot(error);
  });
  try {
    for (;;) {
      // A new buffer each time: the consumer may keep a chunk (or a view of it) after the next read.
      const buffer = Buffer.allocUnsafe(chunkBytes);
      const { bytesRead } = await handle.read(buffer, 0, chunkBytes, null).catch((error: unknown) => {
        throw cannot(error);
      });
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Levels of nesting a file may have: options sit a few levels deep; thousands would exhaust the call stack. */
export const MAX_NESTING = 64;

/**
 * A config or waivers file's data: a `.json` file as JSON (RFC 8259: a trailing comma is an error, with its line and
 * column), any other as YAML 1.2. Both with unique keys (a key given twice, which JSON.parse would hide, is an error)
 * and at most {@link MAX_NESTING} levels deep. `what` names the file in the error (`--config c.yaml`); `formats`
 * says what a non-JSON file should have been (`JSON or YAML`).
 */
export function parseDataFile(text: string, file: string, what: string, formats: string): unknown {
  const json = /\.json$/i.test(file);
  const tooDeep = () =>
    new UsageError(`${what}: nested too deep (at most ${MAX_NESTING} levels of lists and mappings)`);
  try {
    // JSON.parse for the syntax (and no deep recursion), then YAML, which reads JSON alike, for the duplicate keys.
    if (json && depthOf(parseJson(text, what)) > MAX_NESTING) throw tooDeep();
    // Checked before the YAML parser sees it: some thousand levels make it fail in V8's regexp compiler, which
    // ends the process ("out of memory") where no catch can answer.
    if (!json && nestingBound(text) > 4 * MAX_NESTING) throw tooDeep();
    const data = parseYaml(text, { uniqueKeys: true, prettyErrors: true });
    if (depthOf(data) > MAX_NESTING) throw tooDeep();
    return data;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message = error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
    // The YAML parser recurses per level: a file nested thousands deep ends there, not in the check above.
    if (error instanceof RangeError || /Maximum call stack/.test(message)) throw tooDeep();
    throw new UsageError(`${what}: not valid ${json ? "JSON" : formats}: ${message}`);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // V8 says "at position N" (Node 22+ adds the line and column): say where as line and column on every version.
    const message = error instanceof Error ? error.message : String(error);
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? text.length);
    const before = text.slice(0, position).split("\n");
    const reason = message.replace(/,? (?:in JSON )?at position \d+.*$/, "");
    throw new UsageError(
      `${what}: not valid JSON: ${reason} at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`,
    );
  }
}

/**
 * An upper bound, read from the text alone, of how deeply a YAML file nests: a line's indentation and list dashes
 * (each level of a block indents at least one column) plus the brackets and braces open there.
 */
function nestingBound(text: string): number {
  let bound = 0;
  let open = 0;
  for (const line of text.split("\n")) {
    const indent = /^[\s-]*/.exec(line)?.[0].length ?? 0;
    for (const char of line) {
      if (char === "[" || char === "{") bound = Math.max(bound, indent + ++open);
      else if (char === "]" || char === "}") open = Math.max(0, open - 1);
    }
    bound = Math.max(bound, indent + open);
  }
  return bound;
}

/** How deeply lists and mappings nest in parsed data (a scalar is 0), without recursion. */
function depthOf(data: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[data, 0]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, depth] = item;
    if (value === null || typeof value !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_NESTING) return deepest;
    for (const inner of Object.values(value)) stack.push([inner, depth + 1]);
  }
  return deepest;
}
