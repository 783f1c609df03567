import { describe, expect, it } from "vitest";
import { hashEvidence, verifyEvidence } from "../src/evidence/hash.js";
import { buildReport } from "../src/model/build.js";
import { makeEvidence } from "./fixtures/evidence.js";

describe("buildReport", () => {
  it("counts each affected image once across rules", () => {
    const report = buildReport(makeEvidence({ images: 6 }));
    expect(report.summary.affectedImages).toBe(6);
    expect(report.summary.findings).toBe(6 + 3);
    expect(report.summary.rulesWithFindings).toBe(2);
    expect(report.summary.byLevel.critical).toEqual({ rules: 1, images: 3, findings: 3 });
    expect(report.summary.byLevel.high).toEqual({ rules: 1, images: 6, findings: 6 });
    expect(report.summary.worstLevel).toBe("critical");
  });

  it("orders sections critical first and prints a shared remediation once", () => {
    const report = buildReport(makeEvidence({ images: 4 }));
    expect(report.sections.map((s) => s.rule.ruleId)).toEqual(["R-CURL", "R-USER"]);
    const user = report.sections[1];
    expect(user?.sharedRemediation).toBeDefined();
    expect(report.remediations[user?.sharedRemediation ?? -1]).toBe("Add USER <non-root> to the Dockerfile.");
    expect(report.remediations).toHaveLength(2);
  });

  it("indexes images with the rules they break", () => {
    const report = buildReport(makeEvidence({ images: 4 }));
    const first = report.imageIndex.find((entry) => report.images.get(entry.imageKey)?.imageId === "img-0");
    expect(first?.findings).toHaveLength(2);
  });

  it("diffs against a baseline: new, resolved and unchanged", () => {
    const before = buildReport(makeEvidence({ images: 4 }));
    const after = buildReport(makeEvidence({ images: 6 }), { baseline: { report: before, label: "previous" } });
    // 4 images -> 6: R-USER gains img-4, img-5; R-CURL (every other) gains img-4 (k*2 for k<3).
    expect(after.changes?.newFindings).toHaveLength(3);
    expect(after.changes?.resolved).toHaveLength(0);
    expect(after.changes?.unchanged).toBe(before.findings.size);
    const back = buildReport(makeEvidence({ images: 4 }), { baseline: { report: after, label: "previous" } });
    expect(back.changes?.resolved.map((r) => r.image).sort()).toEqual(
      ["payments/app-4:1.4.0", "payments/app-4:1.4.0", "payments/app-5:1.5.0"].sort(),
    );
  });

  it("mutes waived findings and flags expired waivers", () => {
    const report = buildReport(makeEvidence({ images: 2 }), {
      waive: (rule, image) =>
        rule.ruleId === "R-CURL"
          ? {
              reason: "vendor image",
              approver: "alice",
              expires: image.imageId === "img-0" ? "2020-01-01" : "2030-01-01",
            }
          : undefined,
    });
    const curl = report.sections.find((s) => s.rule.ruleId === "R-CURL");
    expect(curl?.findings[0]?.waiver?.expired).toBe(true);
    expect(report.summary.waivedFindings).toBe(0);
    expect(report.summary.worstLevel).toBe("critical");
  });
});

describe("evidence seal", () => {
  it("is independent of key order and detects tampering", () => {
    const evidence = makeEvidence();
    const reverseKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reverseKeys)
        : value && typeof value === "object"
          ? Object.fromEntries(
              Object.entries(value)
                .reverse()
                .map(([k, v]) => [k, reverseKeys(v)]),
            )
          : value;
    const reordered = reverseKeys(JSON.parse(JSON.stringify(evidence))) as typeof evidence;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(evidence));
    expect(hashEvidence(reordered)).toBe(evidence.sha256);
    expect(() => verifyEvidence(evidence)).not.toThrow();
    const tampered = structuredClone(evidence);
    tampered.run.demo = !tampered.run.demo;
    expect(() => verifyEvidence(tampered, "x.json")).toThrow(/x.json: sha256 mismatch/);
  });
});
