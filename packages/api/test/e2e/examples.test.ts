import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

describe("examples/ (also shown in the README)", () => {
  it("type-check against the package's public API", () => {
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", resolve(packageDir, "tsconfig.examples.json")], { stdio: "pipe" });
    } catch (error) {
      output = String((error as { stdout?: Buffer }).stdout ?? error);
    }
    expect(output).toBe("");
  });
});
