export { type Baseline, loadBaseline } from "./baseline.js";
export { type HistoryOptions, prepareRun, type RunContext } from "./context.js";
export {
  EVIDENCE_JSON,
  enclosingHistoryRoot,
  firstSeenAfter,
  HEADLINES_FILE,
  INDEX_HTML,
  isHistoryRoot,
  isRunName,
  LATEST_FILE,
  LATEST_LINK,
  latestRun,
  listRuns,
  pointLatest,
  previousBaseline,
  previousRunWithEvidence,
  RETENTION_FILE,
  recordedFirstSeen,
  removePartials,
  type UpdateOptions,
  type UpdateResult,
  updateHistory,
} from "./history.js";
export { headlineOf, type RunHeadline, renderHistoryIndex } from "./index-html.js";
