// `renderPdf(report)`: the PDF edition of the report (pdfmake 0.3, embedded Noto Sans SC so Chinese renders).
//
// Files: document.ts builds the pdfmake document from the model (cover, summary, changes, rules, image index;
// every word from the i18n catalogues); compact.ts lays out big tables ahead of time; engine.ts configures pdfmake
// (font from the virtual file system, URL and local-file access refused, unshaped text, rows drawn in place of
// placeholder lines; every pdfmake internal it hooks goes through pdfmake-internals.ts); metrics.ts measures text
// exactly as the PDF will; text.ts cleans data for print. The naive baseline and the synthetic report of any size
// live in bench/pdf (not shipped).
import type { Report } from "../../model/types.js";
import { buildDocument, type PdfOptions } from "./document.js";
import { releaseRowBlocks, writePdf } from "./engine.js";

export { PDF_FULL_LISTING_MAX, PDF_SUMMARY_ROWS, type PdfOptions } from "./document.js";

/** The report as PDF bytes. Deterministic: the same report gives the same bytes (dates come from the data time).
 * Above `PDF_FULL_LISTING_MAX` findings it is the summary edition (counts, the first rows of every rule, every
 * remediation), which says so on its cover and points to report.html and images.csv for the full listing. */
export async function renderPdf(report: Report, options: PdfOptions = {}): Promise<Uint8Array> {
  const { doc, placeholders } = buildDocument(report, options);
  try {
    return await writePdf(doc);
  } finally {
    releaseRowBlocks(placeholders);
  }
}
