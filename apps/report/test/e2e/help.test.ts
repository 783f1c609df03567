// Each sub-command's --help, from the built CLI: every flag it takes with that command's own help and default from
// the options table, required flags first and marked, and `help <command>` printing the same page.

import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  COMMAND_FLAGS,
  type CommandName,
  helpOf,
  type OptionSpec,
  RUN_OPTIONS,
  takesFlag,
} from "../../src/config/options.js";
import { APP_DIR, cliWorkDir, runCli } from "../helpers/cli.js";

const workDir = cliWorkDir();

/** The installed command: the app's package.json `bin`. */
const COMMAND_NAME = Object.keys(
  (JSON.parse(readFileSync(join(APP_DIR, "package.json"), "utf8")) as { bin: Record<string, string> }).bin,
)[0] as string;

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
      expect(viaHelp.stdout).toContain(`Usage: ${COMMAND_NAME} ${command}`);
    }
  });
});

describe("the command's name", () => {
  it("is the installed command's (package.json bin) in usage lines and errors, however the program is started", async () => {
    expect(COMMAND_NAME).toBe("hss-report");
    // Started as `node dist/cli.js`, as `pnpm report` does: no link named for the command.
    const help = await runCli(["--help"], { cwd: workDir() });
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe(`Usage: ${COMMAND_NAME} [options] [command]`);
    const schedule = await runCli(["schedule", "--help"], { cwd: workDir() });
    expect(schedule.stdout.split("\n")[0]).toBe(`Usage: ${COMMAND_NAME} schedule [options]`);
    const bad = await runCli(["--bogus-flag"], { cwd: workDir() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown option '--bogus-flag'");
    // An error about a file that names the program that writes such files.
    const file = join(workDir(), "not-evidence.json");
    await writeFile(file, JSON.stringify({ format: "something-else" }));
    const render = await runCli(["render", "--from", file], { cwd: workDir() });
    expect(render.code).toBe(2);
    expect(render.stderr).toContain(`not an evidence.json written by ${COMMAND_NAME} (format "something-else"`);
    for (const run of [help, schedule, bad, render])
      expect(run.stdout + run.stderr).not.toMatch(/\bpnpm report\b|Usage: report\b/);
  });
});
