// The findings as flat records, one per (scope, rule, image): the stable contract for scripts (findings.json) and
// the walk every per-finding format shares (CSV, SARIF, JUnit), so they list the same findings in the same order.
// The zod schema is the source of both the TypeScript type and the committed JSON Schema (findings.schema.json).
import { z } from "zod";
import { imageReference } from "./keys.js";
import { isWaived } from "./summary.js";
import {
  type DimensionDifference,
  type Finding,
  type Image,
  type Report,
  RISK_LEVELS,
  type Rule,
  type RuleSection,
} from "./types.js";

/** Bumped on any change a reader could notice: major when a field goes or changes meaning, minor when one is added. */
export const FINDINGS_SCHEMA_VERSION = "1.3.0";

const level = z.enum(RISK_LEVELS as ["critical", "high", "medium", "low"]).describe("HSS risk level (risk_level)");
const instant = z.iso.datetime().describe("ISO 8601, UTC");

export const findingRecordSchema = z
  .object({
    id: z.string().describe("Stable identity of the finding across runs: scope, image source, rule id and image id"),
    scope: z.string().describe("Where it was read: region/project (with enterprise project or endpoint when given)"),
    image_kind: z.enum(["cicd", "registry"]).describe("Image source as the API's image_type query groups it"),
    rule: z.object({
      id: z.string().describe("rule_id as HSS lists it"),
      name: z.string().describe("risk_name, in the run's language"),
      level,
      description: z.string().describe("risk_description"),
    }),
    image: z.object({
      reference: z.string().describe("namespace/name:version"),
      namespace: z.string(),
      name: z.string(),
      version: z.string(),
      digest: z.string().describe("image_digest, sha256:<hex> (empty when HSS gives none)"),
      image_id: z.string(),
      type: z
        .string()
        .describe("The API's image_type: private_image, shared_image, instance_image, harbor, jfrog, cicd"),
      size_bytes: z
        .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)])
        .optional()
        .describe("image_size in bytes; beyond 2^53 its exact decimal text"),
      last_scan: instant.optional().describe("latest_scan_time, ISO 8601 UTC"),
    }),
    instructions: z
      .array(
        z.object({
          instruction: z
            .string()
            .nullable()
            .describe(
              "The risky build instruction as the evidence holds it; null when the risk is a missing one (no USER)",
            ),
          remediation: z.string(),
        }),
      )
      .describe("The risky instructions HSS found, in its order"),
    remediations: z.array(z.string()).describe("Distinct remediation texts of the instructions, in first-seen order"),
    change: z
      .enum(["new", "unchanged"])
      .optional()
      .describe(
        "Compared with the previous run or baseline; absent when there was nothing to compare with, or when the finding lies outside what both runs read (see not_compared)",
      ),
    waived: z.boolean().describe("True when a waiver that has not expired covers it: then it counts for no gate"),
    waiver: z
      .object({
        reason: z.string(),
        approver: z.string(),
        expires: z.iso.date().describe("YYYY-MM-DD; the waiver stops counting from that day on"),
        expired: z.boolean(),
        ticket: z.string().optional().describe("The change or audit ticket that approved it"),
      })
      .optional()
      .describe("The waiver that matched it, expired or not"),
    first_seen: instant.describe(
      "When the finding was first seen: the first run of the history folder it has been in ever since (gone and back starts again); outside a history folder, this run's data time",
    ),
    age_days: z.number().int().nonnegative().describe("Whole days from first_seen to data_time"),
    due: instant.describe("When the level's SLA runs out: first_seen + sla_days of the level"),
    overdue: z.boolean().describe("data_time is past due (counted unless a waiver in force covers the finding)"),
  })
  .describe("One finding: one image built with instructions that break one rule, in one scope");

export const findingsFileSchema = z
  .object({
    schema_version: z.literal(FINDINGS_SCHEMA_VERSION).describe("Version of this format (semver)"),
    tool: z.object({ name: z.string(), version: z.string() }),
    report_id: z.string().describe("Id of the report: the same evidence gives the same id"),
    data_time: instant.describe("When the data was read from HSS"),
    evidence_sha256: z.string().describe("sha256 of the sealed evidence.json this was built from"),
    demo: z.boolean().describe("True for the emulator's demo data"),
    partial: z.boolean().describe("True when some scopes could not be read (allow_partial)"),
    unmasked_secrets: z
      .string()
      .optional()
      .describe(
        "Set when the run had --reveal-secrets: the file holds the secret values found in build instructions, unmasked; says so in the report's language (since 1.3.0)",
      ),
    fail_on: level.optional().describe("The --fail-on level of the run, when it had one"),
    gate: z
      .object({
        fail_on: level.describe("The --fail-on level"),
        passed: z.boolean().describe("True when no unwaived finding is at or above fail_on"),
        findings: z.number().int().nonnegative().describe("Unwaived findings at or above fail_on"),
        worst_level: level.optional().describe("Highest level with an unwaived finding; absent when there is none"),
      })
      .optional()
      .describe("The --fail-on verdict, when the run had a --fail-on level (since 1.2.0)"),
    not_compared: z
      .array(
        z.object({
          dimension: z.enum(["scopes", "image_types", "risk_levels", "rule_ids"]),
          compared: z.array(z.string()).describe("What both runs read: changes cover these only"),
          this_run_only: z.array(z.string()).describe("What only this run read: its findings there have no change"),
          baseline_only: z
            .array(z.string())
            .describe("What only the baseline read: its findings there are not resolved"),
        }),
      )
      .optional()
      .describe(
        "Set when this run and its baseline read different scopes, image types, risk levels or rules: each dimension that differs (since 1.1.0)",
      ),
    findings: z.array(findingRecordSchema),
  })
  .describe("hss-reports findings.json: every finding of one report as a record, for scripts and other tools");

export type FindingRecord = z.infer<typeof findingRecordSchema>;
export type FindingsFile = z.infer<typeof findingsFileSchema>;

type NotCompared = NonNullable<FindingsFile["not_compared"]>[number];

const DIMENSION_NAMES: Record<DimensionDifference["dimension"], NotCompared["dimension"]> = {
  scopes: "scopes",
  imageTypes: "image_types",
  riskLevels: "risk_levels",
  ruleIds: "rule_ids",
};

/** A dimension in which a run and its baseline differ, as findings.json names it. */
export const notComparedRecord = (d: DimensionDifference): NotCompared => ({
  dimension: DIMENSION_NAMES[d.dimension],
  compared: d.compared,
  this_run_only: d.currentOnly,
  baseline_only: d.baselineOnly,
});

/** The JSON Schema (draft 2020-12) committed as findings.schema.json; `pnpm generate` rewrites it. */
export function findingsJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(findingsFileSchema, { target: "draft-2020-12" });
  return { $schema, title: "hss-reports findings.json", ...rest };
}

/** The model's facts that every per-finding format needs, looked up once. */
export interface FindingView {
  finding: Finding;
  rule: Rule;
  image: Image;
  record: FindingRecord;
}

/** ISO 8601, or undefined (shown as "—") for a time outside what a Date holds (±8.64e15 ms, ECMA-262 21.4.1.1). */
const isoTime = (ms: number | undefined): string | undefined => {
  const date = ms === undefined ? undefined : new Date(ms);
  return date === undefined || Number.isNaN(date.getTime()) ? undefined : date.toISOString();
};

/** Every finding in report order (sections by level, then images by name): one walk for every format. */
export function* findingViews(report: Report): Generator<FindingView> {
  for (const section of report.sections) yield* sectionViews(report, section);
}

/** The findings of one rule section, in its order. */
export function* sectionViews(report: Report, section: RuleSection): Generator<FindingView> {
  for (const finding of section.findings) {
    // The listing the finding comes from: its scope and image kind.
    const rule = report.rules.get(finding.ruleKey);
    const image = report.images.get(finding.imageKey);
    if (!rule || !image) continue;
    yield { finding, rule, image, record: toRecord(report, rule, image, finding) };
  }
}

function toRecord(report: Report, rule: Rule, image: Image, finding: Finding): FindingRecord {
  const instructions = finding.instructions.map((i) => ({
    instruction: i.instruction === "--" ? null : i.instruction,
    remediation: report.remediations[i.remediation] ?? "",
  }));
  const lastScan = isoTime(image.latestScanTime);
  const { waiver } = finding;
  return {
    id: finding.key,
    scope: rule.scopeId,
    image_kind: rule.imageKind,
    rule: { id: rule.ruleId, name: rule.name, level: finding.level, description: rule.description },
    image: {
      reference: imageReference(image),
      namespace: image.namespace,
      name: image.name,
      version: image.version,
      digest: image.digest,
      image_id: image.imageId,
      type: image.type,
      ...(image.size !== undefined ? { size_bytes: image.size } : {}),
      ...(lastScan ? { last_scan: lastScan } : {}),
    },
    instructions,
    remediations: [...new Set(instructions.map((i) => i.remediation).filter(Boolean))],
    ...(finding.change ? { change: finding.change } : {}),
    waived: isWaived(finding),
    ...(waiver
      ? {
          waiver: {
            reason: waiver.reason,
            approver: waiver.approver,
            expires: waiver.expires,
            expired: waiver.expired,
            ...(waiver.ticket ? { ticket: waiver.ticket } : {}),
          },
        }
      : {}),
    first_seen: finding.firstSeen,
    age_days: finding.ageDays,
    due: finding.due,
    overdue: finding.overdue,
  };
}
