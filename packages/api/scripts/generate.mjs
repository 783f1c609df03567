// Derives everything the code needs from spec/openapi.yaml, so spec, types and runtime checks cannot drift:
//   src/generated/schema.ts      TypeScript types (openapi-typescript), for openapi-fetch
//   src/generated/operations.ts  each operation's path, method and parameter constraints, as data,
//                                used by the client's pre-flight checks and by the emulator's validation
//   src/generated/zod.ts         zod schemas of every component schema, each operation's 200 body and each
//                                parameter (as received on the wire), for the client's and emulator's runtime checks
//   src/generated/validate.ts    Ajv's standalone validators of each operation's 200 body (JSON Schema 2020-12):
//                                zod's acceptance and output in one pass, the client's fast path (zod still gives
//                                the issues of a body they refuse)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { _, Ajv2020 } from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import openapiTS, { astToString, COMMENT_HEADER, NUMBER, STRING } from "openapi-typescript";
import ts from "typescript";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const specPath = resolve(here, "../../../spec/openapi.yaml");
// The output directory can be redirected (argument or HSS_API_GENERATED_DIR) so the drift test can regenerate into a
// temporary directory and compare with the committed files.
const outDir = resolve(process.argv[2] ?? process.env.HSS_API_GENERATED_DIR ?? resolve(here, "../src/generated"));
const specText = readFileSync(specPath, "utf8");
const spec = parse(specText);
mkdirSync(outDir, { recursive: true });

// An int64 of a body is a number, or its exact decimal text beyond 2^53 (see `int64` in zod.ts).
const ast = await openapiTS(specText, {
  exportType: true,
  alphabetize: false,
  transform: (schema) => (schema.format === "int64" ? ts.factory.createUnionTypeNode([NUMBER, STRING]) : undefined),
});
writeFileSync(resolve(outDir, "schema.ts"), `${COMMENT_HEADER}${astToString(ast)}`);

/** Follows local `#/components/...` references. */
function deref(node) {
  if (node && typeof node === "object" && typeof node.$ref === "string") {
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc, key) => acc?.[key], spec);
    if (target === undefined) throw new Error(`Unresolved $ref ${node.$ref}`);
    return deref(target);
  }
  if (Array.isArray(node)) return node.map(deref);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v)]));
  }
  return node;
}

/** int32's own range (a format zod's z.int32() and the JSON Schema below both hold). */
const INT32 = [-(2 ** 31), 2 ** 31 - 1];

const operations = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const parameters = (op.parameters ?? []).map(deref).map((p) => {
      const { name, in: location, required = false, schema } = p;
      const { description: _d, ...constraints } = schema;
      return { name, in: location, required, schema: constraints };
    });
    operations[op.operationId] = { method: method.toUpperCase(), path, parameters };
  }
}

const header = "// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.\n\n";
writeFileSync(
  resolve(outDir, "operations.ts"),
  `${header}export const operations = ${JSON.stringify(operations, null, 2)} as const;\n\nexport type OperationId = keyof typeof operations;\n`,
);
writeFileSync(resolve(outDir, "zod.ts"), zodModule());
writeFileSync(resolve(outDir, "validate.ts"), validateModule());

/**
 * The one place an OpenAPI schema becomes zod source. `wire`: the value as received in a query string or header,
 * so an integer may come as its decimal text; a string's length counts code points there, as the API counts them.
 */
function zodOf(schema, { wire = false, indent = "", name } = {}) {
  if (schema.$ref) return `${schema.$ref.split("/").at(-1)}Schema`;
  if (schema.anyOf) return `z.union([${schema.anyOf.map((s) => zodOf(s, { wire, indent })).join(", ")}])`;
  if (schema.enum) return `z.enum([${schema.enum.map((value) => JSON.stringify(value)).join(", ")}])`;
  switch (schema.type) {
    case "string": {
      if (wire) return `codePoints(${schema.minLength ?? 0}, ${schema.maxLength ?? "Infinity"})`;
      let out = "z.string()";
      if (schema.minLength) out += `.min(${schema.minLength})`;
      if (schema.maxLength !== undefined) out += `.max(${schema.maxLength})`;
      return out;
    }
    case "integer": {
      // An int64 in a body may be beyond 2^53: the client parses such a literal losslessly into its decimal text.
      // The YAML parser reads the spec's 9223372036854775807 as the double 2^63: a bound at or past int64's own
      // range is int64's own.
      if (schema.format === "int64" && !wire) {
        const bound = (value, own) => (value === undefined || Math.abs(value) >= 2 ** 63 ? own : `${BigInt(value)}n`);
        const number = schema.minimum > -Number.MAX_SAFE_INTEGER ? `z.int().min(${schema.minimum})` : "z.int()";
        return `int64(${number}, ${bound(schema.minimum, "-(2n ** 63n)")}, ${bound(schema.maximum, "2n ** 63n - 1n")})`;
      }
      // A bound the type already holds is left out (one issue per bad value): z.int32() holds int32's own range.
      const [type, low, high] =
        schema.format === "int32" ? ["z.int32()", ...INT32] : ["z.int()", -Infinity, Number.MAX_SAFE_INTEGER];
      let out = type;
      if (schema.minimum !== undefined && schema.minimum > low) out += `.min(${schema.minimum})`;
      if (schema.maximum !== undefined && schema.maximum < high) out += `.max(${schema.maximum})`;
      return wire ? `wireInteger(${out})` : out;
    }
    case "boolean":
      return "z.boolean()";
    case "array": {
      let out = `z.array(${zodOf(schema.items, { indent })})`;
      if (schema.minItems) out += `.min(${schema.minItems})`;
      if (schema.maxItems !== undefined) out += `.max(${schema.maxItems})`;
      return out;
    }
    case "object": {
      const required = new Set(schema.required ?? []);
      const inner = `${indent}  `;
      const fields = Object.entries(schema.properties ?? {}).map(
        ([key, value]) =>
          `${inner}${key}: ${zodOf(value, { indent: inner })}${required.has(key) ? "" : ".optional()"},`,
      );
      const object = `z.object({\n${fields.join("\n")}\n${indent}})`;
      // `null` in an optional field reads as absent (the official SDKs accept it), counted under `name.field`.
      const optional = Object.keys(schema.properties ?? {}).filter((key) => !required.has(key));
      if (!optional.length || !name) return object;
      return `z.preprocess(nullAsAbsent(${JSON.stringify(name)}, ${JSON.stringify(optional)}), ${object})`;
    }
    default:
      throw new Error(`generate: no zod mapping for ${JSON.stringify(schema)}`);
  }
}

/** Component schemas in dependency order (a schema after every schema it references). */
function componentOrder() {
  const schemas = spec.components.schemas;
  const order = [];
  const visit = (name, seen = new Set()) => {
    if (order.includes(name)) return;
    if (seen.has(name)) throw new Error(`generate: recursive schema ${name}`);
    seen.add(name);
    const refs = JSON.stringify(schemas[name]).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) visit(ref.split("/").at(-1), seen);
    order.push(name);
  };
  for (const name of Object.keys(schemas)) visit(name);
  return order;
}

function zodModule() {
  const lines = [
    header.trim(),
    "// The zod schemas of spec/openapi.yaml: what the client validates answers with, and what the emulator checks",
    "// requests against. Their inferred types equal the generated TypeScript types (test/unit/schemas.test-d.ts).",
    'import { z } from "zod";',
    "",
    "/** A string of `min` to `max` characters, counted in code points. */",
    "const codePoints = (min: number, max: number) =>",
    "  z.string().refine((value) => {",
    "    const length = [...value].length;",
    "    return length >= min && length <= max;",
    "  });",
    "",
    "/** Where {@link countNulls} tallies the nulls read as absent while it runs a (synchronous) parse. */",
    "let nullTally: Record<string, number> | undefined;",
    "",
    "/**",
    " * Runs `parse` and returns its result with how many `null`s stood in optional fields, by `Schema.field`",
    " * (e.g. `BuildCommandRisksImageResponseInfo.namespace`). Such a null reads as absent: the field is left out.",
    " */",
    "export function countNulls<T>(parse: () => T): { result: T; nulls: Record<string, number> } {",
    "  const outer = nullTally;",
    "  const nulls: Record<string, number> = {};",
    "  nullTally = nulls;",
    "  try {",
    "    return { result: parse(), nulls };",
    "  } finally {",
    "    nullTally = outer;",
    "  }",
    "}",
    "",
    "/** A copy of an object without the optional `fields` that hold `null`, each counted; anything else as it is. */",
    "const nullAsAbsent = (schema: string, fields: readonly string[]) => (value: unknown) => {",
    '  if (typeof value !== "object" || value === null || !fields.some((key) => (value as Record<string, unknown>)[key] === null))',
    "    return value;",
    "  const copy = { ...(value as Record<string, unknown>) };",
    "  for (const key of fields) {",
    "    if (copy[key] !== null) continue;",
    "    delete copy[key];",
    "    if (nullTally) nullTally[`${schema}.${key}`] = (nullTally[`${schema}.${key}`] ?? 0) + 1;",
    "  }",
    "  return copy;",
    "};",
    "",
    "/**",
    " * An int64 of a body within [`min`, `max`]: a safe integer as a number, beyond 2^53 as its exact decimal text",
    " * (what the client's lossless parse gives for such a literal; a number there would have lost digits).",
    " */",
    "const int64 = (number: z.ZodInt, min: bigint, max: bigint) =>",
    "  z",
    '    .union([number, z.string().regex(/^-?\\d{16,}$/, "an integer beyond 2^53 as its decimal text")])',
    "    .refine(",
    '      (value) => typeof value === "number" || !/^-?\\d+$/.test(value) || (BigInt(value) >= min && BigInt(value) <= max),',
    "      `an integer from ${min} to ${max}`,",
    "    );",
    "",
    "/** An integer given as a number or as its decimal text (query strings and headers), checked by `schema`. */",
    "const wireInteger = (schema: z.ZodInt | z.ZodInt32) =>",
    "  z.union([z.number(), z.string().regex(/^-?\\d+$/).transform(Number)]).pipe(schema);",
    "",
  ];
  for (const name of componentOrder()) {
    const schema = spec.components.schemas[name];
    if (schema.description) lines.push(`/** ${schema.description} */`);
    lines.push(`export const ${name}Schema = ${zodOf(schema, { name })};`, "");
  }
  lines.push("/** The 200 body schema of each operation. */", "export const responseSchemas = {");
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      const body = op.responses["200"].content["application/json"].schema;
      lines.push(`  ${op.operationId}: ${zodOf(body)},`);
    }
  }
  lines.push("} as const;", "");
  // Shared parameters by their component name (ImageTypeParameterSchema ...), then each operation's by name.
  const parameterZod = (parameter) => {
    if (parameter.$ref) return `${parameter.$ref.split("/").at(-1)}ParameterSchema`;
    return zodOf(parameter.schema, { wire: true });
  };
  for (const [name, parameter] of Object.entries(spec.components.parameters)) {
    lines.push(`/** \`${parameter.name}\` (${parameter.in}) as received on the wire. */`);
    lines.push(`export const ${name}ParameterSchema = ${parameterZod(parameter)};`, "");
  }
  lines.push(
    "/** Each operation's parameters, by name, as received on the wire. */",
    "export const parameterSchemas = {",
  );
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      lines.push(`  ${op.operationId}: {`);
      for (const parameter of op.parameters ?? []) {
        const name = parameter.$ref ? deref(parameter).name : parameter.name;
        lines.push(`    ${JSON.stringify(name)}: ${parameterZod(parameter)},`);
      }
      lines.push("  },");
    }
  }
  lines.push("} as const;", "");
  return `${lines.join("\n")}`;
}

/**
 * The one place an OpenAPI schema of a body becomes JSON Schema (draft 2020-12) for Ajv: what zodOf's schema accepts,
 * or less (the client then asks zod). Components are written out in place (one function per body, no call per item).
 * Integers are JSON numbers within their format's range (int32, else a safe integer: an int64 beyond 2^53 is zod's,
 * after a lossless parse) and the spec's bounds; `anyOf` is left to zod. An optional field of a component may hold
 * null (zodOf reads it as absent). Every object carries `zodOutput` (see {@link addZodOutput}), naming its component.
 */
function jsonSchemaOf(schema, component) {
  if (schema.$ref) {
    const name = schema.$ref.split("/").at(-1);
    return jsonSchemaOf(spec.components.schemas[name], name);
  }
  if (schema.anyOf) return false;
  if (schema.enum) return { enum: schema.enum };
  switch (schema.type) {
    case "string": {
      const out = { type: "string" };
      if (schema.minLength) out.minLength = schema.minLength;
      if (schema.maxLength !== undefined) out.maxLength = schema.maxLength;
      return out;
    }
    case "integer": {
      const [low, high] = schema.format === "int32" ? INT32 : [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
      const minimum = Math.max(low, schema.minimum ?? low);
      const maximum = Math.min(high, schema.maximum ?? high);
      return { type: "integer", minimum, maximum };
    }
    case "boolean":
      return { type: "boolean" };
    case "array": {
      const out = { type: "array", items: jsonSchemaOf(schema.items) };
      if (schema.minItems) out.minItems = schema.minItems;
      if (schema.maxItems !== undefined) out.maxItems = schema.maxItems;
      return out;
    }
    case "object": {
      const required = schema.required ?? [];
      const orNull = (field) => {
        if (field === false) return false;
        return field.enum ? { enum: [...field.enum, null] } : { ...field, type: [field.type, "null"] };
      };
      const properties = Object.entries(schema.properties ?? {}).map(([key, value]) => {
        const field = jsonSchemaOf(value);
        return [key, component && !required.includes(key) ? orNull(field) : field];
      });
      const out = { type: "object" };
      if (required.length) out.required = required;
      return { ...out, properties: Object.fromEntries(properties), zodOutput: component ?? true };
    }
    default:
      throw new Error(`generate: no JSON Schema mapping for ${JSON.stringify(schema)}`);
  }
}

/**
 * `zodOutput`, once an object is valid: replaces it (in its parent, or as `this.value` at the top) with the value
 * z.object gives: the schema's keys in the schema's order, unknown keys left out, and for a component (the keyword's
 * value names it) an optional field holding null left out and counted in `this.nulls` under `Schema.field` (zodOf's
 * nullAsAbsent). Its nested objects are already replaced when it runs (`properties` comes first).
 */
function addZodOutput(ajv) {
  ajv.addKeyword({
    keyword: "zodOutput",
    type: "object",
    schemaType: ["string", "boolean"],
    modifying: true,
    code({ gen, data, schema, parentSchema, it }) {
      const required = new Set(parentSchema.required ?? []);
      const out = gen.const("out", _`{}`);
      for (const key of Object.keys(parentSchema.properties)) {
        const value = _`${data}[${key}]`;
        const copy = () => gen.assign(_`${out}[${key}]`, value);
        if (required.has(key)) copy();
        else if (typeof schema === "string") {
          const counter = `${schema}.${key}`;
          const tally = () => gen.assign(_`this.nulls[${counter}]`, _`(this.nulls[${counter}] ?? 0) + 1`);
          gen.if(_`${value} !== undefined`, () => gen.if(_`${value} === null`, tally, copy));
        } else gen.if(_`${value} !== undefined`, copy);
      }
      // Components are written out in place, so only the body itself is at data level 0.
      if (it.dataLevel === 0) gen.assign(_`this.value`, out);
      else gen.assign(_`${it.parentData}[${it.parentDataProperty}]`, out);
    },
  });
}

function validateModule() {
  const ajv = new Ajv2020({
    code: { source: true, esm: true, lines: true },
    strict: true,
    allowUnionTypes: true, // ["string", "null"]: an optional field's null
    messages: false, // zod names the issues of a refused body
    passContext: true, // `this` (the value and the null tally) reaches every keyword
    // Lengths in UTF-16 units, never fewer than zod's code points: a string with astral characters near its limit
    // is left to zod. Ajv's code-point count would need its runtime helper, which the module would have to import
    // (the standalone code even writes it as `require`): the generated module stays free of imports.
    unicode: false,
    // Ajv 8 flags `unicode` as deprecated (code points are its default); the option is still read.
    logger: {
      log: console.log,
      warn: (message, ...rest) => message.startsWith("DEPRECATED: option unicode") || console.warn(message, ...rest),
      error: console.error,
    },
  });
  addZodOutput(ajv);
  const bodies = Object.values(spec.paths).flatMap((item) =>
    Object.values(item).map((op) => [op.operationId, op.responses["200"].content["application/json"].schema]),
  );
  for (const [operationId, body] of bodies) ajv.addSchema({ $id: operationId, ...jsonSchemaOf(body) });
  const code = standaloneCode(ajv, Object.fromEntries(bodies.map(([operationId]) => [operationId, operationId])));
  return [
    header.trim(),
    "// Ajv's standalone validators of each operation's 200 body, as JSON.parse reads it, compiled from the spec's",
    "// schemas (JSON Schema 2020-12). One that returns true has put in `this.value` what the zod schema of zod.ts",
    "// gives (keys in schema order, unknown keys left out, null in an optional field of a component left out and",
    "// counted in `this.nulls`); it changes the body's arrays and objects on the way. Where one returns false, zod",
    "// decides on a fresh parse and reports the issues. They may refuse more than zod (an int64 beyond 2^53 is zod's,",
    "// after a lossless parse; a string with astral characters near its limit).",
    "// @ts-nocheck",
    code,
    "",
    "/** Nulls read as absent, by `Schema.field`, tallied while a validator runs. */",
    "type Nulls = Record<string, number>;",
    "",
    "/** Runs `validate` on `body`: zod's value, or undefined where zod must decide. */",
    "function run(validate: (this: { nulls: Nulls; value?: unknown }, body: unknown) => boolean, body: unknown, nulls: Nulls): unknown {",
    "  const context: { nulls: Nulls; value?: unknown } = { nulls };",
    "  return validate.call(context, body) ? context.value : undefined;",
    "}",
    "",
    "/**",
    " * Each operation's 200 body check: the body zod's schema gives, or undefined (then ask zod). `nulls` tallies the",
    " * nulls read as absent, as countNulls does; on undefined it is incomplete. The body's arrays and objects change.",
    " */",
    "export const responseChecks = {",
    ...bodies.map(
      ([operationId]) => `  ${operationId}: (v: unknown, nulls: Nulls): unknown => run(${operationId}, v, nulls),`,
    ),
    "} as const;",
    "",
  ].join("\n");
}

console.log(`generated ${Object.keys(operations).length} operations from ${specPath}`);
