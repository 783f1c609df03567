// The run log's line about a diff restricted to what the run and its baseline both read (English, like the rest of
// the log; the words are the en-us catalogue's, the same sentence and rows every report format shows).
import { messages } from "../i18n/index.js";
import type { Changes } from "../model/types.js";
import { comparisonText } from "../render/comparison.js";

/**
 * `warning: compared with prev/evidence.json on what both runs read: <sentence> Risk levels: Compared (both read):
 * Critical · Only this run read: High, Medium, Low · Only the baseline read: —`, or nothing when the runs read alike.
 */
export function comparisonLogLine(changes: Changes | undefined): string | undefined {
  if (!changes?.comparison) return undefined;
  const text = comparisonText(changes.comparison, messages("en-us"));
  const rows = text.rows.map(
    ([dimension, ...values]) => `${dimension}: ${values.map((v, i) => `${text.heads[i + 1]}: ${v}`).join(" · ")}`,
  );
  return `warning: compared with ${changes.baseline.label}: ${text.sentence} ${rows.join("; ")}`;
}
