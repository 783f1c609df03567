import { describe, expect, it } from "vitest";
import { catalogues, countEn, messages } from "../../src/i18n/index.js";

describe("i18n catalogues", () => {
  it("have the same keys in every language, none empty", () => {
    const en = Object.keys(catalogues["en-us"]).sort();
    const zh = Object.keys(catalogues["zh-cn"]).sort();
    expect(zh).toEqual(en);
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      for (const [key, text] of Object.entries(catalogue)) expect(text, `${lang} ${key}`).not.toBe("");
    }
  });

  it("use the same placeholders in every language", () => {
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of Object.entries(catalogues["en-us"])) {
      expect(placeholders(catalogues["zh-cn"][key] ?? ""), key).toEqual(placeholders(text));
    }
  });

  it("translate Chinese for zh-cn and fail loudly on unknown keys", () => {
    const zh = messages("zh-cn");
    expect(zh.level("critical")).toBe("危急");
    expect(zh.t("page", { page: 2, pages: 9 })).toBe("第 2 页，共 9 页");
    expect(() => zh.t("no.such.key")).toThrow(/Missing zh-cn text/);
  });

  it("format numbers, sizes and dates per language, in UTC", () => {
    const en = messages("en-us");
    expect(en.number(1234567)).toBe("1,234,567");
    expect(en.bytes(152610175)).toBe("152.6 MB");
    expect(en.dateTime(1691748641788)).toBe("2023-08-11 10:10 UTC");
    expect(messages("zh-cn").dateTime(1691748641788)).toBe("2023年8月11日 10:10 UTC");
    expect(en.dateTime(undefined)).toBe("—");
  });
});

describe("formatters shared by every format", () => {
  it("give the date and time Intl gives, in UTC, to the minute, in both languages", () => {
    const time = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", timeStyle: "short", hourCycle: "h23" });
    const date = {
      "en-us": new Intl.DateTimeFormat("en-CA", { timeZone: "UTC", dateStyle: "short" }),
      "zh-cn": new Intl.DateTimeFormat("zh-CN", { timeZone: "UTC", dateStyle: "long" }),
    } as const;
    // Midnight, the last minute of a day, leap day, before 1970, and a spread of ordinary instants.
    const instants = [0, -1, 86_399_999, 951_782_400_000, 1_691_748_641_788, -2_208_988_800_001];
    for (let i = 0; i < 200; i++) instants.push(Math.floor(((i * 7919) % 1000) * 3.3e9 + i * 61_001));
    for (const lang of ["en-us", "zh-cn"] as const) {
      const m = messages(lang);
      for (const ms of instants) {
        const expected = `${date[lang].format(ms)} ${time.format(ms)} UTC`;
        expect(m.dateTime(ms), `${lang} ${ms}`).toBe(expected);
        expect(m.dateTime(new Date(ms).toISOString()), `${lang} ${ms} as ISO text`).toBe(expected);
      }
      expect(m.dateTime("not a date")).toBe(m.t("none"));
      expect(m.dateTime(Number.NaN)).toBe(m.t("none"));
    }
  });

  it("give sizes in 1000-based units, and int64 decimal text as its exact bytes", () => {
    const en = messages("en-us");
    expect(en.bytes(999)).toBe("999 B");
    expect(en.bytes(1000)).toBe("1 KB");
    expect(en.bytes(2 ** 53 + 2)).toBe(
      `${new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 }).format((2 ** 53 + 2) / 1e12)} TB`,
    );
    const max = "9223372036854775807";
    expect(en.bytes(max)).toBe(`${new Intl.NumberFormat("en-US").format(BigInt(max))} B`);
    expect(messages("zh-cn").bytes(undefined)).toBe(catalogues["zh-cn"].none);
  });

  it("label levels, image types and image sources from the catalogue, unknown codes as data", () => {
    for (const lang of ["en-us", "zh-cn"] as const) {
      const m = messages(lang);
      const catalogue = catalogues[lang];
      expect(m.level("high")).toBe(catalogue["level.high"]);
      expect(m.imageType("private_image")).toBe(catalogue["imageType.private_image"]);
      expect(m.kind("cicd")).toBe(catalogue["kind.cicd"]);
      expect(m.imageType("future_type")).toBe("future_type");
      expect(m.imageType("future\u0007type", (raw) => raw.replace(/\p{Cc}/gu, ""))).toBe("futuretype");
      expect(m.imageType("")).toBe(catalogue.none);
      expect(m.kind("\u0007", () => "")).toBe(catalogue.none);
      expect(m.level("severe")).toBe("severe");
    }
  });
});

describe("counted texts (Intl.PluralRules)", () => {
  it("come with the `other` form every language falls back on", () => {
    for (const [lang, catalogue] of Object.entries(catalogues)) {
      const counted = Object.keys(catalogue).filter((key) => /\.(zero|one|two|few|many)$/.test(key));
      expect(counted.length, lang).toBeGreaterThan(10);
      for (const key of counted) expect(catalogue, `${lang} ${key}`).toHaveProperty([key.replace(/\.\w+$/, ".other")]);
    }
  });

  it("take the language's one/other form and the reader's number format", () => {
    const en = messages("en-us");
    const zh = messages("zh-cn");
    for (const n of [0, 1, 2, 1234]) {
      const form = new Intl.PluralRules("en-US").select(n) === "one" ? "one" : "other";
      expect(en.count("md.findingCount", n)).toBe(
        catalogues["en-us"][`md.findingCount.${form}`]?.replace("{count}", new Intl.NumberFormat("en-US").format(n)),
      );
      expect(zh.count("age.days", n)).toBe(
        catalogues["zh-cn"]["age.days.other"]?.replace("{count}", new Intl.NumberFormat("zh-CN").format(n)),
      );
    }
    expect(en.count("age.days", 1)).not.toBe(en.count("age.days", 2).replace("2", "1"));
    expect(countEn(1, "finding", "findings")).toBe("1 finding");
    expect(countEn(0, "finding", "findings")).toBe("0 findings");
    expect(countEn(3, "rule text", "rule texts")).toBe("3 rule texts");
  });
});
