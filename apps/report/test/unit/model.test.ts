import { describe, expect, it } from "vitest";
import { hashEvidence, sealEvidence, verifyEvidence } from "../../src/evidence/hash.js";
import type { Evidence } from "../../src/evidence/types.js";
import { buildReport } from "../../src/model/build.js";
import { makeEvidence } from "../fixtures/evidence.js";

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
    expect(report.sections.map((s) => s.ruleId)).toEqual(["R-CURL", "R-USER"]);
    const user = report.sections[1];
    expect(user?.sharedRemediation).toBeDefined();
    expect(report.remediations[user?.sharedRemediation ?? -1]).toBe("Add USER <non-root> to the Dockerfile.");
    expect(report.remediations).toHaveLength(2);
  });

  it("keeps one copy of what findings repeat, each finding still stating its own evidence", () => {
    const evidence = makeEvidence({ images: 6 });
    const report = buildReport(evidence);
    const findings = [...report.findings.values()];
    for (const response of evidence.responses) {
      if (response.operation !== "ListImageBuildCommandRisksImages") continue;
      for (const info of response.body.data_list) {
        const finding = findings.find(
          (f) =>
            f.ruleKey.endsWith(`|${response.query.rule_id}`) &&
            report.images.get(f.imageKey)?.imageId === info.image_id,
        );
        // Each finding's image is the one its key names, and its instructions are those HSS listed for it.
        expect(report.images.get(finding?.imageKey ?? "")?.key).toBe(finding?.imageKey);
        expect(finding?.instructions.map((i) => [i.instruction, report.remediations[i.remediation]])).toEqual(
          info.risk_detail_info.risk_list.map((r) => [r.build_instruction, r.remediation]),
        );
      }
    }
    // The 6 images of R-USER have one instruction and remediation: one list for all of them.
    const user = findings.filter((f) => f.ruleKey.endsWith("|R-USER"));
    expect(user).toHaveLength(6);
    expect(new Set(user.map((f) => f.instructions)).size).toBe(1);
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
    const curl = report.sections.find((s) => s.ruleId === "R-CURL");
    expect(curl?.findings[0]?.waiver?.expired).toBe(true);
    expect(report.summary.waivedFindings).toBe(0);
    expect(report.summary.worstLevel).toBe("critical");
  });
});

/** The fixture's rules listed again by a second scope and, in the first scope, for CI/CD images too. */
function widened(images: number): Evidence {
  const base = makeEvidence({ images });
  const second = "ap-southeast-1/proj-2";
  const copies = base.responses.flatMap((r) => [
    { ...r, scopeId: second },
    {
      ...r,
      query: { ...r.query, image_type: "cicd" },
      body: {
        ...r.body,
        data_list: r.body.data_list.map((x) =>
          "image_id" in x ? { ...x, image_id: `ci-${x.image_id}`, image_type: "cicd" } : x,
        ),
      },
    },
  ]) as Evidence["responses"];
  const scope = base.run.scopes[0] as Evidence["run"]["scopes"][number];
  return sealEvidence({
    ...base,
    run: {
      ...base.run,
      parameters: { ...base.run.parameters, failOn: "high" },
      scopes: [
        { ...scope, imageTypes: ["cicd", "registry"] },
        { ...scope, id: second, projectId: "proj-2", imageTypes: ["registry"] },
      ],
    },
    responses: [...base.responses, ...copies],
  });
}

describe("a rule is its rule_id", () => {
  it("counts a rule once and gives it one section, whatever scopes and image kinds list it", () => {
    const evidence = widened(4);
    const report = buildReport(evidence);
    const ruleIds = new Set(
      evidence.responses.flatMap((r) =>
        r.operation === "ListImageBuildCommandRisks" ? r.body.data_list.map((x) => x.rule_id) : [],
      ),
    );
    expect(report.rules.size).toBe(ruleIds.size * 3); // listed by (scope 1: registry, cicd), (scope 2: registry)
    expect(report.summary.rulesWithFindings).toBe(ruleIds.size);
    expect(report.sections.map((s) => s.ruleId).sort()).toEqual([...ruleIds].sort());
    expect(report.summary.byLevel.critical.rules + report.summary.byLevel.high.rules).toBe(ruleIds.size);
    for (const section of report.sections) {
      expect(section.listings.map((l) => `${l.rule.scopeId} ${l.rule.imageKind}`)).toEqual([
        "ap-southeast-1/proj-2 registry",
        "cn-north-4/proj-1 cicd",
        "cn-north-4/proj-1 registry",
      ]);
      // Each finding is in exactly one listing.
      expect(section.listings.reduce((n, l) => n + l.findings, 0)).toBe(section.findings.length);
    }
    for (const scope of report.summary.scopes) expect(scope.rulesWithFindings).toBe(ruleIds.size);
    expect(report.summary.findings).toBe(3 * (4 + 2));
  });

  it("states the --fail-on verdict: unwaived findings at or above the level", () => {
    const evidence = widened(4);
    const waive: Parameters<typeof buildReport>[1] = {
      waive: (rule) => (rule.ruleId === "R-USER" ? { reason: "r", approver: "a", expires: "2099-01-01" } : undefined),
    };
    const gate = buildReport(evidence, waive).summary.gate;
    const curl = [...buildReport(evidence).findings.values()].filter((f) => f.level === "critical").length;
    expect(gate).toEqual({ level: "high", passed: false, findings: curl, worstLevel: "critical" });
    const onlyHigh = buildReport(evidence, {
      failOn: "critical",
      waive: () => ({ reason: "r", approver: "a", expires: "2099-01-01" }),
    });
    expect(onlyHigh.summary.gate).toEqual({ level: "critical", passed: true, findings: 0 });
    expect(buildReport(makeEvidence()).summary.gate).toBeUndefined();
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
