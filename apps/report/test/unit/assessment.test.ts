// Changes and waivers reach the JSON and CSV too, not only the HTML and PDF.
import { describe, expect, it } from "vitest";
import { hashEvidence, verifyEvidence } from "../../src/evidence/hash.js";
import type { Evidence } from "../../src/evidence/types.js";
import { buildReport } from "../../src/model/build.js";
import { renderCsv } from "../../src/render/csv.js";
import { renderEvidenceJson } from "../../src/render/json.js";
import { makeEvidence } from "../fixtures/evidence.js";

const waive = (rule: { ruleId: string }, image: { imageId: string }) =>
  rule.ruleId === "R-CURL" && image.imageId === "img-0"
    ? { reason: "vendor base image", approver: "alice", expires: "2030-01-01" }
    : undefined;

describe("evidence.json assessment", () => {
  const before = buildReport(makeEvidence({ images: 4 }));
  const evidence = makeEvidence({ images: 6 });
  const report = buildReport(evidence, { baseline: { report: before, label: "previous run" }, waive });
  const written = JSON.parse(renderEvidenceJson(evidence, report)) as Evidence;

  it("lists new findings, resolved count and waivers", () => {
    expect(written.assessment?.changes?.new.map((f) => `${f.ruleId} ${f.image}`).sort()).toEqual([
      "R-CURL payments/app-4:1.4.0",
      "R-USER payments/app-4:1.4.0",
      "R-USER payments/app-5:1.5.0",
    ]);
    expect(written.assessment?.changes?.unchanged).toBe(before.findings.size);
    expect(written.assessment?.changes?.baseline.evidenceSha256).toBe(before.meta.evidenceSha256);
    expect(written.assessment?.waivers).toEqual([
      expect.objectContaining({ ruleId: "R-CURL", image: "library/app-0:1.0.0", approver: "alice", expired: false }),
    ]);
  });

  it("stays outside the seal, so the written file still verifies", () => {
    expect(hashEvidence(written)).toBe(evidence.sha256);
    expect(() => verifyEvidence(written)).not.toThrow();
  });

  it("holds only the numbers when there is no change or waiver to record", () => {
    const plain = JSON.parse(renderEvidenceJson(evidence, buildReport(evidence))) as Evidence;
    expect(Object.keys(plain.assessment ?? {})).toEqual(["summary"]);
    expect(plain.assessment?.summary?.rules.map((r) => r.ruleId)).toEqual(["R-CURL", "R-USER"]);
  });
});

describe("images.csv change and waiver columns", () => {
  it("marks new findings and waived ones with reason, approver and expiry", () => {
    const before = buildReport(makeEvidence({ images: 4 }));
    const report = buildReport(makeEvidence({ images: 6 }), { baseline: { report: before, label: "prev" }, waive });
    const rows = renderCsv(report)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(rows[0]?.split(",").slice(-11, -6)).toEqual([
      "change",
      "waiver",
      "waiver_reason",
      "waiver_approver",
      "waiver_expires",
    ]);
    const curl0 = rows.find((row) => row.includes("R-CURL") && row.includes("img") === false && row.includes("app-0,"));
    expect(curl0?.includes(",unchanged,waived,vendor base image,alice,2030-01-01,")).toBe(true);
    expect(rows.filter((row) => row.includes(",new,"))).toHaveLength(3);
  });
});
