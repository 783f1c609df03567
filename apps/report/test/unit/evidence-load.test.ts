// The reader of a saved evidence.json parses it in chunks, its responses into a spool: it must give what JSON.parse
// of the whole file gives (the reference), accept what JSON.parse accepts, and refuse bad files with the same
// messages as before it streamed.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { hashEvidence, sealEvidence } from "../../src/evidence/hash.js";
import { loadEvidence, readEvidence } from "../../src/evidence/load.js";
import { withSpool } from "../../src/evidence/spool.js";
import type { Evidence } from "../../src/evidence/types.js";
import { maskLoaded } from "../../src/mask/evidence.js";
import { renderEvidenceJson } from "../../src/render/json.js";
import { COMMAND_NAME } from "../../src/version.js";
import { makeEvidence, withInstructions } from "../fixtures/evidence.js";
import { tempDir } from "../helpers/cli.js";

let work: { dir: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  work = await tempDir();
});
afterEach(async () => {
  await work.cleanup();
});

// Multi-byte characters, escapes and U+2028 in every image name: 7-byte chunks split them.
const evidence = makeEvidence({ images: 9, name: (i) => `名字 "${i}"\n<b>\u2028😀` });
const withAssessment: Evidence = { ...evidence, assessment: { firstSeen: { "a|b": "2026-11-01T00:00:00.000Z" } } };

async function file(name: string, text: string | Buffer): Promise<string> {
  const path = join(work.dir, name);
  await writeFile(path, text);
  return path;
}

/** What `readEvidence` gives, with its responses read back into memory before the spool is closed. */
const read = (path: string, chunkBytes?: number) =>
  withSpool(async (spool) => {
    const got = await readEvidence(path, spool, "--from e.json", chunkBytes);
    return { evidence: { ...got, responses: [...got.responses] }, json: renderEvidenceJson(got) };
  });

describe("readEvidence", () => {
  it("gives what JSON.parse gives, and writes evidence.json back byte for byte, in chunks of any size", async () => {
    const text = renderEvidenceJson(withAssessment);
    const path = await file("e.json", text);
    for (const chunkBytes of [7, 64, undefined]) {
      const got = await read(path, chunkBytes);
      expect(got.evidence).toEqual(JSON.parse(text));
      expect(Object.keys(got.evidence)).toEqual(Object.keys(JSON.parse(text)));
      expect(got.json).toBe(text);
    }
  });

  it("reads another layout and key order of the same evidence: the seal is over its canonical form", async () => {
    const reversed = Object.fromEntries(Object.entries(evidence).reverse());
    const text = JSON.stringify(reversed, null, 2);
    const got = await read(await file("e.json", text), 50);
    expect(got.evidence).toEqual(JSON.parse(text));
    expect(hashEvidence(got.evidence)).toBe(evidence.sha256);
  });

  it("keeps the last of a key given twice, as JSON.parse does", async () => {
    const text = `{"responses": [{"not": "a response"}], ${JSON.stringify(evidence).slice(1)}`;
    expect(JSON.parse(text).responses).toEqual(evidence.responses);
    const got = await read(await file("e.json", text), 16);
    expect(got.evidence).toEqual(JSON.parse(text));
  });

  const refused = async (text: string | Buffer) => {
    const path = await file("e.json", text);
    const error = await withSpool((spool) => readEvidence(path, spool, "--from e.json")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  };

  it("refuses text that is not JSON (or not UTF-8), or more than one value", async () => {
    const text = renderEvidenceJson(evidence);
    const [before, after] = text.split("Runs as root") as [string, string];
    const notUtf8 = Buffer.concat([Buffer.from(before), Buffer.from([0x52, 0xc3, 0x28]), Buffer.from(after)]);
    expect(await refused(notUtf8)).toMatch(/^--from e\.json: not valid JSON \(.+\)$/);
    for (const bad of [
      "",
      "   \n",
      text.slice(0, text.length / 2),
      `${text}x`,
      text.replace('"run": {', '"run": {,'),
    ]) {
      expect(await refused(bad)).toMatch(/^--from e\.json: not valid JSON \(.+\)$/);
    }
  });

  it("refuses JSON that is not evidence, naming the format it has", async () => {
    expect(await refused("[1, 2]")).toBe(
      `--from e.json: not an evidence.json written by ${COMMAND_NAME} (format null, expected "hss-reports/evidence@1")`,
    );
    expect(await refused('{"format": "x", "responses": []}')).toBe(
      `--from e.json: not an evidence.json written by ${COMMAND_NAME} (format "x", expected "hss-reports/evidence@1")`,
    );
  });

  it("names every malformed field, the envelope's and the responses', in the order of the file's keys", async () => {
    const bad = structuredClone(evidence) as unknown as {
      run: Record<string, unknown>;
      responses: { body: Record<string, unknown> }[];
    };
    delete bad.run.lang;
    (bad.responses[2] as { body: Record<string, unknown> }).body.total_num = "3";
    expect(await refused(JSON.stringify(bad))).toMatch(
      /^--from e\.json: evidence is incomplete or malformed \(run\.lang: [^;]+; responses\[2\]\.body\.total_num: [^;]*expected number[^;]*\)$/,
    );
    const notList = { ...evidence, responses: { first: evidence.responses[0] } };
    expect(await refused(JSON.stringify(notList))).toMatch(/malformed \(responses: Invalid input: expected array/);
  });

  it("refuses evidence changed after it was sealed, without the seal that would now match", async () => {
    const changed = {
      ...evidence,
      responses: evidence.responses.map((r, i) => (i === 1 ? { ...r, receivedAt: "x" } : r)),
    };
    const computed = hashEvidence(changed);
    const message = await refused(JSON.stringify(changed));
    expect(message).toBe(
      `--from e.json: sha256 mismatch: the file was modified after it was sealed (its content no longer matches the recorded seal ${evidence.sha256})`,
    );
    expect(message).not.toContain(computed);
  });

  it("names a file it cannot read", async () => {
    const missing = withSpool((spool) => readEvidence(join(work.dir, "nope.json"), spool, "--from nope.json"));
    await expect(missing).rejects.toThrow("--from nope.json: cannot read the file (ENOENT)");
    const folder = withSpool((spool) => readEvidence(work.dir, spool, "--from dir"));
    await expect(folder).rejects.toThrow("--from dir: cannot read the file (EISDIR)");
  });
});

describe("loadEvidence", () => {
  it("gives the evidence in memory, as JSON.parse does", async () => {
    const text = renderEvidenceJson(withAssessment);
    expect(await loadEvidence(await file("e.json", text))).toEqual(JSON.parse(text));
  });
});

describe("masking evidence read from a file", () => {
  it("masks the responses one at a time into the spool: the same evidence and seal as in memory", async () => {
    const secret = "ENV DB_PASSWORD=Admin@1234 API_TOKEN=tok-5678";
    const { sha256: _seal, masking: _masking, assessment: _derived, ...content } = evidence;
    const unmasked = sealEvidence({
      ...content,
      responses: withInstructions(content.responses, () => secret),
    });
    const inMemory = await maskLoaded(unmasked, false);
    const path = await file("e.json", renderEvidenceJson(unmasked));
    const streamed = await withSpool(async (spool) => {
      const masked = await maskLoaded(await readEvidence(path, spool), false, spool);
      return { ...masked, responses: [...masked.responses], json: renderEvidenceJson(masked) };
    });
    expect(inMemory.masking?.masked).toBeGreaterThan(0);
    expect(streamed.sha256).toBe(inMemory.sha256);
    expect(streamed.masking).toEqual(inMemory.masking);
    expect(streamed.responses).toEqual(inMemory.responses);
    expect(streamed.json).toBe(renderEvidenceJson(inMemory));
    expect(streamed.json).not.toContain("Admin@1234");
  });
});
