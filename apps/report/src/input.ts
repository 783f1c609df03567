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

/**
 * YAML 1.2, which parses JSON too, with `uniqueKeys` (a key given twice, which JSON.parse would hide, is an error).
 * `formats` says in the error what the file should have been (`JSON or YAML`).
 */
export function parseYamlInput(text: string, what: string, formats: string): unknown {
  try {
    return parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UsageError(`${what}: not valid ${formats}: ${message}`);
  }
}
