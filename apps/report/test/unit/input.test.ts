// The one reader of files the user names (--config, --waivers, --from, --baseline): errors name the file as given.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { parseYamlInput, readInputFile } from "../../src/input.js";
import { tempDir } from "../helpers/cli.js";

let work: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  work = await tempDir();
});
afterEach(async () => {
  await work.cleanup();
});

describe("readInputFile", () => {
  it("gives the text, or a usage error naming the file and the system's reason", async () => {
    const file = join(work.dir, "w.yaml");
    await writeFile(file, "waivers: []\n");
    expect(await readInputFile(file, "--waivers w.yaml")).toBe("waivers: []\n");
    const missing = readInputFile(join(work.dir, "nope.yaml"), "--waivers nope.yaml");
    await expect(missing).rejects.toBeInstanceOf(UsageError);
    await expect(missing).rejects.toThrow("--waivers nope.yaml: cannot read the file (ENOENT)");
    await expect(readInputFile(work.dir, "--config dir")).rejects.toThrow(
      "--config dir: cannot read the file (EISDIR)",
    );
  });
});

describe("parseYamlInput", () => {
  it("reads YAML and JSON, and refuses a key given twice, naming the file and what it should be", () => {
    expect(parseYamlInput("a: 1\nb: [x]\n", "--config c.yaml", "JSON or YAML")).toEqual({ a: 1, b: ["x"] });
    expect(parseYamlInput('{"a": 1}', "--config c.json", "JSON or YAML")).toEqual({ a: 1 });
    expect(() => parseYamlInput("a: 1\na: 2\n", "--config c.yaml", "JSON or YAML")).toThrow(
      /^--config c\.yaml: not valid JSON or YAML: .*[Mm]ap keys must be unique/,
    );
    expect(() => parseYamlInput("a: [\n", "--waivers w.yaml", "YAML or JSON")).toThrow(UsageError);
  });
});
