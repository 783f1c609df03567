// The benchmark harness itself still runs (`pnpm bench --quick`, one section, tiny size). No timing assertions:
// benchmarks are not tests; this only keeps the harness from rotting.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { assertBuilt } from "./helpers/cli.js";

const BENCH = fileURLToPath(new URL("../bench/bench.mjs", import.meta.url));

describe("pnpm bench --quick", () => {
  it("walks the emulator with every client and prints the fetch table", { timeout: 150_000 }, () => {
    assertBuilt();
    const run = spawnSync(
      process.execPath,
      [BENCH, "--quick", "--only", "fetch", "--reps", "1", "--fetch-images", "100"],
      { encoding: "utf8", timeout: 120_000 },
    );
    expect(run.stderr).not.toContain("Error");
    expect(run.status).toBe(0);
    for (const label of ["floor: fetch + JSON.parse", "@hss-reports/api, concurrency 1", "peer: sdk-core HcClient"]) {
      expect(run.stdout).toContain(label);
    }
    expect(run.stdout).toMatch(/api serial within 1\.25x of the floor\s*\| [\d.]+x/);
  });

  it("runs the CLI at scale against the emulator and prints the per-format table", { timeout: 300_000 }, () => {
    assertBuilt();
    const run = spawnSync(
      process.execPath,
      [BENCH, "--quick", "--only", "scale", "--reps", "1", "--scale-images", "100"],
      { encoding: "utf8", timeout: 280_000 },
    );
    expect(run.stderr).not.toContain("Error");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("### 5. Whole runs at scale");
    // One row per format run, each with a row count read back by the warm-up walk.
    for (const format of ["json", "pdf", "html", "csv", "all five"]) {
      expect(run.stdout).toMatch(new RegExp(`\\| 100 +\\| \\d+ +\\| ${format} +\\| [\\d.]+ s`));
    }
  });
});
