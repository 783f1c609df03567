// The data: consistent (image_num == total_num), stable pages, deterministic, realistic, bilingual, on demand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES, type RunningEmulator, startEmulator } from "../../src/index.js";
import { get, IMAGES_PATH, RULES_PATH, walk } from "../helpers.js";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

describe("consistency", () => {
  it.each(["registry", "cicd"] as const)(
    "every %s rule's image_num equals the images endpoint's total_num",
    async (imageType) => {
      const rules = await walk(emulator, RULES_PATH(emulator.projectId), { image_type: imageType });
      expect(rules.items.length).toBeGreaterThanOrEqual(14);
      for (const rule of rules.items) {
        const images = await walk(emulator, IMAGES_PATH(emulator.projectId), {
          image_type: imageType,
          rule_id: rule.rule_id,
        });
        expect(
          images.totals.every((total) => total === rule.image_num),
          rule.rule_id,
        ).toBe(true);
        expect(images.items, rule.rule_id).toHaveLength(rule.image_num);
        expect(new Set(images.items.map((image) => image.image_id)).size).toBe(rule.image_num);
        if (rule.image_num > 0) {
          expect(rule.latest_scan_time).toBe(Math.max(...images.items.map((image) => image.latest_scan_time)));
        }
      }
    },
  );

  it("serves exactly what dataset.rules / dataset.images return", async () => {
    const rules = await walk(
      emulator,
      RULES_PATH(emulator.projectId),
      { image_type: "registry" },
      {
        "X-Auth-Token": emulator.token,
        "X-Language": "zh-cn",
      },
    );
    expect(rules.items).toEqual(emulator.dataset.rules(emulator.projectId, "registry", "zh-cn"));
    const images = await walk(emulator, IMAGES_PATH(emulator.projectId), { image_type: "cicd", rule_id: "BCR-0011" });
    expect(images.items).toEqual(emulator.dataset.images(emulator.projectId, "cicd", "BCR-0011", "en-us"));
  });

  it("pages are stable and disjoint, in any page size", async () => {
    const path = IMAGES_PATH(emulator.projectId);
    const query = { image_type: "registry", rule_id: "BCR-0014" };
    const whole = await walk(emulator, path, query);
    const small: string[] = [];
    for (let offset = 0; offset < whole.items.length; offset += 10) {
      const page = await get(emulator, path, { ...query, offset, limit: 10 });
      small.push(...page.json.data_list.map((image: { image_id: string }) => image.image_id));
    }
    expect(small).toEqual(whole.items.map((image) => image.image_id));
    const again = await walk(emulator, path, query);
    expect(again.items).toEqual(whole.items);
    const beyond = await get(emulator, path, { ...query, offset: whole.items.length + 5, limit: 10 });
    expect(beyond.json).toEqual({ total_num: whole.items.length, data_list: [] });
  });

  it("filters by image_id, risk_level, risk_name and enterprise project", async () => {
    const [image] = emulator.dataset.images(emulator.projectId, "registry", "BCR-0001");
    expect(image).toBeDefined();
    const imageId = image?.image_id as string;
    const byImage = await get(emulator, IMAGES_PATH(emulator.projectId), {
      image_type: "registry",
      rule_id: "BCR-0001",
      image_id: imageId,
    });
    expect(byImage.json.total_num).toBe(1);
    expect(byImage.json.data_list[0]).toEqual(image);
    const rulesOfImage = await get(emulator, RULES_PATH(emulator.projectId), {
      image_type: "registry",
      image_id: imageId,
      limit: 200,
    });
    expect(rulesOfImage.json.data_list.map((rule: { rule_id: string }) => rule.rule_id)).toContain("BCR-0001");
    expect(rulesOfImage.json.data_list.every((rule: { image_num: number }) => rule.image_num === 1)).toBe(true);

    const critical = await get(emulator, RULES_PATH(emulator.projectId), {
      image_type: "registry",
      risk_level: "critical",
      limit: 200,
    });
    expect(critical.json.total_num).toBe(RULES.filter((rule) => rule.risk_level === "critical").length);
    const named = await get(emulator, RULES_PATH(emulator.projectId), {
      image_type: "registry",
      risk_name: "HEALTHCHECK",
    });
    expect(named.json.data_list.map((rule: { rule_id: string }) => rule.rule_id)).toEqual(["BCR-0014"]);

    for (const ep of ["0", "all_granted_eps"]) {
      const page = await get(emulator, RULES_PATH(emulator.projectId), {
        image_type: "registry",
        enterprise_project_id: ep,
      });
      expect(page.json.total_num).toBe(RULES.length);
    }
    const other = await get(emulator, RULES_PATH(emulator.projectId), {
      image_type: "registry",
      enterprise_project_id: "ep-1",
    });
    // Rules are listed whatever the scope (HSS lists rules with no images too); none has an image there.
    expect(other.json.total_num).toBe(RULES.length);
    expect(other.json.data_list.every((rule: { image_num: number }) => rule.image_num === 0)).toBe(true);
  });
});

describe("options", () => {
  it.each([
    [{ images: -1 }, "images"],
    [{ images: 1.5 }, "images"],
    [{ projects: [] }, "at least one project"],
    [{ projects: [{ projectId: "a" }, { projectId: "a" }] }, "twice"],
    [{ projects: [{ projectId: "" }] }, "1 to 256"],
    [{ rateLimit: 0 }, "rateLimit"],
    [{ latencyMs: -5 }, "latencyMs"],
  ])("rejects %j naming it", async (options, needle) => {
    await expect(startEmulator(options)).rejects.toThrow(needle);
  });
});

describe("realism", () => {
  it("covers every image type, missing-instruction rules, several rules per image, CJK names and a zero-image rule", () => {
    const { dataset, projectId } = emulator;
    const all = (["registry", "cicd"] as const).flatMap((type) =>
      dataset.rules(projectId, type).flatMap((rule) => dataset.images(projectId, type, rule.rule_id)),
    );
    expect(new Set(all.map((image) => image.image_type))).toEqual(
      new Set(["private_image", "shared_image", "instance_image", "harbor", "jfrog", "cicd"]),
    );
    expect(all.some((image) => image.risk_detail_info.risk_list.some((risk) => risk.build_instruction === "--"))).toBe(
      true,
    );
    expect(all.some((image) => image.risk_detail_info.risk_num > 1)).toBe(true);
    expect(all.some((image) => /[\u4e00-\u9fff]/.test(image.image_name))).toBe(true);
    const rulesPerImage = new Map<string, number>();
    for (const image of all) rulesPerImage.set(image.image_id, (rulesPerImage.get(image.image_id) ?? 0) + 1);
    expect(Math.max(...rulesPerImage.values())).toBeGreaterThanOrEqual(3);
    expect(dataset.rules(projectId, "cicd").some((rule) => rule.image_num === 0)).toBe(true);
    for (const image of all) {
      expect(image.image_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(image.image_size).toBeGreaterThan(1_000_000);
      expect(image.risk_detail_info.risk_num).toBe(image.risk_detail_info.risk_list.length);
    }
    expect(dataset.imageCount(projectId)).toBe(240);
  });
});

describe("language", () => {
  it("X-Language picks descriptions and remediations; ids and images stay the same", async () => {
    const path = IMAGES_PATH(emulator.projectId);
    const query = { image_type: "registry", rule_id: "BCR-0004", limit: 10 };
    const en = await get(emulator, path, query, { "X-Auth-Token": emulator.token, "X-Language": "en-us" });
    const zh = await get(emulator, path, query, { "X-Auth-Token": emulator.token, "X-Language": "zh-cn" });
    const none = await get(emulator, path, query);
    expect(none.json).toEqual(en.json);
    const remediation = (reply: typeof en) =>
      reply.json.data_list[0].risk_detail_info.risk_list[0].remediation as string;
    expect(remediation(en)).toMatch(/^Remove secrets/);
    expect(remediation(zh)).toMatch(/[\u4e00-\u9fff]/);
    expect(zh.json.data_list.map((image: { image_id: string }) => image.image_id)).toEqual(
      en.json.data_list.map((image: { image_id: string }) => image.image_id),
    );
    const rulesZh = await get(
      emulator,
      RULES_PATH(emulator.projectId),
      { image_type: "registry" },
      {
        "X-Auth-Token": emulator.token,
        "X-Language": "zh-cn",
      },
    );
    expect(rulesZh.json.data_list[0].description).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("determinism and change", () => {
  it("the same seed gives the same bytes; another seed other data", async () => {
    const a = await startEmulator({ seed: 42, images: 100 });
    const b = await startEmulator({ seed: 42, images: 100 });
    const c = await startEmulator({ seed: 43, images: 100 });
    try {
      const query = { image_type: "registry", rule_id: "BCR-0001", limit: 50 };
      const [ra, rb, rc] = await Promise.all([a, b, c].map((e) => get(e, IMAGES_PATH(e.projectId), query)));
      expect(ra?.text).toBe(rb?.text);
      expect(a.projectId).not.toBe(c.projectId);
      expect(ra?.text).not.toBe(rc?.text);
      a.setSeed(43);
      expect(a.dataset.images(a.projectId, "registry", "BCR-0001")).not.toEqual(
        b.dataset.images(b.projectId, "registry", "BCR-0001"),
      );
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it("mutate() resolves some findings and adds new ones, deterministically", async () => {
    const findings = (e: RunningEmulator) =>
      new Set(
        (["registry", "cicd"] as const).flatMap((type) =>
          e.dataset
            .rules(e.projectId, type)
            .flatMap((rule) =>
              e.dataset.images(e.projectId, type, rule.rule_id).map((image) => `${rule.rule_id}|${image.image_id}`),
            ),
        ),
      );
    const e = await startEmulator({ images: 300, seed: "mutate" });
    const twin = await startEmulator({ images: 300, seed: "mutate" });
    try {
      const before = findings(e);
      e.mutate();
      twin.mutate();
      const after = findings(e);
      const resolved = [...before].filter((f) => !after.has(f));
      const added = [...after].filter((f) => !before.has(f));
      expect(resolved.length).toBeGreaterThan(0);
      expect(added.length).toBeGreaterThan(0);
      expect(resolved.length).toBeLessThan(before.size / 4);
      expect(findings(twin)).toEqual(after);
      const rule = e.dataset.rules(e.projectId, "registry")[0];
      const reply = await get(e, IMAGES_PATH(e.projectId), {
        image_type: "registry",
        rule_id: rule?.rule_id as string,
      });
      expect(reply.json.total_num).toBe(rule?.image_num);
    } finally {
      await Promise.all([e.close(), twin.close()]);
    }
  });

  it("serves several projects and regions with different data", async () => {
    const e = await startEmulator({
      images: 80,
      projects: [
        { projectId: "p-beijing", region: "cn-north-4" },
        { projectId: "p-singapore", region: "ap-southeast-1", images: 120 },
      ],
    });
    try {
      expect(e.projects.map((p) => p.region)).toEqual(["cn-north-4", "ap-southeast-1"]);
      const one = await get(e, IMAGES_PATH("p-beijing"), { image_type: "registry", rule_id: "BCR-0001" });
      const two = await get(e, IMAGES_PATH("p-singapore"), { image_type: "registry", rule_id: "BCR-0001" });
      expect(one.status).toBe(200);
      expect(two.status).toBe(200);
      expect(one.json.data_list[0].image_id).not.toBe(two.json.data_list[0].image_id);
      expect(e.dataset.imageCount("p-singapore")).toBe(120);
    } finally {
      await e.close();
    }
  });
});

describe("enterprise projects", () => {
  it("spreads images over enterprise projects; the default is 0, all_granted_eps reads all", async () => {
    const eps = ["0", "ep-finance", "ep-retail"];
    const e = await startEmulator({ images: 300, projects: [{ projectId: "p-ep", enterpriseProjects: eps }] });
    try {
      const count = async (ep?: string) => {
        const query: Record<string, string | number> = { image_type: "registry", limit: 200 };
        if (ep !== undefined) query.enterprise_project_id = ep;
        const reply = await get(e, RULES_PATH("p-ep"), query);
        return new Map<string, number>(
          reply.json.data_list.map((rule: { rule_id: string; image_num: number }) => [rule.rule_id, rule.image_num]),
        );
      };
      const all = await count("all_granted_eps");
      const parts = await Promise.all(eps.map((ep) => count(ep)));
      for (const [ruleId, total] of all) {
        expect(
          parts.reduce((sum, part) => sum + (part.get(ruleId) ?? 0), 0),
          ruleId,
        ).toBe(total);
      }
      expect(await count()).toEqual(parts[0]);
      expect([...(parts[1] as Map<string, number>).values()].some((n) => n > 0)).toBe(true);
      const finance = await walk(e, IMAGES_PATH("p-ep"), {
        image_type: "registry",
        rule_id: "BCR-0001",
        enterprise_project_id: "ep-finance",
      });
      expect(finance.items.length).toBe(parts[1]?.get("BCR-0001"));
      expect(
        finance.items.every((image) => e.dataset.enterpriseProjectOf("p-ep", image.image_id) === "ep-finance"),
      ).toBe(true);
      expect(finance.items).toEqual(
        e.dataset.images("p-ep", "registry", "BCR-0001", "en-us", { enterprise_project_id: "ep-finance" }),
      );
      const unknown = await get(e, IMAGES_PATH("p-ep"), {
        image_type: "registry",
        rule_id: "BCR-0001",
        enterprise_project_id: "ep-x",
      });
      expect(unknown.json).toEqual({ total_num: 0, data_list: [] });
    } finally {
      await e.close();
    }
  });
});

describe("hostile data", () => {
  it("carries markup, formulas, control/bidi characters and maximum lengths within the spec's limits", async () => {
    const e = await startEmulator({ hostile: true, images: 60 });
    try {
      const all = (["registry", "cicd"] as const).flatMap((type) =>
        e.dataset.rules(e.projectId, type).flatMap((rule) => e.dataset.images(e.projectId, type, rule.rule_id)),
      );
      const text = JSON.stringify(all);
      for (const needle of ["<script>", "{{", "=HYPERLINK", "+cmd", "@SUM", "\\u0000", "\u202E", "🚀"]) {
        expect(text, needle).toContain(needle);
      }
      const risks = all.flatMap((image) => image.risk_detail_info.risk_list);
      expect(Math.max(...risks.map((risk) => risk.remediation.length))).toBe(65_534);
      expect(Math.max(...risks.map((risk) => risk.build_instruction.length))).toBe(256);
      for (const image of all) {
        expect(image.namespace.length).toBeLessThanOrEqual(64);
        expect(image.image_name.length).toBeLessThanOrEqual(128);
        expect(image.image_version.length).toBeLessThanOrEqual(128);
      }
      const rules = await get(e, RULES_PATH(e.projectId), { image_type: "registry", risk_level: "critical" });
      expect(rules.text).toContain("<script>");
    } finally {
      await e.close();
    }
  });
});

describe("scale", () => {
  it("answers a 100,000-image project from on-demand data", async () => {
    const e = await startEmulator({ images: 100_000, seed: "scale" });
    try {
      const rules = await walk(e, RULES_PATH(e.projectId), { image_type: "registry" });
      const biggest = rules.items.reduce((a, b) => (a.image_num > b.image_num ? a : b));
      expect(biggest.image_num).toBeGreaterThan(30_000);
      const last = await get(e, IMAGES_PATH(e.projectId), {
        image_type: "registry",
        rule_id: biggest.rule_id,
        offset: biggest.image_num - 10,
        limit: 200,
      });
      expect(last.json.total_num).toBe(biggest.image_num);
      expect(last.json.data_list).toHaveLength(10);
    } finally {
      await e.close();
    }
  });
});
