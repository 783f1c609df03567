// The benchmark harness itself still runs (`pnpm bench --quick`, one section, tiny size). No timing assertions:
// benchmarks are not tests; this only keeps the harness from rotting.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertBuilt } from "../helpers/cli.js";

const BENCH = fileURLToPath(new URL("../../bench/bench.mjs", import.meta.url));

/** Runs `pnpm bench --quick` with these arguments and returns its stdout; an error or a failed exit fails the test. */
function bench(args: string[], timeoutMs: number): string {
  assertBuilt();
  const run = spawnSync(process.execPath, [BENCH, "--quick", ...args], { encoding: "utf8", timeout: timeoutMs });
  expect(run.stderr).not.toContain("Error");
  expect(run.status).toBe(0);
  return run.stdout;
}

describe("pnpm bench --quick", () => {
  it("walks the emulator with every client and prints the fetch table", { timeout: 150_000 }, () => {
    const stdout = bench(["--only", "fetch", "--reps", "1", "--fetch-images", "100"], 120_000);
    for (const label of ["floor: fetch + JSON.parse", "@hss-reports/api, concurrency 1", "peer: sdk-core HcClient"]) {
      expect(stdout).toContain(label);
    }
    expect(stdout).toMatch(/api serial within 1\.25x of the floor\s*\| [\d.]+x/);
  });

  it("runs the CLI at scale against the emulator and prints the per-format table", { timeout: 300_000 }, () => {
    const stdout = bench(["--only", "scale", "--reps", "1", "--scale-images", "100", "--render-from"], 280_000);
    expect(stdout).toContain("### 5. Whole runs at scale");
    // One row per format run, each with a row count read back by the warm-up walk; `render --from` of the JSON run.
    for (const format of ["json", "pdf", "html", "csv", "all five", "render --from: json", "render --from: pdf"]) {
      expect(stdout).toMatch(new RegExp(`\\| 100 +\\| \\d+ +\\| ${format} +\\| [\\d.]+ s`));
    }
  });
});
