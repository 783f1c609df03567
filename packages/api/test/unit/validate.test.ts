// The generated Ajv body validators (src/generated/validate.ts) stand in for zod on the client's fast path, so they
// must never take a body zod refuses, and where they take one they must make it zod's value (keys in zod's order)
// and give zod's null tally. Bodies are drawn from the zod schemas themselves, then bent at one random place.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { responseChecks } from "../../src/generated/validate.js";
import { countNulls, responseSchemas } from "../../src/generated/zod.js";
import { arbitraryOf } from "../helpers/arbitrary.js";

type Operation = keyof typeof responseSchemas;
const OPERATIONS = Object.keys(responseSchemas) as Operation[];

/** What zod makes of `json`: its value or undefined, and the nulls it read as absent. */
function zodOf(operation: Operation, json: unknown) {
  const { result, nulls } = countNulls(() => responseSchemas[operation].safeParse(json));
  return { value: result.success ? result.data : undefined, nulls };
}

/** What the generated validator makes of `json`, on a copy (it changes the body in place, as the client lets it). */
function checkOf(operation: Operation, json: unknown) {
  const nulls: Record<string, number> = {};
  return { value: responseChecks[operation](structuredClone(json), nulls), nulls };
}

/** Every place in a JSON value: the path to it (object keys and array indexes). */
function places(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const out = [path];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) out.push(...places(item, [...path, i]));
  } else if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) out.push(...places(item, [...path, key]));
  return out;
}

/** Replacements that break a field or that a field may hold: wrong types, bounds, null, unknown shapes. */
const ODD_VALUES: unknown[] = [
  -1,
  0,
  1.5,
  2 ** 31,
  2 ** 53,
  "",
  "x",
  "x".repeat(600),
  "private_image",
  "critical",
  true,
  [],
  {},
  { extra: 1 },
];

/** `json` with the value at `path` replaced (or, for `"add"`, an unknown key added beside it). */
function bend(json: unknown, path: (string | number)[], replacement: unknown, add: boolean): unknown {
  const copy = structuredClone(json);
  if (path.length === 0) return add ? copy : replacement;
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  if (add && !Array.isArray(parent)) parent.unknown_field = replacement;
  else parent[last] = replacement;
  return copy;
}

/** `json` with the keys of the object at `path` in reverse order (anything else as it is). */
function reverseKeys(json: unknown, path: (string | number)[]): unknown {
  const reverse = (value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).reverse())
      : value;
  if (path.length === 0) return reverse(json);
  const copy = structuredClone(json);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  parent[last] = reverse(parent[last]);
  return copy;
}

/** The body as the client reads it: JSON text through JSON.parse. */
const wire = (body: unknown): unknown => JSON.parse(JSON.stringify(body));

describe.each(OPERATIONS)("responseChecks.%s", (operation) => {
  const bodies = arbitraryOf(responseSchemas[operation]);

  it("takes every body within the spec's limits with zod's value (same key order) and no nulls", () => {
    fc.assert(
      fc.property(bodies, (body) => {
        const json = wire(body);
        const zod = zodOf(operation, json);
        const check = checkOf(operation, json);
        // The arbitrary counts lengths in graphemes, zod in code points: a rare draw is too long for zod.
        fc.pre(zod.value !== undefined);
        // Only an int64 beyond 2^53, which JSON.parse cannot hold (the arbitrary writes it as its decimal text), or a
        // string with astral characters (two UTF-16 units each, see "string lengths" below) is left to zod.
        if (check.value === undefined)
          expect(JSON.stringify(json)).toMatch(/"(image_size|latest_scan_time)":"\d{16,}"|[\u{10000}-\u{10FFFF}]/u);
        else expect(JSON.stringify(check.value)).toBe(JSON.stringify(zod.value));
        expect(check.nulls).toEqual(zod.nulls);
      }),
      { numRuns: 300 },
    );
  });

  it("a body bent at one place: refused whenever zod refuses it, else zod's value and null tally", () => {
    let taken = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        bodies,
        fc.nat(),
        // null often: an optional field's null is read as absent and counted, a required field's is refused.
        fc.oneof({ arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.constantFrom(...ODD_VALUES), weight: 3 }),
        fc.boolean(),
        (body, pick, replacement, add) => {
          const json = wire(body);
          const all = places(json);
          const bent = bend(json, all[pick % all.length] ?? [], replacement, add);
          const zod = zodOf(operation, bent);
          const check = checkOf(operation, bent);
          if (zod.value === undefined) {
            expect(check.value).toBeUndefined();
            refused++;
          } else if (check.value !== undefined) {
            expect(JSON.stringify(check.value)).toBe(JSON.stringify(zod.value));
            expect(check.nulls).toEqual(zod.nulls);
            taken++;
          }
        },
      ),
      { numRuns: 1500 },
    );
    // Both kinds happened: the comparison above was not vacuous.
    expect(taken).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it("a body with one object's keys in another order (and maybe a null or an unknown key): zod's value, keys in zod's order", () => {
    let reordered = 0;
    fc.assert(
      fc.property(
        bodies,
        fc.nat(),
        fc.nat(),
        fc.constantFrom(null, 1, undefined),
        (body, pick, bendPick, replacement) => {
          const json = wire(body);
          const all = places(json);
          const objects = all.filter((path) => {
            const value = path.reduce<unknown>((node, step) => (node as Record<string | number, unknown>)[step], json);
            return value && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length > 1;
          });
          const path = objects[pick % objects.length] ?? [];
          // Besides the order, one place may hold a null (an optional field's is read as absent) or gain an unknown key.
          const turned = reverseKeys(json, path);
          const input = wire(
            replacement === undefined
              ? turned
              : bend(turned, all[bendPick % all.length] ?? [], replacement, replacement === 1),
          );
          const zod = zodOf(operation, input);
          const check = checkOf(operation, input);
          if (zod.value === undefined) expect(check.value).toBeUndefined();
          else if (check.value !== undefined) {
            expect(JSON.stringify(check.value)).toBe(JSON.stringify(zod.value));
            expect(check.nulls).toEqual(zod.nulls);
            if (JSON.stringify(input) !== JSON.stringify(zod.value)) reordered++;
          }
        },
      ),
      { numRuns: 500 },
    );
    // The validator's output differed from its input (keys put back in order, nulls or unknown keys dropped) often:
    // 92-190 of 500 runs seen (the rest are refused by zod, or hold an int64 beyond 2^53, which is zod's).
    expect(reordered).toBeGreaterThan(50);
  });
});

describe("string lengths", () => {
  // zod counts a string's length in code points; the validators count UTF-16 units (Ajv's code-point count needs a
  // runtime helper the standalone module would import), never fewer: they refuse a string with astral characters near
  // the limit that zod takes (zod then decides), and never take one zod refuses.
  const emoji = (count: number) => "\u{1F600}".repeat(count); // each one code point, two UTF-16 units
  const rules = (ruleId: string) => ({
    total_num: 1,
    data_list: [{ rule_id: ruleId, risk_name: "r", risk_level: "high", image_num: 1 }],
  });
  const images = (namespace: string) => ({
    total_num: 1,
    data_list: [{ namespace, image_name: "i", risk_detail_info: { risk_list: [] } }],
  });

  it.each([["ListImageBuildCommandRisks", rules] as const, ["ListImageBuildCommandRisksImages", images] as const])(
    "%s: a field of at most 64 holding astral characters",
    (operation, body) => {
      const fits = body(emoji(32)); // 64 units
      expect(zodOf(operation, fits).value).toBeDefined();
      expect(checkOf(operation, fits).value).toEqual(zodOf(operation, fits).value);
      const unitsOver = body(emoji(64)); // 64 code points, 128 units: zod's, not the fast path's
      expect(zodOf(operation, unitsOver).value).toBeDefined();
      expect(checkOf(operation, unitsOver).value).toBeUndefined();
      const over = body(emoji(65));
      expect(zodOf(operation, over).value).toBeUndefined();
      expect(checkOf(operation, over).value).toBeUndefined();
    },
  );
});

describe("nulls on the fast path", () => {
  it("takes a null in an optional field of a component: left out and counted, as zod does", () => {
    const body = {
      total_num: 1,
      data_list: [
        {
          namespace: null,
          image_name: "i",
          image_size: null,
          risk_detail_info: { risk_num: null, risk_list: [{ build_instruction: "RUN x", remediation: null }] },
        },
      ],
    };
    const zod = zodOf("ListImageBuildCommandRisksImages", body);
    const check = checkOf("ListImageBuildCommandRisksImages", body);
    expect(zod.value).toBeDefined();
    expect(check.value).toEqual(zod.value);
    expect(check.nulls).toEqual(zod.nulls);
    expect(Object.values(check.nulls).reduce((sum, n) => sum + n, 0)).toBe(4);
  });

  it("refuses a null in a required field, as zod does", () => {
    const body = { total_num: 1, data_list: [{ image_name: null, risk_detail_info: { risk_list: [] } }] };
    expect(zodOf("ListImageBuildCommandRisksImages", body).value).toBeUndefined();
    expect(checkOf("ListImageBuildCommandRisksImages", body).value).toBeUndefined();
  });
});
