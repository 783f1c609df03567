import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/errors.js";
import type { ImageInfo, RuleInfo, Scope } from "../../src/evidence/types.js";
import { fetchEvidence } from "../../src/fetch/fetch.js";
import type { ListOperation, Page, PagedClient } from "../../src/fetch/source.js";

const rule = (id: string, level: RuleInfo["risk_level"], imageNum: number): RuleInfo => ({
  rule_id: id,
  risk_id: id,
  risk_name: `rule ${id}`,
  risk_level: level,
  description: "",
  image_type: "registry",
  image_num: imageNum,
  latest_scan_time: 0,
});

const image = (i: number): ImageInfo => ({
  namespace: "ns",
  image_digest: `sha256:${i}`,
  image_id: `img-${i}`,
  image_name: `app-${i}`,
  image_version: "1",
  image_type: "private_image",
  image_size: 1,
  latest_scan_time: 0,
  risk_detail_info: { risk_num: 1, risk_list: [{ build_instruction: "RUN x", remediation: "fix" }] },
});

/** Pages like the real client: `limit` items per page until total_num. */
class FakeClient implements PagedClient {
  calls: { operation: ListOperation; query: Record<string, string | number> }[] = [];
  active = 0;
  maxActive = 0;
  constructor(
    private readonly rules: RuleInfo[],
    private readonly imagesPerRule: number,
    private readonly failOn?: string,
  ) {}
  async *pages(operation: ListOperation, query: Record<string, string | number>): AsyncGenerator<Page> {
    this.calls.push({ operation, query });
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    try {
      const all: unknown[] =
        operation === "ListImageBuildCommandRisks"
          ? this.rules.filter((r) => !query.risk_level || r.risk_level === query.risk_level)
          : Array.from({ length: this.imagesPerRule }, (_, i) => image(i));
      if (query.rule_id !== undefined && query.rule_id === this.failOn)
        throw new Error(`HTTP 500 for ${query.rule_id}`);
      const limit = Number(query.limit ?? 10);
      for (let offset = 0; offset === 0 || offset < all.length; offset += limit) {
        await new Promise((resolve) => setImmediate(resolve));
        yield {
          operation,
          query: { ...query, offset, limit },
          requestId: `req-${offset}`,
          receivedAt: "2026-01-01T00:00:00.000Z",
          totalNum: all.length,
          body: { total_num: all.length, data_list: all.slice(offset, offset + limit) },
        };
      }
    } finally {
      this.active--;
    }
  }
}

const scope = (id: string, imageTypes: Scope["imageTypes"] = ["registry"]): Scope => ({
  id,
  endpoint: "http://127.0.0.1:1",
  projectId: "p",
  imageTypes,
});

const rules = [rule("A", "critical", 3), rule("B", "high", 3), rule("C", "low", 3)];

describe("fetchEvidence", () => {
  it("reads every page of the rules, then every page of each rule's images", async () => {
    const client = new FakeClient(rules, 450);
    const result = await fetchEvidence({
      scopes: [{ scope: scope("s1", ["cicd", "registry"]), client }],
      ruleIds: [],
      riskLevels: [],
      concurrency: 4,
    });
    expect(result.failures).toEqual([]);
    // Per kind: 1 rules page + 3 rules x 3 pages (200 + 200 + 50).
    expect(result.responses).toHaveLength(2 * (1 + 9));
    const images = result.responses.filter((r) => r.operation === "ListImageBuildCommandRisksImages");
    expect(images.map((r) => r.query.offset)).toEqual([
      0, 200, 400, 0, 200, 400, 0, 200, 400, 0, 200, 400, 0, 200, 400, 0, 200, 400,
    ]);
    expect(images[0]).toMatchObject({
      scopeId: "s1",
      requestId: "req-0",
      query: { image_type: "cicd", rule_id: "A", limit: 200 },
    });
    // Deterministic order: kinds as configured, rules as listed.
    expect(result.responses.map((r) => `${r.query.image_type}:${r.query.rule_id ?? "rules"}`)).toEqual([
      "cicd:rules",
      "cicd:A",
      "cicd:A",
      "cicd:A",
      "cicd:B",
      "cicd:B",
      "cicd:B",
      "cicd:C",
      "cicd:C",
      "cicd:C",
      "registry:rules",
      "registry:A",
      "registry:A",
      "registry:A",
      "registry:B",
      "registry:B",
      "registry:B",
      "registry:C",
      "registry:C",
      "registry:C",
    ]);
  });

  it("asks the API for one risk level and filters several locally", async () => {
    const one = new FakeClient(rules, 1);
    await fetchEvidence({
      scopes: [{ scope: scope("s"), client: one }],
      ruleIds: [],
      riskLevels: ["high"],
      concurrency: 2,
    });
    expect(one.calls[0]?.query.risk_level).toBe("high");
    expect(
      one.calls.filter((c) => c.operation === "ListImageBuildCommandRisksImages").map((c) => c.query.rule_id),
    ).toEqual(["B"]);

    const two = new FakeClient(rules, 1);
    await fetchEvidence({
      scopes: [{ scope: scope("s"), client: two }],
      ruleIds: [],
      riskLevels: ["critical", "low"],
      concurrency: 2,
    });
    expect(two.calls[0]?.query.risk_level).toBeUndefined();
    expect(
      two.calls
        .filter((c) => c.operation === "ListImageBuildCommandRisksImages")
        .map((c) => c.query.rule_id)
        .sort(),
    ).toEqual(["A", "C"]);
  });

  it("filters by rule id, and refuses a rule nobody lists (exit 2, naming it and the rules listed)", async () => {
    const client = new FakeClient(rules, 1);
    await fetchEvidence({ scopes: [{ scope: scope("s"), client }], ruleIds: ["C"], riskLevels: [], concurrency: 2 });
    expect(
      client.calls.filter((c) => c.operation === "ListImageBuildCommandRisksImages").map((c) => c.query.rule_id),
    ).toEqual(["C"]);
    const typo = fetchEvidence({
      scopes: [{ scope: scope("s"), client: new FakeClient(rules, 1) }],
      ruleIds: ["C", "Z"],
      riskLevels: [],
      concurrency: 2,
    });
    await expect(typo).rejects.toBeInstanceOf(UsageError);
    await expect(typo).rejects.toThrow(
      `--rule Z: no scope lists this rule (rules listed: ${rules
        .map((r) => r.rule_id)
        .sort()
        .join(", ")})`,
    );
  });

  it("keeps at most `concurrency` listings in flight", async () => {
    const many = Array.from({ length: 20 }, (_, i) => rule(`R${i}`, "low", 1));
    const client = new FakeClient(many, 450);
    await fetchEvidence({ scopes: [{ scope: scope("s"), client }], ruleIds: [], riskLevels: [], concurrency: 3 });
    expect(client.maxActive).toBeLessThanOrEqual(3);
    expect(client.maxActive).toBeGreaterThan(1);
  });

  it("records a failing scope, drops its responses and keeps the others", async () => {
    const bad = new FakeClient(rules, 5, "B");
    const good = new FakeClient(rules, 5);
    const failed: string[] = [];
    const result = await fetchEvidence({
      scopes: [
        { scope: scope("bad"), client: bad },
        { scope: scope("good"), client: good },
      ],
      ruleIds: [],
      riskLevels: [],
      concurrency: 2,
      onProgress: (e) => e.stage === "scope-failed" && failed.push(e.scopeId),
    });
    expect(result.failures).toEqual([{ scopeId: "bad", message: "HTTP 500 for B" }]);
    expect(failed).toEqual(["bad"]);
    expect(new Set(result.responses.map((r) => r.scopeId))).toEqual(new Set(["good"]));
    expect(result.responses).toHaveLength(4);
  });

  it("reads the rules again after the images and fails the scope when a rule's image count moved", async () => {
    const steady = new FakeClient(rules, 2);
    const ok = await fetchEvidence({
      scopes: [{ scope: scope("s"), client: steady }],
      ruleIds: [],
      riskLevels: [],
      concurrency: 2,
    });
    expect(ok.failures).toEqual([]);
    expect(steady.calls.filter((c) => c.operation === "ListImageBuildCommandRisks")).toHaveLength(2);
    // The re-check is not evidence: one rules response per kind.
    expect(ok.responses.filter((r) => r.operation === "ListImageBuildCommandRisks")).toHaveLength(1);

    // New images land while the images are read: rule B's count is 4 the second time.
    const live = [...rules];
    const moving = new FakeClient(live, 2);
    const original = moving.pages.bind(moving);
    let rulesReads = 0;
    moving.pages = async function* (operation, query) {
      if (operation === "ListImageBuildCommandRisks" && ++rulesReads === 2) live[1] = rule("B", "high", 4);
      yield* original(operation, query);
    };
    const result = await fetchEvidence({
      scopes: [{ scope: scope("s"), client: moving }],
      ruleIds: [],
      riskLevels: [],
      concurrency: 2,
    });
    expect(result.responses).toEqual([]);
    expect(result.failures).toHaveLength(1);
    expect(result.failures[0]).toMatchObject({ operation: "ListImageBuildCommandRisks", requestId: "req-0" });
    expect(result.failures[0]?.message).toMatch(
      /^ListImageBuildCommandRisks with image_type=registry&limit=200&offset=0 \(X-Request-Id req-0\): the data changed during the run \(affected images per rule: B 3 -> 4\)/,
    );
  });
});

describe("the run's limit (p-limit)", () => {
  it("runs queued tasks as slots free up, and releases on failure", async () => {
    const limit = pLimit(1);
    const order: number[] = [];
    const failing = limit(async () => {
      order.push(1);
      throw new Error("x");
    });
    const next = limit(async () => order.push(2));
    await expect(failing).rejects.toThrow("x");
    await next;
    expect(order).toEqual([1, 2]);
  });
});
