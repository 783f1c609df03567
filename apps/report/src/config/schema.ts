// The run schema: every key of the options table (options.ts) with its value schema, all optional. It validates
// the command line, the config file and options from code alike, so `--risk-level extreme` and
// `risk_levels: [extreme]` get the same precise error; `checkRunConfig` is the one place that runs it.
import type { z } from "zod";
import { UsageError } from "../errors.js";
import { formatIssues } from "./issues.js";
import { RUN_OPTIONS } from "./options.js";
import { strict } from "./values.js";

export * from "./values.js";

type Shape = { [K in keyof typeof RUN_OPTIONS]: z.ZodOptional<(typeof RUN_OPTIONS)[K]["schema"]> };

function shapeOf(options: typeof RUN_OPTIONS): Shape {
  return Object.fromEntries(Object.entries(options).map(([key, spec]) => [key, spec.schema.optional()])) as Shape;
}

const camelHint = (key: string): string | undefined => {
  const snake = key.replace(/-/g, "_").replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (snake !== key) return `Did you mean "${snake}"?`;
  if (key === "rule" || key === "risk_level" || key === "image_type") return `Did you mean "${key}s"?`;
  if (["token", "ak", "sk", "password"].includes(key)) return "Secrets never go in the config file; see credentials";
  return undefined;
};

/** Everything a run can be told, all optional: the CLI and the config file each give part of it. */
export const runConfigSchema = strict(shapeOf(RUN_OPTIONS), camelHint);
export type RunConfig = z.infer<typeof runConfigSchema>;

/**
 * Validates `data` with the run schema. Throws a UsageError of one line per problem, each naming where it is
 * (`name` turns a key path into a flag or a config path) and what is allowed, under `header` when given.
 */
export function checkRunConfig(
  data: unknown,
  name: (path: readonly PropertyKey[]) => string,
  header?: string,
): RunConfig {
  const parsed = runConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = formatIssues(parsed.error, name);
  throw new UsageError(header ? `${header}\n${lines.map((l) => `  ${l}`).join("\n")}` : lines.join("\n"));
}
