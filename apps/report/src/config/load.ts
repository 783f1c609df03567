// Reads a `--config` file (JSON, or YAML which is a superset of it) and validates it with the run schema.
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { UsageError } from "../errors.js";
import { formatIssues, formatPath } from "./issues.js";
import { type RunConfig, runConfigSchema } from "./schema.js";

export async function loadConfigFile(file: string): Promise<RunConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${file}: cannot read the file (${code ?? "error"})`);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): RunConfig {
  let data: unknown;
  try {
    // YAML 1.2 parses JSON too; `uniqueKeys` catches a key given twice, which JSON.parse would hide.
    data = parseYaml(text, { uniqueKeys: true, prettyErrors: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UsageError(`--config ${file}: not valid JSON or YAML: ${message}`);
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(`--config ${file}: must be a mapping of option names to values (e.g. "region: cn-north-4")`);
  }
  const parsed = runConfigSchema.safeParse(data);
  if (!parsed.success) {
    const lines = formatIssues(parsed.error, (path) => (path.length ? formatPath(path) : ""));
    throw new UsageError(`--config ${file} is not valid:\n${lines.map((l) => `  ${l}`).join("\n")}`);
  }
  return parsed.data;
}
