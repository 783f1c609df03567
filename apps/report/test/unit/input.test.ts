// The one reader of files the user names (--config, --waivers, --from, --baseline): errors name the file as given.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { MAX_NESTING, parseDataFile, readInputFile } from "../../src/input.js";
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

describe("parseDataFile", () => {
  it("reads YAML and JSON, and refuses a key given twice, naming the file and what it should be", () => {
    expect(parseDataFile("a: 1\nb: [x]\n", "c.yaml", "--config c.yaml", "JSON or YAML")).toEqual({ a: 1, b: ["x"] });
    expect(parseDataFile('{"a": 1}', "c.json", "--config c.json", "JSON or YAML")).toEqual({ a: 1 });
    expect(() => parseDataFile("a: 1\na: 2\n", "c.yaml", "--config c.yaml", "JSON or YAML")).toThrow(
      /^--config c\.yaml: not valid JSON or YAML: .*[Mm]ap keys must be unique/,
    );
    expect(() => parseDataFile('{"a": 1, "a": 2}', "c.json", "--config c.json", "JSON or YAML")).toThrow(
      /^--config c\.json: not valid JSON: .*[Mm]ap keys must be unique/,
    );
    expect(() => parseDataFile("a: [\n", "w.yaml", "--waivers w.yaml", "YAML or JSON")).toThrow(UsageError);
  });

  it("reads a .json file as JSON: a trailing comma YAML would take is refused at its line and column", () => {
    const text = '{\n  "lang": "en-us",\n}\n';
    expect(parseDataFile(text, "c.yaml", "--config c.yaml", "JSON or YAML")).toEqual({ lang: "en-us" });
    // The comma ends line 2; JSON then wants another key where line 3's "}" stands.
    const brace = text.split("\n")[2]?.indexOf("}") ?? -1;
    expect(() => parseDataFile(text, "bad.JSON", "--config bad.JSON", "JSON or YAML")).toThrow(
      new RegExp(`^--config bad\\.JSON: not valid JSON: .+ at line 3, column ${brace + 1}$`),
    );
  });

  it("refuses data nested deeper than MAX_NESTING, in either syntax, by name and not by the stack it would exhaust", () => {
    for (const depth of [MAX_NESTING + 1, 5000]) {
      const json = `{"lang": ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
      const yaml = Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
      for (const [text, file] of [
        [json, "deep.json"],
        [json, "deep.yaml"],
        [yaml, "deep.yml"],
      ] as const) {
        expect(() => parseDataFile(text, file, `--config ${file}`, "JSON or YAML")).toThrow(
          `--config ${file}: nested too deep (at most ${MAX_NESTING} levels of lists and mappings)`,
        );
      }
    }
    const fits = `${"[".repeat(MAX_NESTING)}${"]".repeat(MAX_NESTING)}`;
    expect(parseDataFile(fits, "ok.json", "--config ok.json", "JSON or YAML")).toBeInstanceOf(Array);
  });
});
