// The report's own words, one catalogue per language. Templates and renderers never hard-code text:
// they ask `t(key)`. A test checks both catalogues have the same keys.
import { createRequire } from "node:module";
import type { Lang, RiskLevel } from "../evidence/types.js";
import { type Formats, formats } from "./format.js";

const require = createRequire(import.meta.url);
const enUs = require("./en-us.json") as Record<string, string>;
const zhCn = require("./zh-cn.json") as Record<string, string>;

export const catalogues: Record<Lang, Record<string, string>> = { "en-us": enUs, "zh-cn": zhCn };
export type MessageKey = keyof typeof enUs & string;

export interface Messages extends Formats {
  lang: Lang;
  /** The text for `key`, with `{name}` placeholders filled from `vars`. Unknown keys throw: a missing text is a bug. */
  t(key: string, vars?: Record<string, string | number>): string;
  /**
   * The text for `key` counted `n` times: the catalogue's `key.one` / `key.other` form chosen by
   * `Intl.PluralRules` for the language (CLDR plural categories), `{count}` filled with `n` in the reader's
   * number format, other placeholders from `vars`.
   */
  count(key: string, n: number, vars?: Record<string, string | number>): string;
  /** The label of a risk level (`level.*`); a level the catalogue does not know is shown as received. */
  level(level: RiskLevel | string): string;
  /** The label of an API image type (`imageType.*`, e.g. private_image). A type the catalogue does not know is
   * data, shown through `asData` (as received by default); an empty one is `none`. */
  imageType(type: string, asData?: (type: string) => string): string;
  /** The label of an image source (`kind.*`: cicd, registry); one the catalogue does not know through `asData`. */
  kind(kind: string, asData?: (kind: string) => string): string;
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
  const t = (key: string, vars?: Record<string, string | number>): string => {
    const text = catalogue[key];
    if (text === undefined) throw new Error(`Missing ${lang} text for "${key}"`);
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
  const none = t("none");
  const format = formats(lang, none);
  const label = (prefix: string, code: string, asData: (code: string) => string = (c) => c): string => {
    const text = catalogue[`${prefix}.${code}`];
    return text !== undefined ? text : asData(code) || none;
  };
  return {
    lang,
    t,
    ...format,
    count: (key, n, vars) => {
      const form = `${key}.${pluralForm(lang, n)}`;
      return t(form in catalogue ? form : `${key}.other`, { ...vars, count: format.number(n) });
    },
    level: (level) => label("level", level),
    imageType: (type, asData) => (type ? label("imageType", type, asData) : none),
    kind: (kind, asData) => label("kind", kind, asData),
  };
}
