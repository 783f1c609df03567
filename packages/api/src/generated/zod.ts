// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.
// The zod schemas of spec/openapi.yaml: what the client validates answers with, and what the emulator checks
// requests against. Their inferred types equal the generated TypeScript types (test/unit/schemas.test-d.ts).
import { z } from "zod";

/** A string of `min` to `max` characters, counted in code points. */
const codePoints = (min: number, max: number) =>
  z.string().refine((value) => {
    const length = [...value].length;
    return length >= min && length <= max;
  });

/** Where {@link countNulls} tallies the nulls read as absent while it runs a (synchronous) parse. */
let nullTally: Record<string, number> | undefined;

/**
 * Runs `parse` and returns its result with how many `null`s stood in optional fields, by `Schema.field`
 * (e.g. `BuildCommandRisksImageResponseInfo.namespace`). Such a null reads as absent: the field is left out.
 */
export function countNulls<T>(parse: () => T): { result: T; nulls: Record<string, number> } {
  const outer = nullTally;
  const nulls: Record<string, number> = {};
  nullTally = nulls;
  try {
    return { result: parse(), nulls };
  } finally {
    nullTally = outer;
  }
}

/** A copy of an object without the optional `fields` that hold `null`, each counted; anything else as it is. */
const nullAsAbsent = (schema: string, fields: readonly string[]) => (value: unknown) => {
  if (typeof value !== "object" || value === null || !fields.some((key) => (value as Record<string, unknown>)[key] === null))
    return value;
  const copy = { ...(value as Record<string, unknown>) };
  for (const key of fields) {
    if (copy[key] !== null) continue;
    delete copy[key];
    if (nullTally) nullTally[`${schema}.${key}`] = (nullTally[`${schema}.${key}`] ?? 0) + 1;
  }
  return copy;
};

/**
 * An int64 of a body within [`min`, `max`]: a safe integer as a number, beyond 2^53 as its exact decimal text
 * (what the client's lossless parse gives for such a literal; a number there would have lost digits).
 */
const int64 = (number: z.ZodInt, min: bigint, max: bigint) =>
  z
    .union([number, z.string().regex(/^-?\d{16,}$/, "an integer beyond 2^53 as its decimal text")])
    .refine(
      (value) => typeof value === "number" || !/^-?\d+$/.test(value) || (BigInt(value) >= min && BigInt(value) <= max),
      `an integer from ${min} to ${max}`,
    );

/** An integer given as a number or as its decimal text (query strings and headers), checked by `schema`. */
const wireInteger = (schema: z.ZodInt | z.ZodInt32) =>
  z.union([z.number(), z.string().regex(/^-?\d+$/).transform(Number)]).pipe(schema);

/** Risk level. */
export const RiskLevelSchema = z.enum(["critical", "high", "medium", "low"]);

export const ImageBuildCommandRiskResponseInfoSchema = z.preprocess(nullAsAbsent("ImageBuildCommandRiskResponseInfo", ["risk_id","description","image_type","latest_scan_time"]), z.object({
  rule_id: z.string().min(1).max(64),
  risk_id: z.string().min(1).max(64).optional(),
  risk_name: z.string().min(1).max(512),
  risk_level: RiskLevelSchema,
  description: z.string().max(65534).optional(),
  image_type: z.string().min(1).max(32).optional(),
  image_num: z.int32().min(0),
  latest_scan_time: int64(z.int().min(0), 0n, 2n ** 63n - 1n).optional(),
}));

export const ListImageBuildCommandRisksResponseSchema = z.object({
  total_num: z.int32().min(0).max(2147483547),
  data_list: z.array(ImageBuildCommandRiskResponseInfoSchema).max(200),
});

/** Image type: `instance_image` is an enterprise image. */
export const ImageTypeSchema = z.enum(["private_image", "shared_image", "instance_image", "harbor", "jfrog", "cicd"]);

export const BuildCommandRiskDetailResponseInfoSchema = z.preprocess(nullAsAbsent("BuildCommandRiskDetailResponseInfo", ["remediation","build_instruction"]), z.object({
  remediation: z.string().max(65534).optional(),
  build_instruction: z.string().max(256).optional(),
}));

export const BuildCommandRiskDetailListResponseInfoSchema = z.preprocess(nullAsAbsent("BuildCommandRiskDetailListResponseInfo", ["risk_num"]), z.object({
  risk_num: z.int32().min(0).max(2147483547).optional(),
  risk_list: z.array(BuildCommandRiskDetailResponseInfoSchema).max(2147483647),
}));

export const BuildCommandRisksImageResponseInfoSchema = z.preprocess(nullAsAbsent("BuildCommandRisksImageResponseInfo", ["namespace","image_digest","image_id","image_version","image_type","image_size","latest_scan_time"]), z.object({
  namespace: z.string().max(64).optional(),
  image_digest: z.string().max(128).optional(),
  image_id: z.string().max(128).optional(),
  image_name: z.string().max(128),
  image_version: z.string().max(128).optional(),
  image_type: ImageTypeSchema.optional(),
  image_size: int64(z.int().min(0), 0n, 2n ** 63n - 1n).optional(),
  latest_scan_time: int64(z.int().min(0), 0n, 2n ** 63n - 1n).optional(),
  risk_detail_info: BuildCommandRiskDetailListResponseInfoSchema,
}));

export const ListImageBuildCommandRisksImagesResponseSchema = z.object({
  total_num: z.int32().min(0).max(2147483547),
  data_list: z.array(BuildCommandRisksImageResponseInfoSchema).max(200),
});

export const HssErrorSchema = z.object({
  error_code: z.string(),
  error_msg: z.string(),
});

export const GatewayErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
  }),
});

/** An HSS error body, or the gateway's alternative form. */
export const ErrorResponseSchema = z.union([HssErrorSchema, GatewayErrorSchema]);

/** The 200 body schema of each operation. */
export const responseSchemas = {
  ListImageBuildCommandRisks: ListImageBuildCommandRisksResponseSchema,
  ListImageBuildCommandRisksImages: ListImageBuildCommandRisksImagesResponseSchema,
} as const;

/** `project_id` (path) as received on the wire. */
export const ProjectIdParameterSchema = codePoints(1, 256);

/** `enterprise_project_id` (query) as received on the wire. */
export const EnterpriseProjectIdParameterSchema = codePoints(1, 256);

/** `offset` (query) as received on the wire. */
export const OffsetParameterSchema = wireInteger(z.int32().min(0).max(2000000));

/** `limit` (query) as received on the wire. */
export const LimitParameterSchema = wireInteger(z.int32().min(10).max(200));

/** `image_type` (query) as received on the wire. */
export const ImageTypeParameterSchema = z.enum(["cicd", "registry"]);

/** `image_id` (query) as received on the wire. */
export const ImageIdParameterSchema = codePoints(0, 128);

/** `X-Language` (header) as received on the wire. */
export const XLanguageParameterSchema = z.enum(["en-us", "zh-cn"]);

/** `region` (header) as received on the wire. */
export const RegionParameterSchema = codePoints(1, 64);

/** Each operation's parameters, by name, as received on the wire. */
export const parameterSchemas = {
  ListImageBuildCommandRisks: {
    "project_id": ProjectIdParameterSchema,
    "enterprise_project_id": EnterpriseProjectIdParameterSchema,
    "offset": OffsetParameterSchema,
    "limit": LimitParameterSchema,
    "image_type": ImageTypeParameterSchema,
    "image_id": ImageIdParameterSchema,
    "risk_name": codePoints(1, 512),
    "risk_level": RiskLevelSchema,
    "X-Language": XLanguageParameterSchema,
    "region": RegionParameterSchema,
  },
  ListImageBuildCommandRisksImages: {
    "project_id": ProjectIdParameterSchema,
    "enterprise_project_id": EnterpriseProjectIdParameterSchema,
    "offset": OffsetParameterSchema,
    "limit": LimitParameterSchema,
    "image_type": ImageTypeParameterSchema,
    "rule_id": codePoints(1, 64),
    "image_id": ImageIdParameterSchema,
    "X-Language": XLanguageParameterSchema,
    "region": RegionParameterSchema,
  },
} as const;
