// The output folder as a user meets it, with the built CLI: a failed write leaves it as it was, a re-run leaves
// exactly one run in it, two runs started together get two folders, and a closed or full stderr costs only the log.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, cliWorkDir, listFiles, runCli } from "../helpers/cli.js";

const workDir = cliWorkDir();

/** Runs the CLI with its stderr either a pipe the reader closes at once, or an fd given (e.g. /dev/full). */
function runWithStderr(args: string[], cwd: string, stderr: "closed" | number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "ignore", stderr === "closed" ? "pipe" : stderr],
    });
    child.stderr?.destroy();
    child.on("error", reject);
    child.on("close", resolve);
  });
}

describe("the output folder", () => {
  it("a write that cannot complete leaves the folder as it was: a clear usage error, exit 2", async () => {
    const out = join(workDir(), "blocked");
    await mkdir(join(out, "report.pdf"), { recursive: true });
    await writeFile(join(out, "images.csv"), "an earlier run");
    const before = await listFiles(out);
    const run = await runCli(["--demo", "--out", out], { cwd: workDir() });
    expect(run.code).toBe(2);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("usage error:"));
    expect(errors).toEqual([
      `usage error: --out ${out}: ${join(out, "report.pdf")} is a directory; this run writes a file of that name`,
    ]);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(await listFiles(out)).toEqual(before);
    expect(await readFile(join(out, "images.csv"), "utf8")).toBe("an earlier run");
  });

  it("a re-run into a used folder leaves exactly its own files, and the other files it found", async () => {
    const out = join(workDir(), "reused");
    const first = await runCli(["--demo", "--format", "json,csv,findings,md", "--out", out], { cwd: workDir() });
    expect(first.code).toBe(0);
    await writeFile(join(out, "notes.txt"), "not the tool's");

    // A file the run reads is not an earlier run's leftover: render --from in the same folder keeps its evidence.
    const evidence = join(out, "evidence.json");
    const render = await runCli(["render", "--from", evidence, "--format", "csv", "--out", out], { cwd: workDir() });
    expect(render.code).toBe(0);
    expect(await listFiles(out)).toEqual(["evidence.json", "images.csv", "notes.txt"]);

    const second = await runCli(["--demo", "--format", "md", "--out", out], { cwd: workDir() });
    expect(second.code).toBe(0);
    expect(await listFiles(out)).toEqual(["notes.txt", "summary.md"]);
    const removedLine = second.stderr.split("\n").find((line) => line.startsWith(`removed from ${out}`)) ?? "";
    expect(
      removedLine
        .slice(removedLine.indexOf(": ") + 2)
        .split(", ")
        .sort(),
    ).toEqual(["evidence.json", "images.csv"]);
  });

  it("two runs started in the same second each get their own stamped folder", async () => {
    const cwd = join(workDir(), "together");
    await mkdir(cwd);
    const env = { HSS_REPORT_NOW: "2026-12-01T06:00:00Z" };
    const runs = await Promise.all([1, 2].map(() => runCli(["--demo", "--format", "csv,md"], { cwd, env })));
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const folders = runs.map((run) => /wrote \d+ files? to (\S+):/.exec(run.stderr)?.[1]).sort();
    const base = join(cwd, "reports", "2026-12-01T06-00-00Z");
    expect(folders).toEqual([base, `${base}-2`]);
    const expected = ["2026-12-01T06-00-00Z", "2026-12-01T06-00-00Z-2"].flatMap((name) => [
      `${name}/`,
      `${name}/images.csv`,
      `${name}/summary.md`,
    ]);
    expect(await listFiles(join(cwd, "reports"))).toEqual(expected.sort());
  });

  it("with --keep and no --out, the run goes into the history's own run folder, and no other is made", async () => {
    const cwd = join(workDir(), "kept");
    await mkdir(cwd);
    const run = await runCli(["--demo", "--keep", "2", "--format", "csv"], {
      cwd,
      env: { HSS_REPORT_NOW: "2026-12-01T06:00:00Z" },
    });
    expect(run.code).toBe(0);
    const folders = (await readdir(join(cwd, "reports"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name);
    expect(folders).toEqual(["2026-12-01T06-00-00Z"]);
    expect(await listFiles(join(cwd, "reports", folders[0] ?? ""))).toEqual([
      "evidence.json",
      "images.csv",
      "summary.md",
    ]);
  });

  it("two --keep runs started in the same second each get their own run folder in the history", async () => {
    const cwd = join(workDir(), "kept-together");
    await mkdir(cwd);
    const env = { HSS_REPORT_NOW: "2026-12-01T06:00:00Z" };
    const runs = await Promise.all(
      [1, 2].map(() => runCli(["--demo", "--keep", "5", "--format", "csv"], { cwd, env })),
    );
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const folders = (await readdir(join(cwd, "reports"), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(["2026-12-01T06-00-00Z", "2026-12-01T06-00-00Z-2"]);
    for (const folder of folders) {
      expect(await listFiles(join(cwd, "reports", folder))).toEqual(["evidence.json", "images.csv", "summary.md"]);
    }
  });

  it("a stderr closed by its reader costs the log, not the run", async () => {
    const out = join(workDir(), "stderr-closed");
    expect(await runWithStderr(["--demo", "--format", "csv,md", "--out", out], workDir(), "closed")).toBe(0);
    expect(await listFiles(out)).toEqual(["images.csv", "summary.md"]);
  });

  it("a full stderr (ENOSPC on /dev/full) costs the log, not the run", async () => {
    const out = join(workDir(), "stderr-full");
    const full = openSync("/dev/full", "w");
    try {
      expect(await runWithStderr(["--demo", "--format", "csv,md", "--out", out], workDir(), full)).toBe(0);
    } finally {
      closeSync(full);
    }
    expect(await listFiles(out)).toEqual(["images.csv", "summary.md"]);
  });
});
