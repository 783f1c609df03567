// What the diff covers when a run and its baseline read different things (Changes.comparison), in the report's
// words, one place for every format: a sentence, then one row per dimension that differs. Values are plain text:
// each format escapes them its own way.
import type { Messages } from "../i18n/index.js";
import type { Comparison, Dimension } from "../model/types.js";

export interface ComparisonText {
  /** What the diff covers and how many findings of this run lie outside it, or that nothing could be compared. */
  sentence: string;
  /** Column heads: dimension, compared, only this run, only the baseline. */
  heads: [string, string, string, string];
  /** One row per dimension that differs; a list of values joined by ", " (— when empty). */
  rows: [string, string, string, string][];
}

export function comparisonText(comparison: Comparison, m: Messages): ComparisonText {
  const value = (dimension: Dimension, v: string): string =>
    dimension === "riskLevels" ? m.level(v) : dimension === "imageTypes" ? m.kind(v) : v;
  const list = (dimension: Dimension, values: string[]): string =>
    values.length ? values.map((v) => value(dimension, v)).join(", ") : m.t("none");
  const empty = comparison.differences.find((d) => d.compared.length === 0);
  return {
    sentence: empty
      ? m.t("changes.nothingCompared", { dimension: m.t(`changes.dimension.${empty.dimension}`) })
      : m.count("changes.outside", comparison.outside),
    heads: [m.t("changes.dimension"), m.t("changes.compared"), m.t("changes.currentOnly"), m.t("changes.baselineOnly")],
    rows: comparison.differences.map((d) => [
      m.t(`changes.dimension.${d.dimension}`),
      list(d.dimension, d.compared),
      list(d.dimension, d.currentOnly),
      list(d.dimension, d.baselineOnly),
    ]),
  };
}
