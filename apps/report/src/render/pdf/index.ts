// `renderPdf(report)`: the PDF edition of the report (pdfmake 0.3, embedded Noto Sans SC so Chinese renders).
import type { Report } from "../../model/types.js";
import { buildDocument } from "./document.js";
import { releaseRowBlocks, writePdf } from "./engine.js";

export { naiveBaselinePdf } from "./baseline.js";

/** The report as PDF bytes. Deterministic: the same report gives the same bytes (dates come from the data time). */
export async function renderPdf(report: Report): Promise<Uint8Array> {
  const { doc, placeholders } = buildDocument(report);
  try {
    return await writePdf(doc);
  } finally {
    releaseRowBlocks(placeholders);
  }
}
