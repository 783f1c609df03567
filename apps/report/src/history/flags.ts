// `--waivers`, `--baseline` and `--keep` from the command line (commander's camelCase flags) as run options.
import { Option } from "commander";
import { UsageError } from "../errors.js";
import type { HistoryOptions } from "./context.js";

/** `--waivers` and `--baseline`: for every report-writing command (`report`, `render`, `schedule`). */
export function historyOutputOptions(): Option[] {
  return [
    new Option(
      "--waivers <file>",
      "accepted risks (YAML or JSON): shown muted with reason and expiry, not counted by --fail-on",
    ),
    new Option("--baseline <file>", "evidence.json of an earlier run: report new and resolved findings since then"),
  ];
}

/** `--keep`: for commands that write runs (`report`, `schedule`). */
export function keepOption(): Option {
  return new Option(
    "--keep <n>",
    "keep the newest N runs: --out becomes a history folder (a sub-folder per run, latest, index.html)",
  );
}

export function historyFromFlags(flags: Record<string, unknown>): HistoryOptions {
  const options: HistoryOptions = {};
  if (typeof flags.waivers === "string") options.waivers = flags.waivers;
  if (typeof flags.baseline === "string") options.baseline = flags.baseline;
  if (flags.keep !== undefined) {
    const text = String(flags.keep);
    if (!/^\d+$/.test(text) || Number(text) < 1) {
      throw new UsageError(`--keep: must be a whole number of runs, at least 1 (got ${JSON.stringify(text)})`);
    }
    options.keep = Number(text);
  }
  return options;
}
