// Writes findings.schema.json, the JSON Schema of findings.json, from the zod schema the renderer is typed by
// (src/model/records.ts). Run by `pnpm generate` after a build; test/unit/interop.test.ts fails when it drifts.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findingsJsonSchema } from "../dist/model/records.js";

const target = join(dirname(fileURLToPath(import.meta.url)), "..", "findings.schema.json");
writeFileSync(target, `${JSON.stringify(findingsJsonSchema(), null, 2)}\n`);
// As `pnpm format` writes JSON, so that a fresh generate leaves the committed file unchanged.
execFileSync("biome", ["format", "--write", target], { stdio: "ignore" });
console.log(`wrote ${target}`);
