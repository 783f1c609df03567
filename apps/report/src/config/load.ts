// Reads a `--config` file (`.json`: JSON, else YAML) and validates it with the run schema.
import { stat } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { parseDataFile, readInputFile } from "../input.js";
import { formatPath } from "./issues.js";
import { type OptionSpec, RUN_OPTIONS } from "./options.js";
import { checkRunConfig, type RunConfig } from "./schema.js";

export async function loadConfigFile(file: string): Promise<RunConfig> {
  const text = await readInputFile(file, `--config ${file}`);
  const mode = (await stat(file).catch(() => undefined))?.mode ?? 0;
  try {
    return parseConfigText(text, file);
  } catch (error) {
    // The schema refuses secrets; if the file holding one is readable by other users, say so loudly.
    const keys = error instanceof UsageError ? secretKeysIn(text, file) : [];
    if (keys.length && process.platform !== "win32" && (mode & 0o044) !== 0) {
      throw new UsageError(
        `${error instanceof Error ? error.message : String(error)}\n` +
          `warning: ${file} holds a secret (${keys.join(", ")}) and other users can read it ` +
          `(mode ${(mode & 0o777).toString(8).padStart(4, "0")}): treat the secret as leaked, rotate it, ` +
          "and keep only environment variable names in the file (chmod 600 it as well)",
      );
    }
    throw error;
  }
}

const SECRET_KEYS = new Set(["token", "ak", "sk", "password", "security_token", "secret", "secret_key", "access_key"]);

/** Keys anywhere in the (parsable) file that name a secret, such as `token:`; none when it does not parse. */
function secretKeysIn(text: string, file: string): string[] {
  let data: unknown;
  try {
    // As the file was read (not plain YAML again: a deep file that the parse refused could exhaust memory here).
    data = parseDataFile(text, file, file, "");
  } catch {
    return [];
  }
  const found = new Set<string>();
  const walk = (value: unknown, depth: number) => {
    if (depth > 8 || value === null || typeof value !== "object") return;
    for (const [key, inner] of Object.entries(value)) {
      if (SECRET_KEYS.has(key.toLowerCase())) found.add(key);
      walk(inner, depth + 1);
    }
  };
  walk(data, 0);
  return [...found];
}

export function parseConfigText(text: string, file: string): RunConfig {
  let data = parseDataFile(text, file, `--config ${file}`, "JSON or YAML");
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) {
    throw new UsageError(`--config ${file}: must be a mapping of option names to values (e.g. "region: cn-north-4")`);
  }
  for (const key of Object.keys(data as object)) {
    const spec = (RUN_OPTIONS as Record<string, OptionSpec>)[key];
    if (spec?.oneOff) {
      throw new UsageError(
        `--config ${file}: ${key} is refused in a config file: give ${spec.flag} on the command line of a one-off run`,
      );
    }
  }
  return checkRunConfig(data, (path) => (path.length ? formatPath(path) : ""), `--config ${file} is not valid:`);
}
