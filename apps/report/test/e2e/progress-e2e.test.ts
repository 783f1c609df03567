// End to end: without a terminal (stderr piped, as under CI or a supervisor), a long fetch is never silent for more
// than the heartbeat. The built CLI against an emulator slowed down with its latency option so that the fetch lasts
// longer than one heartbeat. The clock of the check is the emulator's latency, not the test's: it notes, in order,
// each stderr line and each answer, and no two lines may have more answers between them than fit in a heartbeat
// (a loaded machine answers fewer, never more). One such run (~16 s) keeps CI short.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HEARTBEAT_CHECK_MS, HEARTBEAT_MS } from "../../src/cli/progress.js";
import type { Evidence } from "../../src/evidence/types.js";
import { assertBuilt, CLI, tempDir } from "../helpers/cli.js";

const TOKEN = "tok-progress-7c3e91b0d2";
/**
 * Each answer this late, one request at a time: 44 requests (40 rule listings of both image types, each kind's rules
 * listing twice) take 13 s, the 40 listings more than a heartbeat.
 */
const LATENCY_MS = 300;

/** In the order this process saw them: the child's stderr lines and the emulator's answers. */
let timeline: ({ line: string } | { answer: string })[] = [];
let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({
    seed: "progress",
    images: 20,
    tokens: [TOKEN],
    latencyMs: LATENCY_MS,
    onRequest: (entry) => timeline.push({ answer: entry.path }),
  });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

/** Runs the CLI with piped stdio and notes each stderr line in the timeline as it arrives. */
function runTimed(args: string[]): Promise<{ code: number | null; lines: { at: number; text: string }[] }> {
  timeline = [];
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: work.dir,
      env: { PATH: process.env.PATH ?? "", HSS_AUTH_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const lines: { at: number; text: string }[] = [];
    let rest = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      const at = Date.now() - start;
      const parts = (rest + chunk).split("\n");
      rest = parts.pop() ?? "";
      for (const text of parts) {
        lines.push({ at, text });
        timeline.push({ line: text });
      }
    });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, lines }));
  });
}

describe("progress without a terminal", () => {
  it("writes pages read of the total while a slow fetch runs, never more than a heartbeat apart", async () => {
    const out = join(work.dir, "out");
    const run = await runTimed([
      ...["--endpoint", emulator.url, "--project-id", emulator.projectId],
      ...["--concurrency", "1", "--format", "json", "--out", out],
    ]);
    const log = run.lines.map((l) => `${l.at} ms: ${l.text}`).join("\n");
    expect(run.code, log).toBe(0);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    // The fetch outlasted a heartbeat (else this test would prove nothing).
    expect(Date.parse(evidence.run.finishedAt) - Date.parse(evidence.run.startedAt), log).toBeGreaterThan(HEARTBEAT_MS);

    // Pages of affected images the run read, from its evidence: the total every heartbeat line states.
    const pages = evidence.responses.filter((r) => r.operation === "ListImageBuildCommandRisksImages").length;
    const wrote = run.lines.findIndex((l) => l.text.startsWith("wrote "));
    expect(wrote, log).toBeGreaterThan(0);
    const beats = run.lines
      .slice(0, wrote)
      .map((l) => /^progress: (\d+)\/(\d+) pages? read, (\d+) requests?, (\d+) retr(?:y|ies), ETA /.exec(l.text))
      .filter((m): m is RegExpExecArray => m !== null);
    expect(beats.length, log).toBeGreaterThan(0);
    for (const beat of beats) {
      expect(Number(beat[2]), log).toBe(pages);
      // Written while pages were still being read.
      expect(Number(beat[1]), log).toBeLessThan(pages);
    }

    // From the start to the last line, no silence longer than the heartbeat, counted in answers: each comes at least
    // LATENCY_MS after the one before (one request at a time, the next sent after the last answer), so a line due
    // every HEARTBEAT_MS, checked every HEARTBEAT_CHECK_MS, lets at most this many answers through between two lines
    // (plus one the child may be handling when the line is written, and one seen out of order by this process).
    const most = Math.floor((HEARTBEAT_MS + HEARTBEAT_CHECK_MS) / LATENCY_MS) + 2;
    const answersBetween = (isLine: (text: string) => boolean) => {
      const counts = [0];
      for (const event of timeline) {
        if ("answer" in event) counts[counts.length - 1] = (counts.at(-1) as number) + 1;
        else if (isLine(event.line)) counts.push(0);
        if ("line" in event && event.line.startsWith("wrote ")) break;
      }
      return counts;
    };
    const isHeartbeat = (text: string) => text.startsWith("progress: ");
    // Without its heartbeat lines, the run has a silence this check must catch (else it would prove nothing).
    expect(Math.max(...answersBetween((text) => !isHeartbeat(text))), log).toBeGreaterThan(most);
    expect(Math.max(...answersBetween(() => true)), log).toBeLessThanOrEqual(most);
  });
});
