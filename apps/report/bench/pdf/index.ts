// What the render benchmark needs, in one import: the real renderers, the naive baseline and a synthetic report of
// any size. Bench-only: compiled by `tsc -p tsconfig.bench.json` into bench/dist, never into the shipped dist/.
export { renderHtmlWithFonts } from "../../src/render/html/index.js";
export { renderPdf } from "../../src/render/pdf/index.js";
export { naiveBaselinePdf } from "./baseline.js";
export { type SyntheticOptions, syntheticReport } from "./synthetic.js";
