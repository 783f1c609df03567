// @hss-reports/emulator: a local HTTP emulator of the two HSS build-command risk endpoints (and IAM's token
// endpoint), for the demo, the tests and the benchmarks.

export type { AkSk, IamUser } from "./auth/credentials.js";
export { DEMO_AK, DEMO_IAM_USER, DEMO_SK, DEMO_TOKEN } from "./auth/credentials.js";
export { type Lang, type QueryImageType, type RiskLevel, RULES, type RuleDefinition } from "./data/catalogue.js";
export {
  Dataset,
  DEFAULT_ANCHOR_TIME,
  type ImageFilters,
  type ImageInfo,
  type ImageType,
  type Page,
  type RiskDetail,
  type RuleFilters,
  type RuleInfo,
} from "./data/generator.js";
export { HOSTILE_SECRET, SECRET_VALUES, TOKENS } from "./data/names.js";
export { FAULT_NAMES, type FaultName, type FaultOptions, type FaultTrigger, parseFaultSpec } from "./faults.js";
export type {
  EmulatorOptions,
  EmulatorProject,
  RateLimitOptions,
  RequestLogEntry,
  RunningEmulator,
} from "./options.js";
export { defaultProjectId, startEmulator } from "./server.js";
