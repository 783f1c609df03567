// Runtime schemas of the response and error bodies. They mirror spec/openapi.yaml by hand, and a type-level test
// (test/schemas.test-d.ts) proves `z.infer<>` of each equals the type generated from the spec, so they cannot drift.
import { z } from "zod";

/** int64 fields arrive as JSON numbers; anything beyond 2^53 would already have lost precision in JSON.parse. */
const int64NonNegative = z.int().min(0);
const int32Total = z.int32().min(0).max(2147483547);

export const RiskLevelSchema = z.enum(["critical", "high", "medium", "low"]);

export const ImageTypeSchema = z.enum(["private_image", "shared_image", "instance_image", "harbor", "jfrog", "cicd"]);

export const ImageBuildCommandRiskResponseInfoSchema = z.object({
  rule_id: z.string().min(1).max(64),
  risk_id: z.string().min(1).max(64).optional(),
  risk_name: z.string().min(1).max(512),
  risk_level: RiskLevelSchema,
  description: z.string().max(65534).optional(),
  image_type: z.string().min(1).max(32).optional(),
  image_num: z.int32().min(0),
  latest_scan_time: int64NonNegative.optional(),
});

export const ListImageBuildCommandRisksResponseSchema = z.object({
  total_num: int32Total,
  data_list: z.array(ImageBuildCommandRiskResponseInfoSchema).max(200),
});

export const BuildCommandRiskDetailResponseInfoSchema = z.object({
  remediation: z.string().max(65534).optional(),
  build_instruction: z.string().max(256).optional(),
});

export const BuildCommandRiskDetailListResponseInfoSchema = z.object({
  risk_num: int32Total.optional(),
  risk_list: z.array(BuildCommandRiskDetailResponseInfoSchema).max(2147483647),
});

export const BuildCommandRisksImageResponseInfoSchema = z.object({
  namespace: z.string().max(64).optional(),
  image_digest: z.string().max(128).optional(),
  image_id: z.string().max(128).optional(),
  image_name: z.string().max(128),
  image_version: z.string().max(128).optional(),
  image_type: ImageTypeSchema.optional(),
  image_size: int64NonNegative.optional(),
  latest_scan_time: int64NonNegative.optional(),
  risk_detail_info: BuildCommandRiskDetailListResponseInfoSchema,
});

export const ListImageBuildCommandRisksImagesResponseSchema = z.object({
  total_num: int32Total,
  data_list: z.array(BuildCommandRisksImageResponseInfoSchema).max(200),
});

export const HssErrorSchema = z.object({ error_code: z.string(), error_msg: z.string() });

export const GatewayErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const ErrorResponseSchema = z.union([HssErrorSchema, GatewayErrorSchema]);

/** The 200 body schema of each operation. */
export const responseSchemas = {
  ListImageBuildCommandRisks: ListImageBuildCommandRisksResponseSchema,
  ListImageBuildCommandRisksImages: ListImageBuildCommandRisksImagesResponseSchema,
} as const;

/** Formats a zod issue path as `data_list[3].image_size`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`,
    )
    .join("");
}
