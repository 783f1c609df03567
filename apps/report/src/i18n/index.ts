// The report's own words, one catalogue per language. Templates and renderers never hard-code text:
// they ask `t(key)`. A test checks both catalogues have the same keys.
import { createRequire } from "node:module";
import type { Lang, RiskLevel } from "../evidence/types.js";

const require = createRequire(import.meta.url);
const enUs = require("./en-us.json") as Record<string, string>;
const zhCn = require("./zh-cn.json") as Record<string, string>;

export const catalogues: Record<Lang, Record<string, string>> = { "en-us": enUs, "zh-cn": zhCn };
export type MessageKey = keyof typeof enUs & string;

export interface Messages {
  lang: Lang;
  /** The text for `key`, with `{name}` placeholders filled from `vars`. Unknown keys throw: a missing text is a bug. */
  t(key: string, vars?: Record<string, string | number>): string;
  /**
   * The text for `key` counted `n` times: the catalogue's `key.one` / `key.other` form chosen by
   * `Intl.PluralRules` for the language (CLDR plural categories), `{count}` filled with `n` in the reader's
   * number format, other placeholders from `vars`.
   */
  count(key: string, n: number, vars?: Record<string, string | number>): string;
  level(level: RiskLevel): string;
  /** A count in the reader's number format (1,234 / 1,234). */
  number(n: number): string;
  /** Bytes as B / KB / MB / GB (1000-based, as registries show them); decimal text (an int64 beyond 2^53) as its
   * exact bytes. */
  bytes(n: number | string | undefined): string;
  /** An instant in UTC: `2023-08-11 10:10 UTC` (en-us), `2023年8月11日 10:10 UTC` (zh-cn). */
  dateTime(msOrIso: number | string | undefined): string;
}

const pluralRules = new Map<Lang, Intl.PluralRules>();

/** The CLDR plural category (`one`, `other`, ...) of `n` in `lang`, through `Intl.PluralRules`. */
export function pluralForm(lang: Lang, n: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    pluralRules.set(lang, rules);
  }
  return rules.select(n);
}

/** `n` and its English noun for the run log (`1 finding`, `2 findings`), the form chosen by `pluralForm`. */
export function countEn(n: number, one: string, other: string): string {
  return `${n} ${pluralForm("en-us", n) === "one" ? one : other}`;
}

export function messages(lang: Lang): Messages {
  const catalogue = catalogues[lang];
  const numberFormat = new Intl.NumberFormat(lang);
  const decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  // English readers of audit reports get unambiguous ISO dates; Chinese readers their own long form.
  const dateFormat = new Intl.DateTimeFormat(lang === "zh-cn" ? "zh-CN" : "en-CA", {
    timeZone: "UTC",
    dateStyle: lang === "zh-cn" ? "long" : "short",
  });
  const timeFormat = new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", timeStyle: "short", hourCycle: "h23" });
  const t = (key: string, vars?: Record<string, string | number>): string => {
    const text = catalogue[key];
    if (text === undefined) throw new Error(`Missing ${lang} text for "${key}"`);
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
  return {
    lang,
    t,
    count: (key, n, vars) => {
      const form = `${key}.${pluralForm(lang, n)}`;
      return t(form in catalogue ? form : `${key}.other`, { ...vars, count: numberFormat.format(n) });
    },
    level: (level) => t(`level.${level}`),
    number: (n) => numberFormat.format(n),
    bytes: (n) => {
      if (n === undefined) return t("none");
      // Beyond 2^53 (an int64 kept as decimal text): the exact bytes, grouped, not a rounded unit.
      if (typeof n === "string") return `${numberFormat.format(BigInt(n))} B`;
      const units = ["B", "KB", "MB", "GB", "TB"];
      let value = n;
      let unit = 0;
      while (value >= 1000 && unit < units.length - 1) {
        value /= 1000;
        unit++;
      }
      return `${decimalFormat.format(value)} ${units[unit]}`;
    },
    dateTime: (at) => {
      if (at === undefined || at === "") return t("none");
      const date = new Date(at);
      if (Number.isNaN(date.getTime())) return t("none");
      return `${dateFormat.format(date)} ${timeFormat.format(date)} UTC`;
    },
  };
}
