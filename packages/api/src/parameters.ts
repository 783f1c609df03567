// Pre-flight parameter checks with the zod schemas generated from the spec (src/generated/zod.ts), worded from
// the constraints generated beside them (src/generated/operations.ts), so the client and the emulator check exactly
// what the spec says, with no hand-written second copy.
import type { z } from "zod";
import type { ParameterIssue } from "./errors.js";
import { type OperationId, operations } from "./generated/operations.js";
import { parameterSchemas } from "./generated/zod.js";

type Location = "path" | "query" | "header";

interface ParameterSchema {
  type?: string;
  enum?: readonly string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  default?: unknown;
}

export interface ParameterSpec {
  name: string;
  in: Location;
  required: boolean;
  schema: ParameterSchema;
}

type ValueBag = Record<string, unknown> | URLSearchParams | Headers;

export interface ParameterInput {
  path?: Record<string, unknown> | undefined;
  /** An object (client side) or the URLSearchParams received (server side, values as strings). */
  query?: ValueBag | undefined;
  /** Only the headers the spec defines are checked; names are case-insensitive. */
  header?: ValueBag | undefined;
}

export interface ValidateOptions {
  /** Report query parameters the spec does not define (default true: a typo would otherwise be silently dropped). */
  rejectUnknownQuery?: boolean;
}

export function parameterSpecs(operationId: OperationId): readonly ParameterSpec[] {
  return operations[operationId].parameters as readonly ParameterSpec[];
}

/** A parameter's constraints as words: `an integer from 10 to 200`, `one of cicd, registry`. */
export function describeAllowed(schema: ParameterSchema): string {
  if (schema.enum) return `one of ${schema.enum.join(", ")}`;
  if (schema.type === "integer") {
    const { minimum, maximum } = schema;
    if (minimum !== undefined && maximum !== undefined) return `an integer from ${minimum} to ${maximum}`;
    if (minimum !== undefined) return `an integer of at least ${minimum}`;
    if (maximum !== undefined) return `an integer of at most ${maximum}`;
    return "an integer";
  }
  const min = schema.minLength ?? 0;
  if (schema.maxLength !== undefined) return `a string of ${min} to ${schema.maxLength} characters`;
  return min > 0 ? `a string of at least ${min} characters` : "a string";
}

/** All values given for `name` in a bag (URLSearchParams may repeat a key; headers are case-insensitive). */
function valuesOf(bag: ValueBag | undefined, name: string, location: Location): unknown[] {
  if (!bag) return [];
  if (bag instanceof URLSearchParams) return bag.getAll(name);
  if (bag instanceof Headers) {
    const value = bag.get(name);
    return value === null ? [] : [value];
  }
  if (location === "header") {
    const key = Object.keys(bag).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    return key === undefined || bag[key] === undefined ? [] : [bag[key]];
  }
  const value = bag[name];
  return value === undefined ? [] : [value];
}

function keysOf(bag: ValueBag | undefined): string[] {
  if (!bag) return [];
  if (bag instanceof URLSearchParams || bag instanceof Headers) return [...new Set(bag.keys())];
  return Object.keys(bag).filter((key) => bag[key] !== undefined);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Checks parameters against the spec's constraints for an operation. Returns every issue (empty when valid), each
 * naming the parameter, the value given and what is allowed. Integers may be given as numbers or decimal strings
 * (as received on the wire).
 */
export function validateParameters(
  operationId: OperationId,
  params: ParameterInput,
  options: ValidateOptions = {},
): ParameterIssue[] {
  const specs = operations[operationId]?.parameters as readonly ParameterSpec[] | undefined;
  if (!specs) throw new Error(`unknown operation "${operationId}"; known: ${Object.keys(operations).join(", ")}`);
  const schemas: Record<string, z.ZodType> = parameterSchemas[operationId];
  const issues: ParameterIssue[] = [];
  for (const spec of specs) {
    const allowed = describeAllowed(spec.schema);
    const values = valuesOf(params[spec.in], spec.name, spec.in);
    if (values.length === 0) {
      if (spec.required) {
        issues.push({
          name: spec.name,
          in: spec.in,
          value: undefined,
          allowed,
          message: `${spec.name} (${spec.in}) is required: ${allowed}`,
        });
      }
      continue;
    }
    if (values.length > 1) {
      issues.push({
        name: spec.name,
        in: spec.in,
        value: values,
        allowed,
        message: `${spec.name} is given ${values.length} times; give it once: ${allowed}`,
      });
      continue;
    }
    const [value] = values;
    if (!schemas[spec.name]?.safeParse(value).success) {
      issues.push({
        name: spec.name,
        in: spec.in,
        value,
        allowed,
        message: `${spec.name}=${show(value)} is not allowed: must be ${allowed}`,
      });
    }
  }
  if (options.rejectUnknownQuery ?? true) {
    const known = new Set(specs.filter((spec) => spec.in === "query").map((spec) => spec.name));
    for (const key of keysOf(params.query)) {
      if (!known.has(key)) {
        const allowed = `one of the query parameters ${[...known].join(", ")}`;
        issues.push({
          name: key,
          in: "query",
          value: valuesOf(params.query, key, "query")[0],
          allowed,
          message: `${key} is not a query parameter of ${operationId}: use ${allowed}`,
        });
      }
    }
  }
  return issues;
}

/**
 * {@link validateParameters} for the pages of listings, with exactly its issues: a request that differs from one
 * already found valid only in `offset`, given as a number within the spec's range, is not checked again (only
 * `offset` changes from page to page; the zod schemas were a few percent of a page's client CPU). Remembers up to
 * `capacity` valid parameter sets, then starts over.
 */
export function pageParameterCheck(
  capacity = 256,
): (operationId: OperationId, params: ParameterInput) => ParameterIssue[] {
  const valid = new Set<string>();
  return (operationId, params) => {
    const { offset, ...rest } = (params.query ?? {}) as Record<string, unknown>;
    const spec = parameterSpecs(operationId).find(
      (candidate) => candidate.name === "offset" && candidate.in === "query",
    );
    const { minimum, maximum } = spec?.schema ?? {};
    const cheap =
      minimum !== undefined &&
      maximum !== undefined &&
      !(params.query instanceof URLSearchParams || params.query instanceof Headers) &&
      (offset === undefined ||
        (Number.isSafeInteger(offset) && (offset as number) >= minimum && (offset as number) <= maximum));
    const key = cheap ? JSON.stringify([operationId, params.path, rest, params.header]) : undefined;
    if (key !== undefined && valid.has(key)) return [];
    const issues = validateParameters(operationId, params);
    if (key !== undefined && issues.length === 0) {
      if (valid.size >= capacity) valid.clear();
      valid.add(key);
    }
    return issues;
  };
}

/** The inclusive range of a numeric query parameter, from the spec (e.g. offset: 0..2,000,000). */
export function integerRange(operationId: OperationId, name: string): { minimum: number; maximum: number } {
  const spec = parameterSpecs(operationId).find((candidate) => candidate.name === name);
  return { minimum: spec?.schema.minimum ?? 0, maximum: spec?.schema.maximum ?? Number.MAX_SAFE_INTEGER };
}

/** Finds the operation a request path belongs to (for errors and for servers routing by the spec). */
export function matchOperation(
  method: string,
  pathname: string,
): { operationId: OperationId; pathParams: Record<string, string> } | undefined {
  for (const [operationId, operation] of Object.entries(operations) as [
    OperationId,
    (typeof operations)[OperationId],
  ][]) {
    if (operation.method !== method.toUpperCase()) continue;
    const names: string[] = [];
    const pattern = operation.path
      .replace(/[.*+?^$()|[\]\\]/g, "\\$&")
      .replace(/\{([^}]+)\}/g, (_match, name: string) => {
        names.push(name);
        return "([^/]+)";
      });
    const match = new RegExp(`^${pattern}/?$`).exec(pathname);
    if (!match) continue;
    const pathParams: Record<string, string> = {};
    names.forEach((name, index) => {
      const raw = match[index + 1] ?? "";
      try {
        pathParams[name] = decodeURIComponent(raw);
      } catch {
        pathParams[name] = raw;
      }
    });
    return { operationId, pathParams };
  }
  return undefined;
}
