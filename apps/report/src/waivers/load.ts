// Reads and validates a `--waivers` file (YAML, or JSON which YAML 1.2 parses too).
import { formatIssues, formatPath } from "../config/issues.js";
import { UsageError } from "../errors.js";
import { parseDataFile, readInputFile } from "../input.js";
import { type WaiverEntry, waiverFileSchema } from "./schema.js";

export interface Waiver extends WaiverEntry {
  /** Position in the file (0-based), used in messages as `waivers[index]`. */
  index: number;
}

export interface WaiverSet {
  /** The file as given on the command line, for messages. */
  file: string;
  waivers: Waiver[];
}

/** `label` names the file in messages (the path as the user typed it). */
export async function loadWaivers(file: string, label = file): Promise<WaiverSet> {
  return parseWaivers(await readInputFile(file, `--waivers ${label}`), label);
}

export function parseWaivers(text: string, file: string): WaiverSet {
  let data = parseDataFile(text, file, `--waivers ${file}`, "YAML or JSON");
  if (data === null || data === undefined) data = { waivers: [] };
  const bare = Array.isArray(data);
  if (bare) data = { waivers: data };
  if (typeof data !== "object") {
    throw new UsageError(
      `--waivers ${file}: must be a mapping with a "waivers" list (or a bare list) of entries with keys rule, image, reason, approver, expires`,
    );
  }
  const parsed = waiverFileSchema.safeParse(data);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error, (path) => {
      if (!path.length) return "";
      // A bare list has no `waivers` key: name entries `[2].expires` as the user wrote them.
      const shown = bare && path[0] === "waivers" ? path.slice(1) : path;
      const where = formatPath(shown);
      const entry = typeof path[1] === "number" ? ` (waiver #${path[1] + 1})` : "";
      return `${where}${entry}`;
    });
    throw new UsageError(`--waivers ${file} is not valid:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  }
  return { file, waivers: parsed.data.waivers.map((entry, index) => ({ ...entry, index })) };
}
