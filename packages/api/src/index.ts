export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
export { type OperationId, operations } from "./generated/operations.js";
