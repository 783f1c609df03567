// Parameter validation from the spec's own constraints: the `operations` table generated into @hss-reports/api
// from spec/openapi.yaml, the same table the client checks against. No constraint is restated here.
import { type OperationId, operations } from "@hss-reports/api";

interface ParameterSchema {
  type?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  enum?: readonly string[];
  default?: unknown;
}

interface ParameterDefinition {
  name: string;
  in: string;
  required: boolean;
  schema: ParameterSchema;
}

export type ParameterValues = Record<string, string | number | undefined>;

export type ValidationResult =
  | { ok: true; values: ParameterValues }
  | { ok: false; parameter: string; message: string };

/** Raw values as received: a query parameter may arrive several times. */
export type RawParameters = Record<string, string | readonly string[] | undefined>;

function describe(schema: ParameterSchema): string {
  if (schema.enum) return `one of ${schema.enum.join(", ")}`;
  if (schema.type === "integer") return `an integer from ${schema.minimum ?? "-inf"} to ${schema.maximum ?? "+inf"}`;
  return `a string of ${schema.minLength ?? 0} to ${schema.maxLength ?? "any number of"} characters`;
}

/**
 * Checks the raw parameters of a request against an operation's spec constraints. Returns typed values (integers
 * parsed, defaults applied) or the first invalid parameter with a message naming it, as HSS does.
 */
export function validateRequestParameters(operationId: OperationId, raw: RawParameters): ValidationResult {
  const values: ParameterValues = {};
  for (const parameter of operations[operationId].parameters as readonly ParameterDefinition[]) {
    const { name, schema } = parameter;
    const received = raw[name];
    const fail = (why: string): ValidationResult => ({
      ok: false,
      parameter: name,
      message: `Invalid parameter: ${name} ${why} (must be ${describe(schema)})`,
    });
    if (Array.isArray(received) && received.length > 1) return fail("is given more than once");
    const value = Array.isArray(received) ? received[0] : (received as string | undefined);
    if (value === undefined) {
      if (parameter.required) return fail("is required");
      if (schema.default !== undefined) values[name] = schema.default as string | number;
      continue;
    }
    if (schema.type === "integer") {
      if (!/^-?\d+$/.test(value)) return fail(`is not an integer: "${truncate(value)}"`);
      const number = Number(value);
      if (schema.minimum !== undefined && number < schema.minimum) return fail(`is out of range: ${value}`);
      if (schema.maximum !== undefined && number > schema.maximum) return fail(`is out of range: ${value}`);
      values[name] = number;
      continue;
    }
    // Lengths count characters (code points), as the spec's "1 to 64 characters" means.
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) return fail(`is too short (${length} characters)`);
    if (schema.maxLength !== undefined && length > schema.maxLength) return fail(`is too long (${length} characters)`);
    if (schema.enum && !schema.enum.includes(value)) return fail(`has an unsupported value: "${truncate(value)}"`);
    values[name] = value;
  }
  return { ok: true, values };
}

function truncate(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}...` : value;
}
