// Numbers, sizes and instants in the reader's language, through Intl: the one set of formatters every output
// (HTML, PDF, summary.md, mail, history page) shows them with. Memoised where a big report repeats them: Intl
// formatting was a fifth of the HTML's time for 100,000 images.
import type { Lang } from "../evidence/types.js";

export interface Formats {
  /** A count, grouped in the reader's number format (1,234 / 1,234). Also a bigint (an int64 beyond 2^53). */
  number(n: number | bigint): string;
  /** Bytes as B / KB / MB / GB / TB (1000-based, as registries show them, one decimal); decimal text (an int64
   * beyond 2^53, kept exact by the lossless parse) as its exact bytes, grouped. `undefined` is `none`. */
  bytes(n: number | string | undefined): string;
  /** An instant (ms since the epoch, or ISO 8601 text) in UTC, to the minute: `2023-08-11 10:10 UTC` (en-us, ISO
   * date), `2023年8月11日 10:10 UTC` (zh-cn, long date). Missing or unparsable is `none`. */
  dateTime(msOrIso: number | string | undefined): string;
  /** A waiver's `expires` day (YYYY-MM-DD, UTC) as the instant it stops counting, the start of that day, shown as
   * `dateTime` shows instants: `2026-12-01 00:00 UTC`, `2026年12月1日 00:00 UTC`. Every format shows it so. */
  expiry(day: string): string;
}

const DAY_MS = 86_400_000;
const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"];

/** The formatters of `lang`; `none` is what a missing value shows (the catalogue's "none"). */
export function formats(lang: Lang, none: string): Formats {
  const numberFormat = new Intl.NumberFormat(lang);
  const decimalFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  // English readers of audit reports get unambiguous ISO dates; Chinese readers their own long form.
  const dateFormat = new Intl.DateTimeFormat(lang === "zh-cn" ? "zh-CN" : "en-CA", {
    timeZone: "UTC",
    dateStyle: lang === "zh-cn" ? "long" : "short",
  });
  const sizes = new Map<number | string, string>();
  const days = new Map<number, string>();

  const bytes = (n: number): string => {
    let value = n;
    let unit = 0;
    while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return `${decimalFormat.format(value)} ${BYTE_UNITS[unit]}`;
  };

  const dateTime = (at: number | string | undefined): string => {
    if (at === undefined || at === "") return none;
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) return none;
    // The date through Intl, once per day; the time of day in UTC is plain arithmetic (24-hour hh:mm).
    const day = Math.floor(ms / DAY_MS);
    let date = days.get(day);
    if (date === undefined) {
      date = dateFormat.format(day * DAY_MS);
      days.set(day, date);
    }
    const minutes = Math.floor((ms - day * DAY_MS) / 60_000);
    const hh = Math.floor(minutes / 60);
    const mm = minutes % 60;
    return `${date} ${hh < 10 ? "0" : ""}${hh}:${mm < 10 ? "0" : ""}${mm} UTC`;
  };

  return {
    number: (n) => numberFormat.format(n),
    bytes: (n) => {
      if (n === undefined) return none;
      let text = sizes.get(n);
      if (text === undefined) {
        // Beyond 2^53 (an int64 kept as decimal text): the exact bytes, grouped, not a rounded unit.
        text = typeof n === "string" ? `${numberFormat.format(BigInt(n))} B` : bytes(n);
        sizes.set(n, text);
      }
      return text;
    },
    dateTime,
    // The waivers file's day is a UTC day (waivers/schema.ts): it stops counting at its first instant.
    expiry: (day) => dateTime(`${day}T00:00:00Z`),
  };
}
