// One render, in this process alone, of a synthetic report model of `size` affected images (bench/pdf's
// `syntheticReport`: the real model's shape, rules with shared remediations, ~10% of images under two rules).
//   node render-one.mjs <html|pdf|naive> <size> <out-file> [lang]
// html: renderHtmlWithFonts (what the CLI writes) + write; pdf: renderPdf (the report's PDF); naive: one pdfmake table of every row, auto widths.
import { writeFileSync } from "node:fs";
import { childResult } from "./lib.mjs";

const [kind, sizeText, out, lang = "en-us"] = process.argv.slice(2);
const size = Number(sizeText);
// bench/pdf (synthetic tenant, naive baseline) compiled with the renderers: `pnpm bench` builds it first.
const bench = await import("./dist/bench/pdf/index.js");
const modelStarted = performance.now();
const report = bench.syntheticReport({ images: size, lang });
const modelMs = performance.now() - modelStarted;
// What the model alone holds, so the renderer's own share of the peak RSS can be told apart.
const modelRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);

const cpuStart = process.cpuUsage();
const started = performance.now();
let bytes;
if (kind === "html") {
  const html = await bench.renderHtmlWithFonts(report);
  writeFileSync(out, html);
  bytes = Buffer.byteLength(html);
} else {
  const pdf = kind === "naive" ? await bench.naiveBaselinePdf(report) : await bench.renderPdf(report);
  writeFileSync(out, pdf);
  bytes = pdf.length;
}
const ms = performance.now() - started;
const rows = report.sections.reduce((n, section) => n + section.findings.length, 0);
process.stdout.write(`${childResult({ kind, size, rows, ms, modelMs, modelRssMb, bytes }, cpuStart)}\n`);
