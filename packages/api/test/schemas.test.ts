import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { z } from "zod";
import * as schemas from "../src/generated/zod.js";

// The type-level test proves the shapes; this one proves the constraints (lengths, ranges, enums, required) of the
// generated zod schemas match the spec too, by comparing the JSON Schema of each with the spec's.
const spec = parse(
  readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../../../spec/openapi.yaml"), "utf8"),
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
