import { describe, expect, it } from "vitest";
import { verifyEvidence } from "../../src/evidence/hash.js";
import { renderEvidenceJson } from "../../src/render/json.js";
import { makeEvidence } from "../fixtures/evidence.js";

describe("evidence.json", () => {
  it("reads back to the same evidence, seal intact", () => {
    const evidence = makeEvidence({ images: 7, name: (i) => `名字 "${i}"\n<b>` });
    const text = renderEvidenceJson(evidence);
    const parsed = JSON.parse(text);
    expect(parsed).toEqual(evidence);
    expect(() => verifyEvidence(parsed)).not.toThrow();
  });

  it("puts one response per line", () => {
    const evidence = makeEvidence({ images: 3 });
    const lines = renderEvidenceJson(evidence).split("\n");
    const responseLines = lines.filter((l) => l.includes('"operation":'));
    expect(responseLines).toHaveLength(evidence.responses.length);
  });

  it("gives the same bytes for the same evidence", () => {
    const evidence = makeEvidence();
    expect(renderEvidenceJson(JSON.parse(renderEvidenceJson(evidence)))).toBe(renderEvidenceJson(evidence));
  });
});
