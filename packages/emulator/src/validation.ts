// Parameter validation with the client's own checker, `validateParameters` from @hss-reports/api, which reads the
// constraints generated from spec/openapi.yaml. No constraint is restated here; this file only turns the checked
// strings into typed values.
import { type OperationId, parameterSpecs, validateParameters } from "@hss-reports/api/spec";

export type ParameterValues = Record<string, string | number | undefined>;

export type ValidationResult =
  | { ok: true; values: ParameterValues }
  | { ok: false; parameter: string; message: string };

export interface ReceivedParameters {
  path: Record<string, string>;
  query: URLSearchParams;
  /** Only the spec's header parameters matter; names are matched case-insensitively. */
  header: Record<string, string | undefined>;
}

/**
 * Checks a request's parameters against an operation's spec constraints. Returns typed values (integers parsed,
 * defaults applied) or the first invalid parameter with a message naming it, as HSS does. Query parameters the
 * spec does not define are ignored, as the gateway ignores them.
 */
export function validateRequestParameters(operationId: OperationId, received: ReceivedParameters): ValidationResult {
  const [issue] = validateParameters(operationId, received, { rejectUnknownQuery: false });
  if (issue) return { ok: false, parameter: issue.name, message: `Invalid parameter: ${issue.message}` };
  const values: ParameterValues = {};
  for (const spec of parameterSpecs(operationId)) {
    const raw =
      spec.in === "query"
        ? (received.query.get(spec.name) ?? undefined)
        : spec.in === "path"
          ? received.path[spec.name]
          : received.header[spec.name.toLowerCase()];
    const value = raw ?? (spec.schema.default as string | number | undefined);
    values[spec.name] = spec.schema.type === "integer" && value !== undefined ? Number(value) : value;
  }
  return { ok: true, values };
}
