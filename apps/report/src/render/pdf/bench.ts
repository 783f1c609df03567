// What benchmarks need, in one import: the real renderer, the naive baseline and a synthetic report of any size.
export { naiveBaselinePdf } from "./baseline.js";
export { renderPdf } from "./index.js";
export { type SyntheticOptions, syntheticReport } from "./synthetic.js";
