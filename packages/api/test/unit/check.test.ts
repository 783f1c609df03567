// The generated plain-code body checks (src/generated/check.ts) stand in for zod on the client's fast path, so they
// must never take a body zod refuses, and where they take one they must give zod's value (keys in zod's order) and
// zod's null tally. Bodies are drawn from the zod schemas themselves, then bent at one random place.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { responseChecks } from "../../src/generated/check.js";
import { countNulls, responseSchemas } from "../../src/generated/zod.js";
import { arbitraryOf } from "../helpers/arbitrary.js";

type Operation = keyof typeof responseSchemas;
const OPERATIONS = Object.keys(responseSchemas) as Operation[];

/** What zod makes of `json`: its value or undefined, and the nulls it read as absent. */
function zodOf(operation: Operation, json: unknown) {
  const { result, nulls } = countNulls(() => responseSchemas[operation].safeParse(json));
  return { value: result.success ? result.data : undefined, nulls };
}

function checkOf(operation: Operation, json: unknown) {
  const nulls: Record<string, number> = {};
  return { value: responseChecks[operation](json, nulls), nulls };
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
        // The arbitrary counts lengths in graphemes, zod in UTF-16 units: a rare draw is too long for zod.
        fc.pre(zod.value !== undefined);
        // Only an int64 beyond 2^53, which JSON.parse cannot hold (the arbitrary writes it as its decimal text), is
        // left to zod.
        if (check.value === undefined)
          expect(JSON.stringify(json)).toMatch(/"(image_size|latest_scan_time)":"\d{16,}"/);
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
});
