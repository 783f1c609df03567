import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { checkOutputTarget, defaultOutputDir, writeOutput } from "../../src/output/write.js";
import { listFiles, tempDir } from "../helpers/cli.js";

let work: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  work = await tempDir();
});
afterEach(async () => {
  await work.cleanup();
});

async function* failingAfterOneChunk(): AsyncGenerator<string> {
  yield "first chunk";
  throw new Error("renderer crashed");
}

describe("writeOutput", () => {
  it("creates the folder (and its parents) with exactly the files given", async () => {
    const target = join(work.dir, "a", "b", "out");
    const written = await writeOutput(target, [
      { name: "images.csv", content: ["x", "y"] },
      { name: "report.pdf", content: new Uint8Array([37, 80, 68, 70]) },
    ]);
    expect(written).toEqual([join(target, "images.csv"), join(target, "report.pdf")]);
    expect(await listFiles(work.dir)).toEqual(["a/", "a/b/", "a/b/out/", "a/b/out/images.csv", "a/b/out/report.pdf"]);
    expect(await readFile(join(target, "images.csv"), "utf8")).toBe("xy");
  });

  it("writes binary chunks byte for byte and text chunks as UTF-8", async () => {
    const target = join(work.dir, "out");
    async function* pdf(): AsyncGenerator<Uint8Array> {
      yield new Uint8Array([37, 80, 68, 70, 45]);
      yield new Uint8Array([0, 255, 10]);
    }
    await writeOutput(target, [
      { name: "report.pdf", content: pdf() },
      { name: "mixed.txt", content: ["名", new Uint8Array([65]), "字"] },
    ]);
    expect([...(await readFile(join(target, "report.pdf")))]).toEqual([37, 80, 68, 70, 45, 0, 255, 10]);
    expect(await readFile(join(target, "mixed.txt"), "utf8")).toBe("名A字");
  });

  it("leaves nothing behind, not even the parents it created, when a file fails", async () => {
    const target = join(work.dir, "a", "b", "out");
    await expect(
      writeOutput(target, [
        { name: "images.csv", content: "ok" },
        { name: "evidence.json", content: failingAfterOneChunk() },
      ]),
    ).rejects.toThrow("renderer crashed");
    expect(await listFiles(work.dir)).toEqual([]);
  });

  it("leaves an existing folder as it was when a file fails", async () => {
    const target = join(work.dir, "out");
    await mkdir(target);
    await writeFile(join(target, "notes.txt"), "keep");
    await expect(writeOutput(target, [{ name: "x.csv", content: failingAfterOneChunk() }])).rejects.toThrow();
    expect(await listFiles(work.dir)).toEqual(["out/", "out/notes.txt"]);
  });

  it("replaces same-named files in an existing folder and keeps the others", async () => {
    const target = join(work.dir, "out");
    await mkdir(target);
    await writeFile(join(target, "images.csv"), "old");
    await writeFile(join(target, "notes.txt"), "keep");
    await writeOutput(target, [{ name: "images.csv", content: "new" }]);
    expect(await readFile(join(target, "images.csv"), "utf8")).toBe("new");
    expect(await listFiles(work.dir)).toEqual(["out/", "out/images.csv", "out/notes.txt"]);
  });

  it("stops and cleans up when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("interrupted"));
    await expect(
      writeOutput(join(work.dir, "out"), [{ name: "a", content: "x" }], controller.signal),
    ).rejects.toThrow();
    expect(await listFiles(work.dir)).toEqual([]);
  });
});

describe("output target", () => {
  it("refuses a file as --out before anything runs", async () => {
    const file = join(work.dir, "file");
    await writeFile(file, "");
    await expect(checkOutputTarget(file)).rejects.toBeInstanceOf(UsageError);
    await expect(checkOutputTarget(join(work.dir, "new"))).resolves.toBeUndefined();
  });

  it("names the default folder after the UTC time, without colons", () => {
    expect(defaultOutputDir("/x", new Date("2026-11-27T23:45:07.123Z"))).toBe("/x/reports/2026-11-27T23-45-07Z");
  });
});
