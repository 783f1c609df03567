// Derives everything the code needs from spec/openapi.yaml, so spec, types and runtime checks cannot drift:
//   src/generated/schema.ts      TypeScript types (openapi-typescript), for openapi-fetch
//   src/generated/operations.ts  each operation's path, method and parameter constraints, as data,
//                                used by the client's pre-flight checks and by the emulator's validation
//   src/generated/zod.ts         zod schemas of every component schema, each operation's 200 body and each
//                                parameter (as received on the wire), for the client's and emulator's runtime checks
//   src/generated/check.ts       plain-code checks of each operation's 200 body: zod's acceptance and output in one
//                                pass, the client's fast path (zod still gives the issues of a body they refuse)
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
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
writeFileSync(resolve(outDir, "check.ts"), checkModule());

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
        schema.format === "int32"
          ? ["z.int32()", -(2 ** 31), 2 ** 31 - 1]
          : ["z.int()", -Infinity, Number.MAX_SAFE_INTEGER];
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
 * The one place an OpenAPI schema of a body becomes a plain-code check: an expression that is the value zod's schema
 * (see `zodOf`) would give for `v`, or `undefined` where it might refuse `v`. It may refuse more than zod (an int64
 * as decimal text, `anyOf`): the client then asks zod. `v` must be a plain identifier (it is read several times).
 */
function checkOf(schema, v, helpers) {
  if (schema.$ref) {
    // An object component has its own function; anything else is checked in place.
    const target = deref(schema);
    if (target.type === "object") return `check${schema.$ref.split("/").at(-1)}(${v}, nulls)`;
    return checkOf(target, v, helpers);
  }
  if (schema.anyOf) return "undefined";
  if (schema.enum)
    return `(${schema.enum.map((value) => `${v} === ${JSON.stringify(value)}`).join(" || ")} ? ${v} : undefined)`;
  switch (schema.type) {
    case "string": {
      const tests = [`typeof ${v} === "string"`];
      if (schema.minLength) tests.push(`${v}.length >= ${schema.minLength}`);
      if (schema.maxLength !== undefined) tests.push(`${v}.length <= ${schema.maxLength}`);
      return `(${tests.join(" && ")} ? ${v} : undefined)`;
    }
    case "integer": {
      // As zodOf: an int64 is a safe integer with its minimum (the decimal text beyond 2^53 is left to zod); an
      // int32 holds int32's range, any other integer the safe range, each with the spec's bounds within it.
      const tests = [`typeof ${v} === "number"`];
      if (schema.format === "int64") {
        tests.push(`Number.isSafeInteger(${v})`);
        if (schema.minimum > -Number.MAX_SAFE_INTEGER) tests.push(`${v} >= ${schema.minimum}`);
      } else {
        const int32 = schema.format === "int32";
        const [low, high] = int32 ? [-(2 ** 31), 2 ** 31 - 1] : [-Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
        tests.push(int32 ? `Number.isInteger(${v})` : `Number.isSafeInteger(${v})`);
        tests.push(
          `${v} >= ${Math.max(low, schema.minimum ?? low)}`,
          `${v} <= ${Math.min(high, schema.maximum ?? high)}`,
        );
      }
      return `(${tests.join(" && ")} ? ${v} : undefined)`;
    }
    case "boolean":
      return `(typeof ${v} === "boolean" ? ${v} : undefined)`;
    case "array":
      return `checkArray(${v}, ${schema.minItems ?? 0}, ${schema.maxItems ?? "Infinity"}, (item) => ${checkOf(schema.items, "item", helpers)})`;
    case "object": {
      const name = `checkObject${helpers.length + 1}`;
      helpers.push(""); // reserves the name; an inline object reads nulls as zod does: not at all
      helpers[helpers.length - 1] = checkObjectFunction(name, schema, undefined, helpers);
      return `${name}(${v}, nulls)`;
    }
    default:
      throw new Error(`generate: no check mapping for ${JSON.stringify(schema)}`);
  }
}

/** A function checking an object as zodOf's z.object does: keys in shape order, unknown keys left out. */
function checkObjectFunction(name, schema, component, helpers) {
  const required = new Set(schema.required ?? []);
  const keys = Object.keys(schema.properties ?? {});
  // A component's optional fields read null as absent, counted (zodOf's nullAsAbsent, before anything nested).
  const nullable = component ? keys.filter((key) => !required.has(key)) : [];
  const body = [
    `function ${name}(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {`,
    '  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;',
    "  const input = value as Record<string, unknown>;",
  ];
  for (const key of nullable) {
    body.push(`  if (input[${JSON.stringify(key)}] === null) tally(nulls, ${JSON.stringify(`${component}.${key}`)});`);
  }
  body.push("  const out: Record<string, unknown> = {};", "  let v: unknown;");
  for (const key of keys) {
    const k = JSON.stringify(key);
    const present = nullable.includes(key) ? `${k} in input && input[${k}] !== null` : `${k} in input`;
    body.push(
      `  if (${present}) {`,
      `    v = input[${k}];`,
      `    v = ${checkOf(schema.properties[key], "v", helpers)};`,
      "    if (v === undefined) return undefined;",
      `    out[${k}] = v;`,
      required.has(key) ? "  } else return undefined;" : "  }",
    );
  }
  body.push("  return out;", "}");
  return body.join("\n");
}

function checkModule() {
  const helpers = [];
  const bodies = Object.values(spec.paths).flatMap((item) =>
    Object.values(item).map((op) => [op.operationId, op.responses["200"].content["application/json"].schema]),
  );
  // The object components a 200 body holds, each a function (components come in dependency order).
  const reached = new Set();
  const reach = (node) => {
    for (const ref of JSON.stringify(node).match(/#\/components\/schemas\/\w+/g) ?? []) {
      const name = ref.split("/").at(-1);
      if (!reached.has(name)) {
        reached.add(name);
        reach(spec.components.schemas[name]);
      }
    }
  };
  for (const [, body] of bodies) reach(body);
  const functions = componentOrder()
    .filter((name) => reached.has(name) && spec.components.schemas[name].type === "object")
    .map((name) => checkObjectFunction(`check${name}`, spec.components.schemas[name], name, helpers));
  const checks = bodies.map(
    ([operationId, body]) => `  ${operationId}: (v: unknown, nulls: Nulls): unknown => ${checkOf(body, "v", helpers)},`,
  );
  return [
    header.trim(),
    "// Plain-code checks of each operation's 200 body, as JSON.parse reads it: where one gives a value, it is the value",
    "// the zod schema of zod.ts gives (keys in schema order, unknown keys left out, null in an optional field of a",
    "// component read as absent and counted), in one pass and many times faster. Where one gives undefined, zod decides",
    "// and reports the issues. They may refuse more than zod (an int64 beyond 2^53 is zod's, after a lossless parse).",
    "",
    "type Nulls = Record<string, number>;",
    "",
    "function tally(nulls: Nulls, key: string): void {",
    "  nulls[key] = (nulls[key] ?? 0) + 1;",
    "}",
    "",
    "function checkArray(value: unknown, min: number, max: number, item: (value: unknown) => unknown): unknown[] | undefined {",
    "  if (!Array.isArray(value) || value.length < min || value.length > max) return undefined;",
    "  const out = new Array<unknown>(value.length);",
    "  for (let i = 0; i < value.length; i++) {",
    "    const checked = item(value[i]);",
    "    if (checked === undefined) return undefined;",
    "    out[i] = checked;",
    "  }",
    "  return out;",
    "}",
    "",
    ...[...functions, ...helpers].flatMap((fn) => [fn, ""]),
    "/**",
    " * Each operation's 200 body check: the body zod's schema gives, or undefined (then ask zod). `nulls` tallies the",
    " * nulls read as absent, as countNulls does; on undefined it is incomplete.",
    " */",
    "export const responseChecks = {",
    ...checks,
    "} as const;",
    "",
  ].join("\n");
}

console.log(`generated ${Object.keys(operations).length} operations from ${specPath}`);
