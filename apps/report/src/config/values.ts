// The values a run option may take, as zod schemas: each option of config/options.ts names one of these.
// Keys are snake_case like the HSS API; fleet runs list `scopes`, a single-scope run is one scope.
import { isRegionId } from "@hss-reports/api";
import { ImageTypeParameterSchema, RiskLevelSchema, XLanguageParameterSchema } from "@hss-reports/api/spec";
import { z } from "zod";

/** The spec's enums: risk levels worst first, the image types a listing takes, the languages HSS answers in. */
export const RISK_LEVEL_VALUES = RiskLevelSchema.options;
export const IMAGE_KIND_VALUES = ImageTypeParameterSchema.options;
/**
 * `md` is summary.md, the ticket summary: written last, it lists the sha256 of every other file. `findings`,
 * `sarif` and `junit` (findings.json, report.sarif, junit.xml) are for other tools, written when asked for.
 */
export const FORMAT_VALUES = ["html", "pdf", "json", "csv", "findings", "sarif", "junit", "md"] as const;
export const LANG_VALUES = XLanguageParameterSchema.options;

export type Format = (typeof FORMAT_VALUES)[number];
/** What a run writes when `format` is not given. */
export const DEFAULT_FORMATS: readonly Format[] = ["html", "pdf", "json", "csv", "md"];

/** A strict object whose "unknown key" error lists the keys that are allowed. */
export function strict<T extends z.ZodRawShape>(shape: T, hint?: (key: string) => string | undefined) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      const extra = issue.keys.map((k) => hint?.(k)).find(Boolean);
      return `unknown key ${keys}; allowed keys: ${allowed}${extra ? `. ${extra}` : ""}`;
    },
  });
}

export const oneOf = <const T extends readonly string[]>(values: T) =>
  z.enum(values, { error: (issue) => `must be one of ${values.join(", ")} (got ${JSON.stringify(issue.input)})` });

export const listOf = <T extends z.ZodType>(item: T) => z.array(item).min(1, "must list at least one value");

/** Region names as Huawei Cloud spells them: cn-north-4, ap-southeast-1, eu-west-101 ... */
export const regionSchema = z
  .string()
  .refine(isRegionId, "must be a Huawei Cloud region name such as cn-north-4 or ap-southeast-1");

export const endpointSchema = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
  } catch {
    return false;
  }
}, "must be an http(s) URL without user or password, such as https://hss.cn-north-4.myhuaweicloud.com");

export const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be the name of an environment variable (letters, digits, _)");

/** Where a scope's credentials come from: names of environment variables, never the secrets themselves. */
export const credentialsRefSchema = strict(
  {
    token_env: envNameSchema.optional(),
    ak_env: envNameSchema.optional(),
    sk_env: envNameSchema.optional(),
    security_token_env: envNameSchema.optional(),
    iam_user_env: envNameSchema.optional(),
    iam_password_env: envNameSchema.optional(),
    iam_domain_env: envNameSchema.optional(),
  },
  (key) =>
    ["token", "ak", "sk", "password", "security_token", "user", "domain"].includes(key)
      ? `Secrets never go in the config file: name the environment variable that holds it (${key}_env)`
      : undefined,
);
export type CredentialsRef = z.infer<typeof credentialsRefSchema>;

export const projectIdSchema = z.string().min(1, "must not be empty").max(256, "must be at most 256 characters");
export const enterpriseProjectIdSchema = z
  .string()
  .min(1, "must not be empty")
  .max(256, "must be at most 256 characters");

export const scopeSchema = strict({
  region: regionSchema.optional(),
  endpoint: endpointSchema.optional(),
  project_id: projectIdSchema,
  enterprise_project_id: enterpriseProjectIdSchema.optional(),
  image_types: listOf(oneOf(IMAGE_KIND_VALUES)).optional(),
  credentials: credentialsRefSchema.optional(),
}).refine((scope) => scope.region !== undefined || scope.endpoint !== undefined, {
  message: "a scope needs region or endpoint",
});
export type ScopeConfig = z.infer<typeof scopeSchema>;

/**
 * A whole number from `min` to `max` (`unit`: "days" reads "a whole number of days"). Every way to miss it (not a
 * number, a fraction, out of range, beyond 2^53) gives the same one message: the range and what was given.
 */
export function wholeNumberSchema(min: number, max: number, unit?: string) {
  const error = (issue: { input?: unknown }) =>
    `must be a whole number${unit ? ` of ${unit}` : ""} from ${min} to ${max} (got ${JSON.stringify(issue.input)})`;
  return z.int({ error }).min(min, { error }).max(max, { error });
}

/**
 * A flag's text as the number it spells when it is one whole number JavaScript holds exactly; any other text is
 * passed on as it is, for the option's schema to refuse naming what was given (`--keep 99999999999999999999`).
 */
export function wholeNumberText(text: string): number | string {
  return /^\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

export const ms = (min: number, max: number) => wholeNumberSchema(min, max, "milliseconds");

/** Attempts in all, the first included: 1 = no retry. */
export const maxAttemptsSchema = wholeNumberSchema(1, 10);

/** The client's retry policy (config file only; defaults as in `@hss-reports/api`): tests and slow networks. */
export const retrySchema = strict({
  max_attempts: maxAttemptsSchema.optional(),
  base_delay_ms: ms(0, 60_000).optional(),
  max_delay_ms: ms(0, 300_000).optional(),
  max_elapsed_ms: ms(0, 3_600_000).optional(),
  throttle_delay_ms: ms(0, 60_000).optional(),
  max_retry_after_ms: ms(0, 600_000).optional(),
});
export type RetryConfig = z.infer<typeof retrySchema>;

/** Requests per second one region (or endpoint host) may receive from a run, over all its scopes. */
export const rateLimitsSchema = z.record(
  z.string().regex(
    // A region name is spelt as a host name is.
    /^(?:[A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?)$/,
    "must be a region name (cn-north-4) or an endpoint host (hss.example.com, 127.0.0.1:8080)",
  ),
  z
    .number("must be a number of requests per second")
    .positive("must be more than 0 requests per second")
    .max(1000, "must be at most 1000 requests per second"),
);

const days = wholeNumberSchema(1, 3650, "days");

/** Days a finding of each level may stay open before it is overdue; levels left out keep their default. */
export const slaDaysSchema = strict({
  critical: days.optional(),
  high: days.optional(),
  medium: days.optional(),
  low: days.optional(),
});
