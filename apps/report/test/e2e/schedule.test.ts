// The scheduler against the emulator over HTTP, with data that changes between runs: every run's diff must equal
// exactly what the emulator changed, the history keeps the last N runs, and a SIGTERM in the middle of a run (the
// real CLI in a child process, made slow with the emulator's latency) leaves no partial folder behind.
import { type ChildProcess, spawn } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RequestLogEntry, type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HEADLINES_FILE, isRunName, LATEST_FILE, listRuns, RETENTION_FILE } from "../../src/history/index.js";
import { findingKey, imageKey, ruleKey } from "../../src/model/keys.js";
import { type RunResult, runReport } from "../../src/run.js";
import { runSchedule, validateSchedule } from "../../src/schedule/schedule.js";
import { assertBuilt, CLI, listFiles, runCli, tempDir } from "../helpers/cli.js";

/** The hidden files a history folder keeps on purpose: its runs' headlines and its remembered --keep. */
const STATE_FILES = [HEADLINES_FILE, RETENTION_FILE];

const TOKEN = "tok-schedule-3b7e2c91";
let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await work?.cleanup();
});

/** Text as it arrives, and a wait for a pattern in it: on the text itself, no clock (the test's timeout guards a hang). */
class Transcript {
  text = "";
  #waits: { pattern: RegExp; resolve: () => void }[] = [];
  add(chunk: string): void {
    this.text += chunk;
    for (const wait of this.#waits.filter((w) => w.pattern.test(this.text))) {
      this.#waits.splice(this.#waits.indexOf(wait), 1);
      wait.resolve();
    }
  }
  when(pattern: RegExp): Promise<void> {
    if (pattern.test(this.text)) return Promise.resolve();
    return new Promise((resolve) => this.#waits.push({ pattern, resolve }));
  }
}

/** Every (rule, image) finding the emulator serves right now, keyed as the report model keys them. */
function servedFindings(emulator: RunningEmulator, scopeId: string): Set<string> {
  const keys = new Set<string>();
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of emulator.dataset.rules(emulator.projectId, kind)) {
      for (const image of emulator.dataset.images(emulator.projectId, kind, rule.rule_id)) {
        keys.add(findingKey(ruleKey(scopeId, kind, rule.rule_id), imageKey(scopeId, image)));
      }
    }
  }
  return keys;
}

const minus = (a: Set<string>, b: Set<string>) => new Set([...a].filter((k) => !b.has(k)));

describe("validateSchedule", () => {
  it("accepts 5- and 6-field expressions and time zones, and names what is wrong otherwise", () => {
    validateSchedule("0 6 * * 1-5", undefined).stop();
    validateSchedule("*/5 * * * * *", "Asia/Shanghai").stop();
    expect(() => validateSchedule("* * *", undefined)).toThrow(/^--cron "\* \* \*": .*Use 5 fields/);
    expect(() => validateSchedule("61 * * * *", undefined)).toThrow(/^--cron "61 \* \* \* \*": /);
    expect(() => validateSchedule("0 0 30 2 *", undefined)).toThrow(/never fires/);
    expect(() => validateSchedule("0 * * * *", "Mars/Olympus")).toThrow(
      '--tz "Mars/Olympus": not a time zone; use an IANA name such as UTC, Asia/Shanghai or Europe/Berlin',
    );
  });
});

describe("runSchedule (in process) against a changing emulator", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: "schedule", images: 30, tokens: [TOKEN] });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("runs every tick, diffs each run exactly against the previous one, skips busy ticks and keeps the last 2", async () => {
    const root = join(work.dir, "history-in-process");
    const log: string[] = [];
    const logged = new Transcript();
    const controller = new AbortController();
    const seen: Set<string>[] = [];
    const results: RunResult[] = [];
    const RUNS = 3;

    const code = await runSchedule(
      {
        cron: "* * * * * *",
        runNow: true,
        run: {
          endpoint: emulator.url,
          project_id: emulator.projectId,
          format: ["json", "csv"] as ("json" | "csv")[],
          out: root,
          keep: 2,
        },
      },
      {
        env: { HSS_AUTH_TOKEN: TOKEN },
        cwd: work.dir,
        signal: controller.signal,
        log: (line) => {
          log.push(line);
          logged.add(`${line}\n`);
        },
      },
      async (options, io) => {
        const result = await runReport(options, io);
        // The data this run read (nothing changes while a run is in flight: the next one waits for this one).
        seen.push(servedFindings(emulator, result.report.meta.scopes[0]?.id ?? ""));
        results.push(result);
        if (results.length === 1) {
          // Hold the first run until a tick has come and been skipped (a 1 s cron: the next tick comes while it waits).
          await logged.when(/tick skipped/);
        }
        // Between two scans: some findings resolved, some new, new images.
        emulator.mutate({ steps: 1 });
        if (results.length === RUNS) controller.abort();
        return result;
      },
    );
    expect(code).toBe(0);
    expect(results).toHaveLength(RUNS);

    // Each run's model holds exactly what the emulator served at that time.
    for (const [i, result] of results.entries()) {
      expect(new Set(result.report.findings.keys())).toEqual(seen[i]);
    }
    expect(results[0]?.report.changes).toBeUndefined();
    for (let i = 1; i < RUNS; i++) {
      const before = seen[i - 1] as Set<string>;
      const after = seen[i] as Set<string>;
      const changes = results[i]?.report.changes;
      const expectedNew = minus(after, before);
      const expectedResolved = minus(before, after);
      // The emulator did change something, so an empty diff cannot pass.
      expect(expectedNew.size).toBeGreaterThan(0);
      expect(expectedResolved.size).toBeGreaterThan(0);
      expect(new Set(changes?.newFindings)).toEqual(expectedNew);
      expect(new Set(changes?.resolved.map((r) => r.key))).toEqual(expectedResolved);
      expect(changes?.unchanged).toBe(after.size - expectedNew.size);
      expect(changes?.baseline.label).toBe(results[i - 1]?.history ? runName(results[i - 1] as RunResult) : "");
      // summary.md says the same.
      const md = await readFile(join(results[i]?.outDir ?? "", "summary.md"), "utf8");
      expect(md).toContain(`New: **${expectedNew.size}** · Resolved: **${expectedResolved.size}**`);
    }

    // History: the last 2 runs, latest -> the newest, index.html lists exactly them.
    const names = results.map(runName);
    expect(await listRuns(root)).toEqual(names.slice(-2));
    expect((await readFile(join(root, LATEST_FILE), "utf8")).trim()).toBe(names[2]);
    const index = await readFile(join(root, "index.html"), "utf8");
    for (const name of names.slice(-2)) expect(index).toContain(`href="${name}/`);
    expect(index).not.toContain(names[0]);
    expect(results[2]?.history?.pruned).toEqual([names[0]]);
    // No partial or temporary folder: only the folder's own records (headlines, its remembered --keep 2).
    expect((await readdir(root)).filter((n) => n.startsWith(".") && !STATE_FILES.includes(n))).toEqual([]);
    expect(JSON.parse(await readFile(join(root, RETENTION_FILE), "utf8"))).toEqual({ keep: 2, setBy: names[0] });

    // One status line per run, the skipped tick, and the stop.
    expect(log.filter((line) => / run #\d+ .*ok in /.test(line))).toHaveLength(RUNS);
    expect(log.find((line) => line.includes("run #2 "))).toContain(
      `${results[1]?.report.changes?.newFindings.length} new, ${results[1]?.report.changes?.resolved.length} resolved since ${names[0]}`,
    );
    expect(log.some((line) => line.includes("tick skipped: the run started at"))).toBe(true);
    expect(log.at(-1)).toMatch(/stopped after 3 runs$/);
  });
});

function runName(result: RunResult): string {
  const name = result.outDir.split(/[\\/]/).at(-1) ?? "";
  expect(isRunName(name)).toBe(true);
  return name;
}

describe("pnpm report schedule (child process)", () => {
  let emulator: RunningEmulator;
  let child: ChildProcess | undefined;
  /** Called with each request the emulator answered, right after the answer was written. */
  let onAnswered: ((entry: RequestLogEntry) => void) | undefined;
  beforeAll(async () => {
    assertBuilt();
    // Slow answers: a run takes a few seconds, so a signal can arrive in the middle of one.
    emulator = await startEmulator({
      seed: "schedule-cli",
      images: 30,
      tokens: [TOKEN],
      latencyMs: 150,
      onRequest: (entry) => onAnswered?.(entry),
    });
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it("stops cleanly on SIGTERM in the middle of a run, leaving only complete runs", async () => {
    const root = join(work.dir, "history-cli");
    const out = new Transcript();
    let stderr = "";
    child = spawn(
      process.execPath,
      [
        CLI,
        "schedule",
        "--cron",
        "*/2 * * * * *",
        "--tz",
        "UTC",
        "--run-now",
        "--keep",
        "3",
        "--endpoint",
        emulator.url,
        "--project-id",
        emulator.projectId,
        "--format",
        "json,csv",
        "--out",
        root,
      ],
      {
        cwd: work.dir,
        env: { PATH: process.env.PATH ?? "", HSS_AUTH_TOKEN: TOKEN },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    child.stdout?.on("data", (chunk) => out.add(String(chunk)));
    child.stderr?.on("data", (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child?.on("close", (code) => resolve(code)));

    // Let the first run finish, then stop the next one once the emulator has answered one of its requests: that run
    // is then reading from the API, and cannot end before the signal (its next answers come from this process,
    // after the signal was sent).
    await out.when(/ run #1 .*ok in /);
    const answeredBefore = new Set(emulator.requestLog.map((entry) => entry.requestId));
    const atSignal = await new Promise<string>((resolve) => {
      onAnswered = (entry) => {
        if (answeredBefore.has(entry.requestId)) return;
        onAnswered = undefined;
        child?.kill("SIGTERM");
        resolve(out.text);
      };
    });
    expect(atSignal).not.toMatch(/ run #2 .*ok in /);
    const code = await exited;
    const stdout = out.text;
    expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/stopping: abandoning the run started at/);
    expect(stdout).toMatch(/run #2 abandoned on stop: nothing of it was kept/);
    expect(stdout).toMatch(/stopped after 2 runs\n$/);

    // Only the first, complete run is there: no partial or temporary folder, no second run.
    const runs = await listRuns(root);
    expect(runs).toHaveLength(1);
    const files = await listFiles(root);
    expect(
      files.filter((f) => f.split("/").some((part) => part.startsWith(".") && !STATE_FILES.includes(part))),
    ).toEqual([]);
    expect(files.filter((f) => f.startsWith(`${runs[0]}/`)).sort()).toEqual(
      [`${runs[0]}/`, `${runs[0]}/evidence.json`, `${runs[0]}/images.csv`, `${runs[0]}/summary.md`].sort(),
    );
    expect((await readFile(join(root, LATEST_FILE), "utf8")).trim()).toBe(runs[0]);
  });

  it("exits 2 with a precise message on an invalid cron expression or time zone", async () => {
    const bad = await runCli(["schedule", "--cron", "* * *", "--demo"], { cwd: work.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^usage error: --cron "\* \* \*": .*Use 5 fields/m);
    const tz = await runCli(["schedule", "--cron", "0 * * * *", "--tz", "Nowhere/City", "--demo"], { cwd: work.dir });
    expect(tz.code).toBe(2);
    expect(tz.stderr).toContain('usage error: --tz "Nowhere/City": not a time zone');
    const keep = await runCli(["schedule", "--cron", "0 * * * *", "--keep", "0", "--demo"], { cwd: work.dir });
    expect(keep.code).toBe(2);
    expect(keep.stderr).toContain("--keep: must be a whole number of runs from 1 to 10000 (got 0)");
    const missing = await runCli(["schedule", "--demo"], { cwd: work.dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--cron");
  });
});
