// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.
// Plain-code checks of each operation's 200 body, as JSON.parse reads it: where one gives a value, it is the value
// the zod schema of zod.ts gives (keys in schema order, unknown keys left out, null in an optional field of a
// component read as absent and counted), in one pass and many times faster. Where one gives undefined, zod decides
// and reports the issues. They may refuse more than zod (an int64 beyond 2^53 is zod's, after a lossless parse).

type Nulls = Record<string, number>;

function tally(nulls: Nulls, key: string): void {
  nulls[key] = (nulls[key] ?? 0) + 1;
}

function checkArray(value: unknown, min: number, max: number, item: (value: unknown) => unknown): unknown[] | undefined {
  if (!Array.isArray(value) || value.length < min || value.length > max) return undefined;
  const out = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const checked = item(value[i]);
    if (checked === undefined) return undefined;
    out[i] = checked;
  }
  return out;
}

function checkImageBuildCommandRiskResponseInfo(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  if (input["risk_id"] === null) tally(nulls, "ImageBuildCommandRiskResponseInfo.risk_id");
  if (input["description"] === null) tally(nulls, "ImageBuildCommandRiskResponseInfo.description");
  if (input["image_type"] === null) tally(nulls, "ImageBuildCommandRiskResponseInfo.image_type");
  if (input["latest_scan_time"] === null) tally(nulls, "ImageBuildCommandRiskResponseInfo.latest_scan_time");
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("rule_id" in input) {
    v = input["rule_id"];
    v = (typeof v === "string" && v.length >= 1 && v.length <= 64 ? v : undefined);
    if (v === undefined) return undefined;
    out["rule_id"] = v;
  } else return undefined;
  if ("risk_id" in input && input["risk_id"] !== null) {
    v = input["risk_id"];
    v = (typeof v === "string" && v.length >= 1 && v.length <= 64 ? v : undefined);
    if (v === undefined) return undefined;
    out["risk_id"] = v;
  }
  if ("risk_name" in input) {
    v = input["risk_name"];
    v = (typeof v === "string" && v.length >= 1 && v.length <= 512 ? v : undefined);
    if (v === undefined) return undefined;
    out["risk_name"] = v;
  } else return undefined;
  if ("risk_level" in input) {
    v = input["risk_level"];
    v = (v === "critical" || v === "high" || v === "medium" || v === "low" ? v : undefined);
    if (v === undefined) return undefined;
    out["risk_level"] = v;
  } else return undefined;
  if ("description" in input && input["description"] !== null) {
    v = input["description"];
    v = (typeof v === "string" && v.length <= 65534 ? v : undefined);
    if (v === undefined) return undefined;
    out["description"] = v;
  }
  if ("image_type" in input && input["image_type"] !== null) {
    v = input["image_type"];
    v = (typeof v === "string" && v.length >= 1 && v.length <= 32 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_type"] = v;
  }
  if ("image_num" in input) {
    v = input["image_num"];
    v = (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483647 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_num"] = v;
  } else return undefined;
  if ("latest_scan_time" in input && input["latest_scan_time"] !== null) {
    v = input["latest_scan_time"];
    v = (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
    if (v === undefined) return undefined;
    out["latest_scan_time"] = v;
  }
  return out;
}

function checkListImageBuildCommandRisksResponse(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("total_num" in input) {
    v = input["total_num"];
    v = (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483547 ? v : undefined);
    if (v === undefined) return undefined;
    out["total_num"] = v;
  } else return undefined;
  if ("data_list" in input) {
    v = input["data_list"];
    v = checkArray(v, 0, 200, (item) => checkImageBuildCommandRiskResponseInfo(item, nulls));
    if (v === undefined) return undefined;
    out["data_list"] = v;
  } else return undefined;
  return out;
}

function checkBuildCommandRiskDetailResponseInfo(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  if (input["remediation"] === null) tally(nulls, "BuildCommandRiskDetailResponseInfo.remediation");
  if (input["build_instruction"] === null) tally(nulls, "BuildCommandRiskDetailResponseInfo.build_instruction");
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("remediation" in input && input["remediation"] !== null) {
    v = input["remediation"];
    v = (typeof v === "string" && v.length <= 65534 ? v : undefined);
    if (v === undefined) return undefined;
    out["remediation"] = v;
  }
  if ("build_instruction" in input && input["build_instruction"] !== null) {
    v = input["build_instruction"];
    v = (typeof v === "string" && v.length <= 256 ? v : undefined);
    if (v === undefined) return undefined;
    out["build_instruction"] = v;
  }
  return out;
}

function checkBuildCommandRiskDetailListResponseInfo(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  if (input["risk_num"] === null) tally(nulls, "BuildCommandRiskDetailListResponseInfo.risk_num");
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("risk_num" in input && input["risk_num"] !== null) {
    v = input["risk_num"];
    v = (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483547 ? v : undefined);
    if (v === undefined) return undefined;
    out["risk_num"] = v;
  }
  if ("risk_list" in input) {
    v = input["risk_list"];
    v = checkArray(v, 0, 2147483647, (item) => checkBuildCommandRiskDetailResponseInfo(item, nulls));
    if (v === undefined) return undefined;
    out["risk_list"] = v;
  } else return undefined;
  return out;
}

function checkBuildCommandRisksImageResponseInfo(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  if (input["namespace"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.namespace");
  if (input["image_digest"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.image_digest");
  if (input["image_id"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.image_id");
  if (input["image_version"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.image_version");
  if (input["image_type"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.image_type");
  if (input["image_size"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.image_size");
  if (input["latest_scan_time"] === null) tally(nulls, "BuildCommandRisksImageResponseInfo.latest_scan_time");
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("namespace" in input && input["namespace"] !== null) {
    v = input["namespace"];
    v = (typeof v === "string" && v.length <= 64 ? v : undefined);
    if (v === undefined) return undefined;
    out["namespace"] = v;
  }
  if ("image_digest" in input && input["image_digest"] !== null) {
    v = input["image_digest"];
    v = (typeof v === "string" && v.length <= 128 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_digest"] = v;
  }
  if ("image_id" in input && input["image_id"] !== null) {
    v = input["image_id"];
    v = (typeof v === "string" && v.length <= 128 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_id"] = v;
  }
  if ("image_name" in input) {
    v = input["image_name"];
    v = (typeof v === "string" && v.length <= 128 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_name"] = v;
  } else return undefined;
  if ("image_version" in input && input["image_version"] !== null) {
    v = input["image_version"];
    v = (typeof v === "string" && v.length <= 128 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_version"] = v;
  }
  if ("image_type" in input && input["image_type"] !== null) {
    v = input["image_type"];
    v = (v === "private_image" || v === "shared_image" || v === "instance_image" || v === "harbor" || v === "jfrog" || v === "cicd" ? v : undefined);
    if (v === undefined) return undefined;
    out["image_type"] = v;
  }
  if ("image_size" in input && input["image_size"] !== null) {
    v = input["image_size"];
    v = (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
    if (v === undefined) return undefined;
    out["image_size"] = v;
  }
  if ("latest_scan_time" in input && input["latest_scan_time"] !== null) {
    v = input["latest_scan_time"];
    v = (typeof v === "number" && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
    if (v === undefined) return undefined;
    out["latest_scan_time"] = v;
  }
  if ("risk_detail_info" in input) {
    v = input["risk_detail_info"];
    v = checkBuildCommandRiskDetailListResponseInfo(v, nulls);
    if (v === undefined) return undefined;
    out["risk_detail_info"] = v;
  } else return undefined;
  return out;
}

function checkListImageBuildCommandRisksImagesResponse(value: unknown, nulls: Nulls): Record<string, unknown> | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const input = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  let v: unknown;
  if ("total_num" in input) {
    v = input["total_num"];
    v = (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 2147483547 ? v : undefined);
    if (v === undefined) return undefined;
    out["total_num"] = v;
  } else return undefined;
  if ("data_list" in input) {
    v = input["data_list"];
    v = checkArray(v, 0, 200, (item) => checkBuildCommandRisksImageResponseInfo(item, nulls));
    if (v === undefined) return undefined;
    out["data_list"] = v;
  } else return undefined;
  return out;
}

/**
 * Each operation's 200 body check: the body zod's schema gives, or undefined (then ask zod). `nulls` tallies the
 * nulls read as absent, as countNulls does; on undefined it is incomplete.
 */
export const responseChecks = {
  ListImageBuildCommandRisks: (v: unknown, nulls: Nulls): unknown => checkListImageBuildCommandRisksResponse(v, nulls),
  ListImageBuildCommandRisksImages: (v: unknown, nulls: Nulls): unknown => checkListImageBuildCommandRisksImagesResponse(v, nulls),
} as const;
