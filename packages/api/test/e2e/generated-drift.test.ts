import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

describe("src/generated", () => {
  it("is exactly what scripts/generate.mjs makes from spec/openapi.yaml (run `pnpm generate` if not)", () => {
    const out = mkdtempSync(join(tmpdir(), "hss-generated-"));
    try {
      execFileSync(process.execPath, [join(packageDir, "scripts/generate.mjs"), out], { stdio: "pipe" });
      const committedDir = join(packageDir, "src/generated");
      const files = readdirSync(out).sort();
      expect(readdirSync(committedDir).sort()).toEqual(files);
      for (const file of files) {
        expect(readFileSync(join(committedDir, file), "utf8"), `${file} drifted from the spec`).toBe(
          readFileSync(join(out, file), "utf8"),
        );
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
