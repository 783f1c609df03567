// The outputs, each rendered from the same model (and the evidence it was built from).
// HTML and PDF load on first use: pdfmake and its fonts take seconds to import, and `--help`, `--format csv` or
// a usage error should not wait for them.
import type { Format } from "../config/schema.js";
import type { StreamedEvidence } from "../evidence/types.js";
import type { Report } from "../model/types.js";
import type { OutputFile } from "../output/write.js";
import { csvChunks } from "./csv.js";
import { findingsJsonChunks } from "./findings-json.js";
import { evidenceJsonChunks } from "./json.js";
import { junitChunks } from "./junit.js";
import { sarifChunks } from "./sarif.js";

export const FILE_NAMES: Record<Format, string> = {
  html: "report.html",
  pdf: "report.pdf",
  json: "evidence.json",
  csv: "images.csv",
  findings: "findings.json",
  sarif: "report.sarif",
  junit: "junit.xml",
  md: "summary.md",
};

/** Renders one file; summary.md is not rendered here: it is derived from the others as they are written. */
export async function renderFormat(
  format: Exclude<Format, "md">,
  report: Report,
  evidence: StreamedEvidence,
): Promise<OutputFile> {
  const name = FILE_NAMES[format];
  switch (format) {
    case "html":
      return { name, content: await (await import("./html/index.js")).renderHtmlWithFonts(report) };
    case "pdf":
      return { name, content: await (await import("./pdf/index.js")).renderPdf(report) };
    case "json":
      return { name, content: evidenceJsonChunks(evidence, report) };
    case "csv":
      return { name, content: csvChunks(report) };
    case "findings":
      return { name, content: findingsJsonChunks(report) };
    case "sarif":
      return { name, content: sarifChunks(report) };
    case "junit":
      return { name, content: junitChunks(report) };
  }
}
