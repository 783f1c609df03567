// Each sub-command's --help, from the built CLI: every flag it takes with that command's own help and default from
// the options table, required flags first and marked, and `help <command>` printing the same page.
import { describe, expect, it } from "vitest";
import {
  COMMAND_FLAGS,
  type CommandName,
  helpOf,
  type OptionSpec,
  RUN_OPTIONS,
  takesFlag,
} from "../../src/config/options.js";
import { cliWorkDir, runCli } from "../helpers/cli.js";

const workDir = cliWorkDir();

/** Commander wraps help text to the terminal: compare with whitespace collapsed. */
const flat = (text: string) => text.replace(/\s+/g, " ");

/** Each flag `command` takes, as the table says its help line should read (flag, help, default). */
function expectedLines(command: CommandName): string[] {
  const withDefault = (help: string, value?: string) => (value === undefined ? help : `${help} (default: ${value})`);
  const run = (Object.values(RUN_OPTIONS) as OptionSpec[])
    .filter((spec) => takesFlag(spec, command))
    .map((spec) => {
      const { help, default: value } = helpOf(spec, command);
      return `${spec.flag} ${withDefault(help, value)}`;
    });
  const flags = COMMAND_FLAGS.filter((f) => f.commands.includes(command)).map((f) =>
    f.required ? `${f.flag} ${f.help} (required)` : `${f.flag} ${withDefault(f.help, f.default)}`,
  );
  return [...run, ...flags];
}

/** The flags of a help page, in the order it lists them. */
const listedFlags = (help: string) => [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]);

describe("sub-command help", () => {
  it("render --help: its own words for --lang, --from first and marked required", async () => {
    const run = await runCli(["render", "--help"], { cwd: workDir() });
    expect(run.code, run.stderr).toBe(0);
    const text = flat(run.stdout);
    for (const line of expectedLines("render")) expect(text).toContain(line);
    // No text meant for another command.
    expect(text).not.toContain("(render:");
    expect(text).not.toContain("HSS's language");
    const required = COMMAND_FLAGS.filter((f) => f.required && f.commands.includes("render")).map((f) => f.flag);
    expect(required.length).toBeGreaterThan(0);
    const first = listedFlags(run.stdout).slice(0, required.length);
    expect(first).toEqual(required.map((flag) => flag.split(" ")[0]));
  });

  it("schedule --help: --out is the history folder with the default its footer gives", async () => {
    const run = await runCli(["schedule", "--help"], { cwd: workDir() });
    expect(run.code, run.stderr).toBe(0);
    const text = flat(run.stdout);
    for (const line of expectedLines("schedule")) expect(text).toContain(line);
    const out = helpOf(RUN_OPTIONS.out, "schedule").default as string;
    expect(text).toContain(`--out is the history folder (default ${out})`);
    expect(text).not.toContain("<UTC timestamp>");
    expect(listedFlags(run.stdout)[0]).toBe("--cron");
  });

  it("help render and help schedule print the same page as --help", async () => {
    for (const command of ["render", "schedule"]) {
      const viaHelp = await runCli(["help", command], { cwd: workDir() });
      const viaFlag = await runCli([command, "--help"], { cwd: workDir() });
      expect(viaHelp.code, viaHelp.stderr).toBe(0);
      expect(viaHelp.stdout).toBe(viaFlag.stdout);
      expect(viaHelp.stdout).toContain(`Usage: report ${command}`);
    }
  });
});
