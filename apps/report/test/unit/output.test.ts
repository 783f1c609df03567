import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import {
  checkOutputTarget,
  claimFolder,
  defaultOutputDir,
  partialOwner,
  writeFileAtomic,
  writeOutput,
} from "../../src/output/write.js";
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
    const { written, removed } = await writeOutput(target, [
      { name: "images.csv", content: ["x", "y"] },
      { name: "report.pdf", content: new Uint8Array([37, 80, 68, 70]) },
    ]);
    expect(written).toEqual([join(target, "images.csv"), join(target, "report.pdf")]);
    expect(removed).toEqual([]);
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

  it("removes the files of an earlier run that this run does not write, and only the tool's own names", async () => {
    const target = join(work.dir, "out");
    await mkdir(target);
    for (const name of ["report.pdf", "images.csv", "notes.txt"]) await writeFile(join(target, name), "old");
    const { written, removed } = await writeOutput(target, [{ name: "summary.md", content: "new" }], {
      replaces: ["report.pdf", "images.csv", "summary.md", "evidence.json"],
    });
    expect(written).toEqual([join(target, "summary.md")]);
    expect(removed).toEqual([join(target, "report.pdf"), join(target, "images.csv")]);
    expect(await listFiles(work.dir)).toEqual(["out/", "out/notes.txt", "out/summary.md"]);
  });

  it("undoes every move when a rename fails mid-way: the folder is left exactly as it was", async () => {
    const target = join(work.dir, "out");
    await mkdir(join(target, "report.pdf"), { recursive: true });
    await writeFile(join(target, "images.csv"), "old csv");
    await writeFile(join(target, "evidence.json"), "old evidence");
    // images.csv moves in first; report.pdf cannot replace a directory (EISDIR): the new images.csv must go again,
    // the old one and the stale evidence.json must come back.
    await expect(
      writeOutput(
        target,
        [
          { name: "images.csv", content: "new csv" },
          { name: "report.pdf", content: "new pdf" },
        ],
        { replaces: ["images.csv", "report.pdf", "evidence.json"] },
      ),
    ).rejects.toThrow(`cannot put ${join(target, "report.pdf")} in place (EISDIR)`);
    expect(await listFiles(work.dir)).toEqual(["out/", "out/evidence.json", "out/images.csv", "out/report.pdf/"]);
    expect(await readFile(join(target, "images.csv"), "utf8")).toBe("old csv");
    expect(await readFile(join(target, "evidence.json"), "utf8")).toBe("old evidence");
  });

  it("stops and cleans up when aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("interrupted"));
    await expect(
      writeOutput(join(work.dir, "out"), [{ name: "a", content: "x" }], { signal: controller.signal }),
    ).rejects.toThrow();
    expect(await listFiles(work.dir)).toEqual([]);
  });
});

describe("claimFolder", () => {
  it("gives runs started together distinct folders: base, base-2, base-3 ...", async () => {
    const base = join(work.dir, "reports", "stamp");
    const claims = await Promise.all([1, 2, 3, 4].map(() => claimFolder(base)));
    const dirs = claims.map((claim) => claim.dir).sort();
    expect(dirs).toEqual([base, `${base}-2`, `${base}-3`, `${base}-4`]);
  });

  it("release removes the folder and the parents made for it while they are empty", async () => {
    const claim = await claimFolder(join(work.dir, "reports", "stamp"));
    expect(await listFiles(work.dir)).toEqual(["reports/", "reports/stamp/"]);
    await claim.release();
    expect(await listFiles(work.dir)).toEqual([]);
  });

  it("release keeps a folder that holds a report", async () => {
    const claim = await claimFolder(join(work.dir, "stamp"));
    await writeOutput(claim.dir, [{ name: "summary.md", content: "x" }]);
    await claim.release();
    expect(await listFiles(work.dir)).toEqual(["stamp/", "stamp/summary.md"]);
  });
});

describe("output target", () => {
  it("refuses a folder where a file to write is a directory, naming it", async () => {
    await mkdir(join(work.dir, "report.pdf"));
    const refused = checkOutputTarget(work.dir, ["images.csv", "report.pdf"]);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(`${join(work.dir, "report.pdf")} is a directory`);
    await expect(checkOutputTarget(work.dir, ["images.csv"])).resolves.toBeUndefined();
  });

  it("refuses a file as --out before anything runs", async () => {
    const file = join(work.dir, "file");
    await writeFile(file, "");
    await expect(checkOutputTarget(file)).rejects.toBeInstanceOf(UsageError);
    await expect(checkOutputTarget(join(work.dir, "new"))).resolves.toBeUndefined();
  });

  it("refuses a path below a file", async () => {
    const file = join(work.dir, "file");
    await writeFile(file, "");
    await expect(checkOutputTarget(join(file, "sub"))).rejects.toThrow(`${file} is not a directory`);
  });

  // A recursive mkdir under /proc never returns: the check and the writer must say no instead of hanging.
  it.runIf(existsSync("/proc/self"))("refuses a folder under /proc at once, and the writer does too", async () => {
    const target = "/proc/hss-report-test/out";
    const refused = checkOutputTarget(target);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(/--out \/proc\/hss-report-test\/out: cannot create a folder in \/proc/);
    await expect(writeOutput(target, [{ name: "a.txt", content: "x" }])).rejects.toThrow(/cannot create the folder/);
    expect(existsSync("/proc/hss-report-test")).toBe(false);
  });

  it("leaves no probe behind in the folder it checked", async () => {
    await checkOutputTarget(join(work.dir, "new", "deeper"));
    await checkOutputTarget(work.dir);
    expect(await readdir(work.dir)).toEqual([]);
  });

  it("names the default folder after the UTC time, without colons", () => {
    expect(defaultOutputDir("/x", new Date("2026-11-27T23:45:07.123Z"))).toBe("/x/reports/2026-11-27T23-45-07Z");
  });
});

describe("writeFileAtomic", () => {
  it("replaces a file whole and leaves no temporary file", async () => {
    const file = join(work.dir, "LATEST");
    await writeFile(file, "old\n");
    await writeFileAtomic(file, "new\n");
    expect(await readFile(file, "utf8")).toBe("new\n");
    expect(await readdir(work.dir)).toEqual(["LATEST"]);
  });

  it("leaves no temporary file when the write fails", async () => {
    const file = join(work.dir, "missing-folder", "LATEST");
    await expect(writeFileAtomic(file, "new")).rejects.toThrow(/ENOENT/);
    expect(await readdir(work.dir)).toEqual([]);
  });

  it("names its temporary entries so that their writer can be told", () => {
    expect(partialOwner(`.LATEST.partial-${process.pid}-0a1b2c3d`)).toBe(process.pid);
    expect(partialOwner(".2026-11-27T23-45-07Z.partial-42-deadbeef")).toBe(42);
    expect(partialOwner("2026-11-27T23-45-07Z")).toBeUndefined();
    expect(partialOwner(".partial-42-deadbeef")).toBeUndefined();
  });
});
