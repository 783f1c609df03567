import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type {
  BuildCommandRiskDetailListResponseInfoSchema,
  BuildCommandRiskDetailResponseInfoSchema,
  BuildCommandRisksImageResponseInfoSchema,
  components,
  ErrorResponseSchema,
  GatewayErrorSchema,
  HssErrorSchema,
  ImageBuildCommandRiskResponseInfoSchema,
  ImageTypeSchema,
  ListImageBuildCommandRisksImagesResponseSchema,
  ListImageBuildCommandRisksResponseSchema,
  RiskLevelSchema,
} from "../../src/spec.js";
import type { HssPage, OperationBody } from "../../src/types.js";

type Schemas = components["schemas"];

// If the spec (and so the generated types) or a zod schema changes alone, one of these stops compiling.
describe("zod schemas infer exactly the types generated from the spec", () => {
  it("response bodies", () => {
    expectTypeOf<z.infer<typeof ListImageBuildCommandRisksResponseSchema>>().toEqualTypeOf<
      Schemas["ListImageBuildCommandRisksResponse"]
    >();
    expectTypeOf<z.infer<typeof ImageBuildCommandRiskResponseInfoSchema>>().toEqualTypeOf<
      Schemas["ImageBuildCommandRiskResponseInfo"]
    >();
    expectTypeOf<z.infer<typeof ListImageBuildCommandRisksImagesResponseSchema>>().toEqualTypeOf<
      Schemas["ListImageBuildCommandRisksImagesResponse"]
    >();
    expectTypeOf<z.infer<typeof BuildCommandRisksImageResponseInfoSchema>>().toEqualTypeOf<
      Schemas["BuildCommandRisksImageResponseInfo"]
    >();
    expectTypeOf<z.infer<typeof BuildCommandRiskDetailListResponseInfoSchema>>().toEqualTypeOf<
      Schemas["BuildCommandRiskDetailListResponseInfo"]
    >();
    expectTypeOf<z.infer<typeof BuildCommandRiskDetailResponseInfoSchema>>().toEqualTypeOf<
      Schemas["BuildCommandRiskDetailResponseInfo"]
    >();
    expectTypeOf<z.infer<typeof RiskLevelSchema>>().toEqualTypeOf<Schemas["RiskLevel"]>();
    expectTypeOf<z.infer<typeof ImageTypeSchema>>().toEqualTypeOf<Schemas["ImageType"]>();
  });

  it("error bodies", () => {
    expectTypeOf<z.infer<typeof HssErrorSchema>>().toEqualTypeOf<Schemas["HssError"]>();
    expectTypeOf<z.infer<typeof GatewayErrorSchema>>().toEqualTypeOf<Schemas["GatewayError"]>();
    expectTypeOf<z.infer<typeof ErrorResponseSchema>>().toEqualTypeOf<Schemas["ErrorResponse"]>();
  });

  it("pages carry the generated body types", () => {
    expectTypeOf<HssPage<"ListImageBuildCommandRisksImages">["body"]>().toEqualTypeOf<
      Schemas["ListImageBuildCommandRisksImagesResponse"]
    >();
    expectTypeOf<OperationBody<"ListImageBuildCommandRisks">>().toEqualTypeOf<
      Schemas["ListImageBuildCommandRisksResponse"]
    >();
  });
});
