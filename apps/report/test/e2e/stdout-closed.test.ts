// `hss-report --help | head -1`: the reader closes the pipe before the command has printed; the command still ends
// with its own exit code and no stack trace.
import { spawn } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, CLI } from "../helpers/cli.js";

function runWithStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("stdout closed by its reader", () => {
  beforeAll(assertBuilt);

  it.each([["--help"], ["--version"]])("%s exits 0 and writes nothing to stderr", async (flag) => {
    expect(await runWithStdoutClosed([flag])).toEqual({ code: 0, stderr: "" });
  });
});
