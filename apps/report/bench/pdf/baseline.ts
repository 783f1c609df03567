// The naive baseline for benchmarks: one pdfmake table of every (rule, image) row, auto-sized, as users write it
// (pdfmake#727, #2469). Same font and data as `renderPdf`, so the comparison is about layout design only.
import { messages } from "../../src/i18n/index.js";
import { imageReference } from "../../src/model/keys.js";
import type { Report } from "../../src/model/types.js";
import { FONT, writePdf } from "../../src/render/pdf/engine.js";

export async function naiveBaselinePdf(report: Report): Promise<Uint8Array> {
  const m = messages(report.meta.lang);
  const body: unknown[][] = [
    [
      m.t("rule.id"),
      m.t("rule.level"),
      m.t("image.name"),
      m.t("image.digest"),
      m.t("image.type"),
      m.t("image.size"),
      m.t("image.lastScan"),
      m.t("image.instructions"),
      m.t("rule.remediation"),
    ],
  ];
  for (const section of report.sections) {
    for (const finding of section.findings) {
      const image = report.images.get(finding.imageKey);
      if (!image) continue;
      body.push([
        section.ruleId,
        m.level(section.level),
        imageReference(image),
        image.digest,
        image.type,
        m.bytes(image.size),
        m.dateTime(image.latestScanTime),
        finding.instructions.map((i) => i.instruction).join("\n"),
        finding.instructions.map((i) => report.remediations[i.remediation] ?? "").join("\n"),
      ]);
    }
  }
  return writePdf({
    pageOrientation: "landscape",
    defaultStyle: { font: FONT, fontSize: 7 },
    info: { title: m.t("title"), creationDate: new Date(report.meta.dataTime) },
    content: [{ text: m.t("title"), fontSize: 14 }, { table: { headerRows: 1, body } }],
  });
}
