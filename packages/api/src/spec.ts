// @hss-reports/api/spec: what is generated from spec/openapi.yaml, for servers and tests that must agree with the
// client: each operation's path and parameter constraints, the zod schemas of bodies and parameters, the checker
// the client runs before sending, and the generated types.
export { type OperationId, operations } from "./generated/operations.js";
export type { components, operations as OperationTypes, paths } from "./generated/schema.js";
export * from "./generated/zod.js";
export {
  describeAllowed,
  matchOperation,
  type ParameterInput,
  type ParameterSpec,
  parameterSpecs,
  type ValidateOptions,
  validateParameters,
} from "./parameters.js";
