// @hss-reports/report: the single entry point for code (the scheduler, tests, other tools).
export { main as cli } from "./cli/main.js";
export { loadConfigFile, parseConfigText } from "./config/load.js";
export { DEFAULT_CONCURRENCY } from "./config/options.js";
export { planRun } from "./config/plan.js";
export { type Format, type RunConfig, runConfigSchema } from "./config/schema.js";
export { type DeliveryResult, type DeliveryStatus, deliverReport } from "./deliver/index.js";
export { FetchFailure, UsageError } from "./errors.js";
export { hashEvidence, sealEvidence, verifyEvidence } from "./evidence/hash.js";
export { loadEvidence } from "./evidence/load.js";
export type * from "./evidence/types.js";
export { fetchEvidence } from "./fetch/fetch.js";
export type { ProgressEvent } from "./fetch/progress.js";
export { messages } from "./i18n/index.js";
export { buildReport } from "./model/build.js";
export type * from "./model/types.js";
export { renderCsv } from "./render/csv.js";
export { FILE_NAMES, renderFormat } from "./render/formats.js";
export { renderHtml } from "./render/html/index.js";
export { renderEvidenceJson } from "./render/json.js";
export { renderPdf } from "./render/pdf/index.js";
export {
  EXIT_DELIVERY_FAILED,
  failOnHit,
  type RunIo,
  type RunOptions,
  type RunResult,
  runReport,
} from "./run.js";
export { VERSION } from "./version.js";
