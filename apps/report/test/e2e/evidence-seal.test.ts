// The evidence seal is RFC 8785 (JCS): an auditor recomputes it with any JCS implementation, as the README shows.
// Checked here with a second, independent implementation (json-canonicalize) and node:crypto, on the bytes of an
// evidence.json as written, the way an auditor would read it.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { canonicalize } from "json-canonicalize";
import { describe, expect, it } from "vitest";
import { hashEvidence } from "../../src/evidence/hash.js";
import type { Evidence } from "../../src/evidence/types.js";
import { messages } from "../../src/i18n/index.js";
import { makeHtmlEvidence } from "../fixtures/html.js";
import { cliWorkDir, runCli } from "../helpers/cli.js";

const sealOf = (text: string): { recorded: string; computed: string } => {
  const { sha256, assessment: _derived, ...content } = JSON.parse(text) as Record<string, unknown>;
  return {
    recorded: String(sha256),
    computed: createHash("sha256").update(canonicalize(content)).digest("hex"),
  };
};

const workDir = cliWorkDir();

describe("evidence.json seal (RFC 8785)", () => {
  it("is the sha256 of the JCS form without sha256 and assessment, by another JCS implementation", async () => {
    const out = join(workDir(), "run");
    const run = await runCli(["--demo", "--format", "json", "--out", out, "--quiet"], { cwd: workDir() });
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(join(out, "evidence.json"), "utf8");
    const { recorded, computed } = sealOf(text);
    expect(recorded).toMatch(/^[0-9a-f]{64}$/);
    expect(computed).toBe(recorded);

    // One changed value anywhere breaks it.
    const tampered = text.replace(/"total_num": ?(\d+)/, (_m, n: string) => `"total_num": ${Number(n) + 1}`);
    expect(tampered).not.toBe(text);
    const after = sealOf(tampered);
    expect(after.computed).not.toBe(after.recorded);
  });

  it("the README's command line (canonicalize's JCS tool) gives the recorded seal", async () => {
    const out = join(workDir(), "cli");
    const run = await runCli(["--demo", "--format", "json", "--out", out, "--quiet"], { cwd: workDir() });
    expect(run.code, run.stderr).toBe(0);
    const text = await readFile(join(out, "evidence.json"), "utf8");
    const { sha256, assessment: _derived, ...content } = JSON.parse(text) as Record<string, unknown>;
    const bin = join(import.meta.dirname, "../../node_modules/canonicalize/bin/canonicalize.js");
    const jcs = execFileSync(process.execPath, [bin], { input: JSON.stringify(content) });
    expect(createHash("sha256").update(jcs).digest("hex")).toBe(sha256);
  });

  it("render --from a modified file: exit 2, says it was modified after it was sealed, never the new seal", async () => {
    const out = join(workDir(), "modified");
    const run = await runCli(["--demo", "--format", "json,md", "--out", out, "--quiet"], { cwd: workDir() });
    expect(run.code, run.stderr).toBe(0);
    const file = join(out, "evidence.json");
    const text = await readFile(file, "utf8");
    const tampered = text.replace(/"total_num": ?(\d+)/, (_m, n: string) => `"total_num": ${Number(n) + 1}`);
    await writeFile(file, tampered);
    const seal = sealOf(tampered);
    const render = await runCli(["render", "--from", file, "--format", "json", "--out", join(out, "again")], {
      cwd: workDir(),
    });
    expect(render.code).toBe(2);
    expect(render.stderr).toMatch(/modified after it was sealed/);
    expect(render.stderr).toContain(seal.recorded);
    // The hash the forger would need to paste in stays unsaid, and so does any internal detail.
    expect(render.stderr).not.toContain(seal.computed);
    expect(render.stderr.trimEnd().split("\n")).toHaveLength(1);

    // summary.md names both hashes of evidence.json, each for what it is: the seal, and the file's bytes.
    const md = await readFile(join(out, "summary.md"), "utf8");
    const m = messages("en-us");
    expect(md).toContain(`${m.t("meta.evidenceSha256")}: \`${seal.recorded}\``);
    const bytesHash = createHash("sha256").update(text).digest("hex");
    expect(bytesHash).not.toBe(seal.recorded);
    expect(md).toMatch(new RegExp(`^\\|.*\\| ${m.t("md.fileSha256").replace(/[()]/g, "\\$&")} \\|$`, "m"));
    expect(md).toMatch(new RegExp(`^\\| evidence\\.json \\|.*\\| \`${bytesHash}\` \\|$`, "m"));
  });
});

describe("hashEvidence (written piece by piece, never one string of the whole evidence)", () => {
  const jcs = (content: unknown) => createHash("sha256").update(canonicalize(content)).digest("hex");

  it("equals the sha256 of the whole JCS form, hostile data, several scopes and a failed one", () => {
    const evidence = makeHtmlEvidence({ images: 120, scopes: 2, hostile: true, failure: true });
    const { sha256: _seal, assessment: _derived, ...content } = evidence as Evidence;
    expect(evidence.responses.length).toBeGreaterThan(3);
    expect(hashEvidence(evidence)).toBe(jcs(content));
  });

  it("leaves out what JSON leaves out and orders keys by UTF-16 code units, at every level", () => {
    const odd = {
      z: 1,
      a: undefined,
      é: "e-acute",
      "\u{1F680}": "rocket",
      "\uFB01": "ligature",
      responses: [{ b: [1, undefined, "x"], a: { d: null, c: -0, e: 1e21, f: 0.1 } }, undefined, "plain"],
      nested: { y: [undefined], x: { w: undefined, v: true } },
    };
    expect(hashEvidence(odd as unknown as Evidence)).toBe(jcs(JSON.parse(JSON.stringify(odd))));
  });
});
