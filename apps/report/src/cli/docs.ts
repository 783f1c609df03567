// The option list of apps/report/README.md, written from the options table so the docs cannot drift from --help.
import { COMMAND_FLAGS, type OptionSpec, RUN_OPTIONS, takesFlag } from "../config/options.js";

export const DOCS_START =
  "<!-- options: generated from src/config/options.ts by `pnpm --filter @hss-reports/report run options-doc` -->";
export const DOCS_END = "<!-- options: end -->";

const code = (text: string) => `\`${text}\``;
const defaultOf = (value: string | undefined) => (value === undefined ? "" : ` Default: ${code(value)}.`);

/** One line per option: flag, config key, the commands that take it, what it does, its default. */
export function optionsMarkdown(): string {
  const lines: string[] = [];
  for (const [key, spec] of Object.entries(RUN_OPTIONS) as [string, OptionSpec][]) {
    const where = spec.flag
      ? spec.oneOff
        ? `${code(spec.flag)} (key ${code(key)}: command line only, refused in a config file and by schedule${takesFlag(spec, "render") ? "; render too" : ""})`
        : `${code(spec.flag)} (config ${code(key)}${takesFlag(spec, "render") ? "; render too" : ""})`
      : `${code(key)} (config file only)`;
    // A command's own help or default, where it differs from the line's.
    const others = Object.entries(spec.per ?? {}).map(
      ([command, own]) => ` For ${command}${own.help ? `: ${own.help}.` : "."}${defaultOf(own.default)}`,
    );
    lines.push(`- ${where}: ${spec.help}.${defaultOf(spec.default)}${others.join("")}`);
  }
  for (const flag of COMMAND_FLAGS) {
    const where = `${flag.commands.join(", ")}${flag.required ? ", required" : ""}`;
    lines.push(`- ${code(flag.flag)} (${where}): ${flag.help}.${defaultOf(flag.default)}`);
  }
  return lines.join("\n");
}

/** `readme` with the text between the markers replaced by the current option list. */
export function withOptionsMarkdown(readme: string): string {
  const start = readme.indexOf(DOCS_START);
  const end = readme.indexOf(DOCS_END);
  if (start < 0 || end < start) throw new Error(`README has no "${DOCS_START}" ... "${DOCS_END}" block`);
  return `${readme.slice(0, start + DOCS_START.length)}\n\n${optionsMarkdown()}\n\n${readme.slice(end)}`;
}
