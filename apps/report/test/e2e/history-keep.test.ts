// A history folder remembers its --keep: a later run without --keep keeps the same number of runs, another --keep
// changes it, and each run's log says how many the folder keeps and why. The built CLI against the emulator, each run
// at a data time the test sets (`HSS_REPORT_NOW`), so the run folders' names are known.
import { spawn } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listRuns, RETENTION_FILE } from "../../src/history/index.js";
import { messages } from "../../src/i18n/index.js";
import { assertBuilt, CLI, runCli, tempDir } from "../helpers/cli.js";

const TOKEN = "tok-history-keep-71c2";
const m = messages("en-us");

let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "history-keep", images: 10, tokens: [TOKEN] });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

describe("--keep in a history folder", () => {
  it("is remembered by the folder until another --keep changes it, and the log says so", async () => {
    const hist = join(work.dir, "hist");
    /** Every run written so far, oldest first, by its folder name (the data time, as the folder names it). */
    const written: string[] = [];
    const run = async (day: number, keep?: number) => {
      const at = `2026-12-${String(day).padStart(2, "0")}T06:00:00Z`;
      const args = ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--out", hist, "--format", "json"];
      const result = await runCli(keep === undefined ? args : [...args, "--keep", String(keep)], {
        env: { HSS_AUTH_TOKEN: TOKEN, HSS_REPORT_NOW: at },
        cwd: work.dir,
      });
      expect(result.code, result.stderr).toBe(0);
      written.push(`${at.slice(0, 10)}T06-00-00Z`);
      return result.stderr;
    };
    const retention = async () => JSON.parse(await readFile(join(hist, RETENTION_FILE), "utf8"));
    const index = () => readFile(join(hist, "index.html"), "utf8");

    // --keep 2 on the first run: remembered, with the run that set it.
    const first = await run(1, 2);
    expect(first).toContain(`history ${hist}: keeps the newest 2 runs from now on (--keep 2)`);
    expect(await retention()).toEqual({ keep: 2, setBy: written[0] });

    // Runs without --keep keep the folder's 2: the third prunes the first.
    expect(await run(2)).toContain(
      `history ${hist}: keeps the newest 2 runs (its --keep, set by run ${written[0]}; another --keep changes it)`,
    );
    expect(await listRuns(hist)).toEqual(written.slice(-2));
    const third = await run(3);
    expect(third).toContain(`keeps the newest 2 runs (its --keep, set by run ${written[0]}`);
    expect(third).toContain("; removed 1 older run");
    expect(await listRuns(hist)).toEqual(written.slice(-2));
    expect(await index()).toContain(m.count("history.kept", 2));

    // Another --keep changes it, says what it was, and the runs after it keep the new number.
    expect(await run(4, 3)).toContain(`history ${hist}: keeps the newest 3 runs from now on (--keep 3, was 2)`);
    expect(await retention()).toEqual({ keep: 3, setBy: written[3] });
    expect(await listRuns(hist)).toEqual(written.slice(-3));
    const fifth = await run(5);
    expect(fifth).toContain(`keeps the newest 3 runs (its --keep, set by run ${written[3]}`);
    expect(await listRuns(hist)).toEqual(written.slice(-3));
    expect(await index()).toContain(m.count("history.kept", 3));

    // A schedule without --keep into the folder says what its runs will keep.
    const child = spawn(process.execPath, [CLI, "schedule", "--cron", "0 0 1 1 *", "--out", hist], {
      cwd: work.dir,
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    const started = new Promise<void>((resolve) =>
      child.stdout.on("data", (chunk) => {
        stdout += chunk;
        if (stdout.includes("\n")) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    await started;
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stdout).toContain(`reports in ${hist}, keeping the last 3 (the folder's --keep, set by run ${written[3]})`);
    // Five runs and a schedule: more than the project's guard at a load of 15 (a few seconds each when idle).
  }, 300_000);

  it("a folder that remembers no --keep (written before it was remembered) keeps every run, and says so", async () => {
    const hist = join(work.dir, "older");
    const args = ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--out", hist, "--format", "json"];
    const env = (day: number) => ({ HSS_AUTH_TOKEN: TOKEN, HSS_REPORT_NOW: `2026-12-0${day}T06:00:00Z` });
    const first = await runCli([...args, "--keep", "1"], { env: env(1), cwd: work.dir });
    expect(first.code, first.stderr).toBe(0);
    await rm(join(hist, RETENTION_FILE));
    const second = await runCli(args, { env: env(2), cwd: work.dir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`history ${hist}: keeps every run (--keep N keeps the newest N from then on)`);
    expect(await listRuns(hist)).toEqual(["2026-12-01T06-00-00Z", "2026-12-02T06-00-00Z"]);
  });
});
