import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import * as schemas from "../../src/generated/zod.js";
import { arbitraryOf } from "../helpers/arbitrary.js";

// The type-level test proves the shapes; this one proves the constraints (lengths, ranges, enums, required) of the
// generated zod schemas match the spec too, by comparing the JSON Schema of each with the spec's.
const spec = parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../../../spec/openapi.yaml"), "utf8"),
);

type Json = Record<string, unknown>;

function deref(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(deref);
  if (!node || typeof node !== "object") return node;
  const ref = (node as Json).$ref;
  if (typeof ref === "string") {
    return deref(
      ref
        .replace(/^#\//, "")
        .split("/")
        .reduce<unknown>((acc, key) => (acc as Json)[key], spec),
    );
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, deref(value)]));
}

// 9223372036854775807 parses to the double 2^63.
const INT64_MAX = 2 ** 63;
/** Reduces a JSON Schema to the constraints both sides must agree on. */
function constraints(node: unknown): unknown {
  if (!node || typeof node !== "object") return node;
  const schema = node as Json;
  // An int64 of a body: in the spec, format int64; in zod, a safe integer or the decimal text of one beyond 2^53,
  // its bounds checked by a refinement JSON Schema cannot show (tested on its own below).
  if (schema.format === "int64") return { type: "integer", format: "int64" };
  const anyOf = schema.anyOf as Json[] | undefined;
  if (anyOf?.length === 2 && anyOf[0]?.type === "integer" && anyOf[1]?.pattern === "^-?\\d{16,}$")
    return { type: "integer", format: "int64" };
  if (Array.isArray(schema.anyOf)) return { anyOf: schema.anyOf.map(constraints) };
  const out: Json = {};
  if (schema.type) out.type = schema.type;
  if (schema.enum) out.enum = schema.enum;
  if (typeof schema.minLength === "number" && schema.minLength > 0) out.minLength = schema.minLength;
  if (schema.maxLength !== undefined) out.maxLength = schema.maxLength;
  if (schema.minimum !== undefined) out.minimum = schema.minimum;
  // JSON numbers above 2^53 cannot be represented; zod's safe-integer bound stands for the spec's int64 bound.
  if (schema.maximum !== undefined)
    out.maximum = schema.maximum === INT64_MAX ? Number.MAX_SAFE_INTEGER : schema.maximum;
  if (schema.maxItems !== undefined) out.maxItems = schema.maxItems;
  if (schema.items) out.items = constraints(schema.items);
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties as Json).map(([key, value]) => [key, constraints(value)]),
    );
    out.required = [...((schema.required as string[]) ?? [])].sort();
  }
  return out;
}

const pairs: Array<[string, z.ZodType]> = [
  ["ListImageBuildCommandRisksResponse", schemas.ListImageBuildCommandRisksResponseSchema],
  ["ListImageBuildCommandRisksImagesResponse", schemas.ListImageBuildCommandRisksImagesResponseSchema],
  ["ErrorResponse", schemas.ErrorResponseSchema],
  ["RiskLevel", schemas.RiskLevelSchema],
  ["ImageType", schemas.ImageTypeSchema],
];

describe("zod schemas carry the spec's constraints", () => {
  it.each(pairs)("%s", (name, schema) => {
    const fromSpec = constraints(deref(spec.components.schemas[name]));
    const fromZod = constraints(z.toJSONSchema(schema));
    expect(fromZod).toEqual(fromSpec);
  });

  it("the seed example of the spec validates", () => {
    const example =
      spec.paths["/v5/{project_id}/image/build-command-risks/images"].get.responses["200"].content["application/json"]
        .examples.seed.value;
    expect(schemas.ListImageBuildCommandRisksImagesResponseSchema.parse(example)).toEqual(example);
  });

  it("issue paths read as data_list[3].image_size (zod's own formatter, used by the client)", () => {
    expect(z.core.toDotPath(["data_list", 3, "image_size"])).toBe("data_list[3].image_size");
    expect(z.core.toDotPath(["data_list", 0, "risk_detail_info", "risk_list", 2, "remediation"])).toBe(
      "data_list[0].risk_detail_info.risk_list[2].remediation",
    );
  });
});

// Every object component with optional fields, from the spec: a null there reads as absent and is counted under
// `Schema.field`; a null in a required field stays an error at its path.
const objectComponents = Object.entries(spec.components.schemas as Record<string, Json>).filter(
  ([, schema]) => schema.type === "object",
);
const fieldCases = objectComponents.flatMap(([name, schema]) => {
  const required = new Set((schema.required as string[]) ?? []);
  return Object.keys(schema.properties as Json).map((field) => [name, field, required.has(field)] as const);
});

describe("int64 in a body (the generator's mapping)", () => {
  const image = (image_size: unknown) =>
    schemas.BuildCommandRisksImageResponseInfoSchema.safeParse({
      image_name: "app",
      risk_detail_info: { risk_list: [] },
      image_size,
    });
  it.each([
    [0, true],
    [Number.MAX_SAFE_INTEGER, true],
    ["9007199254740993", true],
    ["9223372036854775807", true],
    ["9223372036854775808", false],
    [-1, false],
    ["-9007199254740993", false],
    ["12", false],
    [1.5, false],
    ["9.3e18", false],
  ])("image_size %j accepted: %s", (value, ok) => {
    expect(image(value).success).toBe(ok);
  });
});

describe("null in a field (the generator's mapping)", () => {
  it("covers optional and required fields of the spec", () => {
    expect(fieldCases.some(([, , required]) => required)).toBe(true);
    expect(fieldCases.filter(([, , required]) => !required).length).toBeGreaterThanOrEqual(5);
  });

  it.each(fieldCases)("%s.%s (required: %s)", (name, field, required) => {
    const schema = (schemas as unknown as Record<string, z.ZodType>)[`${name}Schema`];
    if (!schema) throw new Error(`no ${name}Schema`);
    const [sample] = fc.sample(arbitraryOf(schema), { numRuns: 1, seed: 14 }) as Json[];
    const withNull = { ...sample, [field]: null };
    const { result, nulls } = schemas.countNulls(() => schema.safeParse(withNull));
    if (required) {
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((issue) => z.core.toDotPath(issue.path))).toEqual([field]);
      expect(nulls).toEqual({});
    } else {
      const { [field]: _dropped, ...rest } = sample as Json;
      expect(result.success).toBe(true);
      expect(result.data).toEqual(rest);
      expect(Object.hasOwn(result.data as Json, field)).toBe(false);
      expect(nulls).toEqual({ [`${name}.${field}`]: 1 });
      // The value as received is left as it was.
      expect(withNull[field]).toBeNull();
    }
  });

  it("counts nulls nested in pages, per field, and keeps a wrong type in an optional field an error", () => {
    const example = structuredClone(
      spec.paths["/v5/{project_id}/image/build-command-risks/images"].get.responses["200"].content["application/json"]
        .examples.seed.value,
    );
    const image = example.data_list[0];
    image.namespace = null;
    image.image_version = null;
    image.risk_detail_info.risk_list[0].remediation = null;
    const counted = schemas.countNulls(() => schemas.ListImageBuildCommandRisksImagesResponseSchema.parse(example));
    expect(counted.nulls).toEqual({
      "BuildCommandRisksImageResponseInfo.namespace": 1,
      "BuildCommandRisksImageResponseInfo.image_version": 1,
      "BuildCommandRiskDetailResponseInfo.remediation": 1,
    });
    image.namespace = 42;
    const wrong = schemas.ListImageBuildCommandRisksImagesResponseSchema.safeParse(example);
    expect(wrong.error?.issues.map((issue) => z.core.toDotPath(issue.path))).toEqual(["data_list[0].namespace"]);
  });
});
