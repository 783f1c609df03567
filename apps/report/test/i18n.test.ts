import { describe, expect, it } from "vitest";
import { catalogues, countEn, messages } from "../src/i18n/index.js";

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

describe("counted texts (Intl.PluralRules)", () => {
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
