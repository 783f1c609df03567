// The report to compare with: `--baseline evidence.json`, or the previous run of a history folder. Either way the
// evidence seal is checked first, and the baseline model is built from the evidence alone (no waivers: a diff is
// about findings, not about which of them are accepted).
import { readEvidence } from "../evidence/load.js";
import { withSpool } from "../evidence/spool.js";
import { maskBaseline } from "../mask/evidence.js";
import { buildReport } from "../model/build.js";
import type { Report } from "../model/types.js";

export interface Baseline {
  report: Report;
  label: string;
}

/** `--baseline FILE`: the sealed evidence of an earlier run. */
export async function loadBaseline(file: string, label = file): Promise<Baseline> {
  // Its responses wait on disk while its model is built, like the run's own.
  return withSpool(async (spool) => {
    const evidence = await readEvidence(file, spool, `--baseline ${file}`);
    return { report: buildReport(await maskBaseline(evidence, spool)), label };
  });
}
