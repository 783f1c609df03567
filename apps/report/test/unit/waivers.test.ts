import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import { buildReport } from "../../src/model/build.js";
import { createWaive, parseWaivers, targetOf, waiverNotes } from "../../src/waivers/index.js";
import { makeEvidence } from "../fixtures/evidence.js";

const entry = (over: Record<string, unknown> = {}) => ({
  rule: "R-CURL",
  image: "app-*",
  reason: "vendor image",
  approver: "alice",
  expires: "2030-01-01",
  ...over,
});

const errorOf = (text: string, file = "w.yaml"): string => {
  try {
    parseWaivers(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected the waivers to be rejected");
};

describe("waivers file", () => {
  it("reads YAML with a waivers list and a bare JSON list", () => {
    const yaml = parseWaivers(
      "waivers:\n  - rule: R-CURL\n    image: payments/*:1.*\n    reason: ok\n    approver: bob\n    expires: 2027-03-31\n",
      "w.yaml",
    );
    expect(yaml.waivers).toEqual([
      { rule: "R-CURL", image: "payments/*:1.*", reason: "ok", approver: "bob", expires: "2027-03-31", index: 0 },
    ]);
    const json = parseWaivers(JSON.stringify([entry(), entry({ rule: "*" })]), "w.json");
    expect(json.waivers.map((w) => w.index)).toEqual([0, 1]);
    expect(parseWaivers("", "empty.yaml").waivers).toEqual([]);
  });

  it("names the file, the entry and the key, and says what is allowed", () => {
    const bad = JSON.stringify({ waivers: [entry(), entry({ expires: "2027-02-30" })] });
    expect(errorOf(bad)).toMatch(
      /^--waivers w\.yaml is not valid:\n {2}waivers\[1\]\.expires \(waiver #2\): must be a date written YYYY-MM-DD, such as 2027-03-31 \(got "2027-02-30"\)$/,
    );
    expect(errorOf(JSON.stringify([entry({ owner: "x" })]))).toContain(
      '[0] (waiver #1): unknown key "owner"; allowed keys: rule, image, scope, reason, approver, expires, ticket',
    );
    const missing = { ...entry() } as Record<string, unknown>;
    delete missing.approver;
    expect(errorOf(JSON.stringify([missing]))).toContain("[0].approver (waiver #1): must be who approved the waiver");
    expect(errorOf(JSON.stringify([entry({ image: "sha256:abc" })]))).toContain(
      "[0].image (waiver #1): a digest must be written sha256: followed by 64 hex digits",
    );
    expect(errorOf(JSON.stringify([entry({ rule: "R-*" })]))).toContain('must be one rule id or "*" for every rule');
    expect(errorOf(JSON.stringify([entry({ reason: "  " })]))).toContain("[0].reason (waiver #1): must not be empty");
    expect(errorOf("waiver:\n  - {}\n")).toContain('unknown key "waiver"; allowed keys: waivers');
    expect(errorOf("waivers: {a: 1}\n")).toContain("waivers: must be a list of waivers (got a mapping)");
    expect(errorOf("- [1, 2]\n")).toContain("[0] (waiver #1): each waiver must be a mapping");
    expect(errorOf("a: [\n")).toMatch(/^--waivers w\.yaml: not valid YAML or JSON: /);
    expect(errorOf("- rule: a\n  rule: b\n")).toMatch(/not valid YAML or JSON: .*[Mm]ap keys must be unique/);
  });
});

describe("matching", () => {
  it("tells digests, references, repositories, tags and names apart", () => {
    expect(targetOf(`sha256:${"a".repeat(64)}`)).toBe("digest");
    expect(targetOf("payments/app-*:1.*")).toBe("reference");
    expect(targetOf("payments/app-1")).toBe("repository");
    expect(targetOf("app-1:1.*")).toBe("tag");
    expect(targetOf("app-?")).toBe("name");
  });

  const waivedImages = (image: string, ruleId = "R-USER") => {
    const evidence = makeEvidence({ images: 6 });
    const set = parseWaivers(JSON.stringify([entry({ rule: ruleId, image })]), "w.json");
    const report = buildReport(evidence, { waive: createWaive(set, evidence.run.startedAt).waive });
    return [...report.findings.values()]
      .filter((f) => f.waiver && report.rules.get(f.ruleKey)?.ruleId === "R-USER")
      .map((f) => report.images.get(f.imageKey)?.imageId)
      .sort();
  };

  it("matches each kind of image pattern", () => {
    // Fixture: img-i is namespace library when i % 3 == 0 else payments, name app-i, version 1.i.0.
    expect(waivedImages("app-*")).toEqual(["img-0", "img-1", "img-2", "img-3", "img-4", "img-5"]);
    expect(waivedImages("app-[12]")).toEqual(["img-1", "img-2"]);
    expect(waivedImages("library/*")).toEqual(["img-0", "img-3"]);
    expect(waivedImages("library/*:1.3.*")).toEqual(["img-3"]);
    expect(waivedImages("app-5:1.5.0")).toEqual(["img-5"]);
    expect(waivedImages("**")).toHaveLength(6);
    expect(waivedImages(`sha256:${"4".padStart(64, "0")}`)).toEqual(["img-4"]);
    expect(waivedImages(`SHA256:${"4".padStart(64, "0")}`)).toEqual(["img-4"]);
    expect(waivedImages("app-*", "R-CURL")).toEqual([]);
    expect(waivedImages("app-*", "*")).toHaveLength(6);
    expect(waivedImages("payments")).toEqual([]);
  });

  it("prefers a waiver that still holds, flags expired ones and reports unused ones", () => {
    const evidence = makeEvidence({ images: 4 }); // data time 2026-11-27T00:00Z
    const set = parseWaivers(
      JSON.stringify([
        entry({ rule: "R-CURL", image: "app-0", expires: "2026-11-26", reason: "old" }),
        entry({ rule: "R-CURL", image: "app-0", expires: "2026-11-28", reason: "renewed" }),
        entry({ rule: "R-CURL", image: "app-2", expires: "2026-01-01", reason: "lapsed" }),
        entry({ rule: "R-USER", image: "nothing-*" }),
      ]),
      "w.json",
    );
    const waive = createWaive(set, evidence.run.startedAt);
    const report = buildReport(evidence, { waive: waive.waive });
    const curl = report.sections.find((s) => s.ruleId === "R-CURL")?.findings ?? [];
    const byImage = Object.fromEntries(curl.map((f) => [report.images.get(f.imageKey)?.name, f.waiver]));
    // In force, and within the default 14 days of warning before its expiry.
    expect(byImage["app-0"]).toEqual({
      reason: "renewed",
      approver: "alice",
      expires: "2026-11-28",
      expired: false,
      expiresSoon: true,
    });
    expect(byImage["app-2"]).toEqual({ reason: "lapsed", approver: "alice", expires: "2026-01-01", expired: true });
    expect(waive.applied).toEqual([0, 1, 1, 0]);
    expect(waiverNotes(set, waive, evidence.run.startedAt)).toEqual([
      "--waivers w.json: waivers[0] (rule R-CURL, image app-0) matches no finding",
      "--waivers w.json: waivers[1] (rule R-CURL, image app-0) expires on 2026-11-28, in 1 day: its 1 finding counts again from then",
      "--waivers w.json: waivers[2] (rule R-CURL, image app-2) expired on 2026-01-01: its 1 finding counts again",
      "--waivers w.json: waivers[3] (rule R-USER, image nothing-*) matches no finding",
    ]);
    // Only app-0's critical finding is waived; app-2's expired waiver still counts.
    expect(report.summary.waivedFindings).toBe(1);
    expect(report.summary.worstLevel).toBe("critical");
  });

  it("matches by scope glob, carries the ticket, and warns the configured days before expiry", () => {
    const evidence = makeEvidence({ images: 4 }); // scope cn-north-4/proj-1, data time 2026-11-27T00:00Z
    const set = parseWaivers(
      JSON.stringify([
        entry({ image: "app-0", scope: "ap-southeast-1/*", reason: "other region" }),
        entry({ image: "app-0", scope: "cn-north-4/*", ticket: "SEC-1234", expires: "2026-12-20" }),
        entry({ image: "app-2", scope: "**", expires: "2026-12-01" }),
      ]),
      "w.json",
    );
    const waive = createWaive(set, evidence.run.startedAt, 10);
    const report = buildReport(evidence, { waive: waive.waive });
    const curl = report.sections.find((s) => s.ruleId === "R-CURL")?.findings ?? [];
    const byImage = Object.fromEntries(curl.map((f) => [report.images.get(f.imageKey)?.name, f.waiver]));
    // 23 days to go: outside the 10 days of warning. 4 days to go: inside.
    expect(byImage["app-0"]).toEqual({
      reason: "vendor image",
      approver: "alice",
      expires: "2026-12-20",
      expired: false,
      ticket: "SEC-1234",
    });
    expect(byImage["app-2"]?.expiresSoon).toBe(true);
    expect(waive.applied).toEqual([0, 1, 1]);
    expect(waiverNotes(set, waive, evidence.run.startedAt, 10)).toEqual([
      "--waivers w.json: waivers[0] (rule R-CURL, image app-0) matches no finding",
      "--waivers w.json: waivers[2] (rule R-CURL, image app-2) expires on 2026-12-01, in 4 days: its 1 finding counts again from then",
    ]);
    expect(errorOf(JSON.stringify([entry({ scope: "cn north" })]))).toContain(
      "[0].scope (waiver #1): must not contain spaces",
    );
    expect(errorOf(JSON.stringify([entry({ tickets: "X" })]))).toContain(
      "allowed keys: rule, image, scope, reason, approver, expires, ticket",
    );
  });

  it("takes --fail-on out of play only when every finding at the level is waived", () => {
    const evidence = makeEvidence({ images: 4 });
    const set = parseWaivers(JSON.stringify([entry({ rule: "R-CURL", image: "**" })]), "w.json");
    const report = buildReport(evidence, { waive: createWaive(set, evidence.run.startedAt).waive });
    expect(report.summary.waivedFindings).toBe(2);
    expect(report.summary.worstLevel).toBe("high");
  });
});
