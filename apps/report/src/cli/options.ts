// The command line of `report`, `render` and `schedule`, built from the options table (config/options.ts): the
// commander options with their help, and the one loader that turns parsed flags (plus `--config`) into run options.
// Flags keep the names other tools rely on; list flags may be repeated or comma-separated
// (`--image-type cicd --image-type registry` = `--image-type cicd,registry`).
import { type Command, Option } from "commander";
import { z } from "zod";
import { loadConfigFile } from "../config/load.js";
import {
  COMMAND_FLAGS,
  type CommandName,
  helpOf,
  type OptionSpec,
  RUN_OPTIONS,
  type RunOptionKey,
  takesFlag,
} from "../config/options.js";
import { checkRunConfig, type RunConfig } from "../config/schema.js";
import { UsageError } from "../errors.js";
import type { RunOptions } from "../run.js";

const RUN_ENTRIES = Object.entries(RUN_OPTIONS) as [RunOptionKey, OptionSpec][];

/** Config key -> the flag that sets it, to name flags (not keys) in errors about the command line. */
export const FLAG_OF: Partial<Record<RunOptionKey, string>> = Object.fromEntries(
  RUN_ENTRIES.filter(([, spec]) => spec.flag).map(([key, spec]) => [key, flagName(spec.flag as string)]),
);

function flagName(flag: string): string {
  return flag.split(" ")[0] as string;
}

const collect = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  ...value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean),
];

function withDefault(help: string, value: string | undefined): string {
  return value === undefined ? help : `${help} (default: ${value})`;
}

/**
 * Adds every flag `name` takes, from the options table: its required flags first (marked so), then the run options
 * in the table's order with the command's own help and default, then its other flags.
 */
export function addOptions(command: Command, name: CommandName): Command {
  const flags = COMMAND_FLAGS.filter((flag) => flag.commands.includes(name));
  for (const flag of flags.filter((f) => f.required)) {
    command.addOption(new Option(flag.flag, `${flag.help} (required)`).makeOptionMandatory());
  }
  for (const [, spec] of RUN_ENTRIES) {
    if (!takesFlag(spec, name)) continue;
    const { help, default: value } = helpOf(spec, name);
    const option = new Option(spec.flag as string, withDefault(help, value));
    if (spec.list) option.argParser(collect);
    command.addOption(option);
  }
  for (const flag of flags.filter((f) => !f.required)) {
    command.addOption(new Option(flag.flag, withDefault(flag.help, flag.default)));
  }
  return command;
}

/**
 * A flag's text in the documented case when its option is one of fixed values (`--risk-level CRITICAL` ->
 * `critical`): the values are all lower case and none differ by case alone, so the case a user types is no error.
 */
function documentedCase(schema: z.ZodType, value: unknown): unknown {
  const values = schema instanceof z.ZodEnum ? schema.options : undefined;
  if (values === undefined) {
    if (schema instanceof z.ZodArray && Array.isArray(value))
      return value.map((v) => documentedCase(schema.element as z.ZodType, v));
    return value;
  }
  if (typeof value !== "string") return value;
  return values.find((known) => String(known).toLowerCase() === value.toLowerCase()) ?? value;
}

/** Commander's attribute for a flag: `--project-id` -> `projectId`. */
const attributeOf = (flag: string): string => new Option(flag).attributeName();

/** The values given on the command line, validated, as a (partial) run config. */
export function configFromFlags(flags: Record<string, unknown>): RunConfig {
  const raw: Record<string, unknown> = {};
  for (const [key, spec] of RUN_ENTRIES) {
    if (!spec.flag) continue;
    const value = flags[attributeOf(spec.flag)];
    if (value === undefined) continue;
    try {
      raw[key] = spec.parse ? spec.parse(String(value)) : documentedCase(spec.schema, value);
    } catch (error) {
      throw new UsageError(`${FLAG_OF[key]}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return checkRunConfig(raw, (path) => FLAG_OF[path[0] as RunOptionKey] ?? String(path[0] ?? ""));
}

/**
 * The one options loader of `report`, `render` and `schedule`: the `--config` file (when the command takes one),
 * then the flags, each validated where it comes from so errors name the flag or the file's key; a flag given wins
 * over the same key in the file.
 */
export async function loadRunOptions(flags: Record<string, unknown>): Promise<RunOptions> {
  const fromFlags = configFromFlags(flags);
  const fromFile: RunConfig = typeof flags.config === "string" ? await loadConfigFile(flags.config) : {};
  // Errors about how options combine name each one where it was given: its flag, else its key in the file.
  const sources: Record<string, string> = {};
  for (const key of Object.keys(fromFile)) sources[key] = `${key} in ${flags.config}`;
  for (const key of Object.keys(fromFlags)) sources[key] = FLAG_OF[key as RunOptionKey] ?? key;
  const options: RunOptions = { ...fromFile, ...fromFlags, sources };
  if (typeof flags.from === "string") options.from = flags.from;
  return options;
}
