// The `--waivers FILE` format (YAML or JSON): accepted risks, each by rule and image, with reason, approver and expiry.
//
//   waivers:
//     - rule: R-USER              # a rule id, or "*" for every rule
//       image: "library/nginx:1.*" # name glob | sha256:<digest> | namespace/name[:version] glob
//       reason: Vendor image, rebuilt by the vendor only
//       approver: alice@example.com
//       expires: 2027-03-31        # YYYY-MM-DD (UTC); the waiver stops counting from that day on
//       scope: "cn-north-4/*"      # optional: only findings of scopes whose id matches this glob
//       ticket: SEC-1234           # optional: the approving ticket, shown wherever the waiver is
//
// A bare list of entries (without `waivers:`) is accepted too.
import { z } from "zod";

const ALLOWED_ENTRY_KEYS = ["rule", "image", "scope", "reason", "approver", "expires", "ticket"] as const;

const text = (what: string, max: number) =>
  z
    .string({ error: (issue) => `must be ${what} (a string; got ${describe(issue.input)})` })
    .trim()
    .min(1, `must not be empty: give ${what}`)
    .max(max, `must be at most ${max} characters`);

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (value instanceof Date) return "a date";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** A real calendar day written YYYY-MM-DD. YAML turns unquoted dates into Date objects: accept those too. */
const expiresSchema = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString().slice(0, 10) : value),
  z
    .string({ error: (issue) => `must be a date written YYYY-MM-DD (got ${describe(issue.input)})` })
    .refine(isCalendarDay, {
      error: (issue) => `must be a date written YYYY-MM-DD, such as 2027-03-31 (got ${JSON.stringify(issue.input)})`,
    }),
);

export function isCalendarDay(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

const imageSchema = text("an image: a name glob, a sha256:<64 hex> digest or a namespace/name:version glob", 512)
  .refine((value) => !value.toLowerCase().startsWith("sha256:") || DIGEST.test(value.toLowerCase()), {
    message: "a digest must be written sha256: followed by 64 hex digits",
  })
  .refine((value) => !/\s/.test(value), { message: "must not contain spaces" });

const ruleSchema = text('a rule id (such as the rule_id HSS lists) or "*" for every rule', 64).refine(
  (value) => value === "*" || !/[*?[\]{}\s]/.test(value),
  { message: 'must be one rule id or "*" for every rule (rule globs are not supported)' },
);

export const waiverEntrySchema = z.strictObject(
  {
    rule: ruleSchema,
    image: imageSchema,
    reason: text("the reason the risk is accepted", 1000),
    approver: text("who approved the waiver", 200),
    expires: expiresSchema,
    /** Only findings of scopes whose id (`region/project[/enterprise project]`) matches this glob. */
    scope: text("a scope id glob, such as cn-north-4/* or */0123abcd", 512)
      .refine((value) => !/\s/.test(value), { message: "must not contain spaces" })
      .optional(),
    /** The change or audit ticket that approved the waiver, shown wherever the waiver is. */
    ticket: text("a ticket reference, such as SEC-1234", 200).optional(),
  },
  {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") {
        const keys = issue.keys.map((k) => `"${k}"`).join(", ");
        return `unknown key ${keys}; allowed keys: ${ALLOWED_ENTRY_KEYS.join(", ")}`;
      }
      if (issue.code === "invalid_type") {
        return `each waiver must be a mapping with keys ${ALLOWED_ENTRY_KEYS.join(", ")} (got ${describe(issue.input)})`;
      }
      return undefined;
    },
  },
);

export type WaiverEntry = z.infer<typeof waiverEntrySchema>;

export const waiverFileSchema = z.strictObject(
  {
    waivers: z.array(waiverEntrySchema, {
      error: (issue) => `must be a list of waivers (got ${describe(issue.input)})`,
    }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key ${issue.keys.map((k) => `"${k}"`).join(", ")}; allowed keys: waivers`
        : undefined,
  },
);
