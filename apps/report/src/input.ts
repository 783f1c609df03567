// Files the user names (--config, --waivers, --from, --baseline): read and parsed with errors that name the file as
// the user gave it and say what is wrong, as usage errors (exit 2).
import { readFile } from "node:fs/promises";
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
