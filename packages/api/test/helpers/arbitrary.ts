// fast-check arbitraries derived from the generated zod schemas (through their JSON Schema), so property tests
// draw values within exactly the limits the client validates, and follow the spec when it changes.
import fc from "fast-check";
import { z } from "zod";

type JsonSchema = {
  type?: string;
  enum?: readonly unknown[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
};

/** Caps that keep runs fast: strings and arrays stay short, whatever the spec allows. */
const MAX_STRING = 200;
const MAX_ITEMS = 4;

function arbitraryOfJson(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map(arbitraryOfJson));
  switch (schema.type) {
    case "string":
      // The decimal text of an int64 beyond 2^53 (the other branch of a body's int64; its bounds are 0 to 2^63 - 1).
      if (schema.pattern === "^-?\\d{16,}$") return fc.bigInt(2n ** 53n, 2n ** 63n - 1n).map(String);
      return fc.string({
        unit: "grapheme",
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING),
      });
    case "integer":
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? Number.MAX_SAFE_INTEGER });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(arbitraryOfJson(schema.items ?? {}), {
        maxLength: Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS),
      });
    case "object": {
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, arbitraryOfJson(value)]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    default:
      throw new Error(`no arbitrary for ${JSON.stringify(schema)}`);
  }
}

/** Values the schema accepts (optional fields sometimes left out), typed as its output. */
export function arbitraryOf<S extends z.ZodType>(schema: S): fc.Arbitrary<z.infer<S>> {
  return arbitraryOfJson(z.toJSONSchema(schema) as JsonSchema) as fc.Arbitrary<z.infer<S>>;
}
