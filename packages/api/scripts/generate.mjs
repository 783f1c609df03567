// Derives everything the code needs from spec/openapi.yaml, so spec, types and runtime checks cannot drift:
//   src/generated/schema.ts      TypeScript types (openapi-typescript), for openapi-fetch
//   src/generated/operations.ts  each operation's path, method and parameter constraints, as data,
//                                used by the client's pre-flight checks and by the emulator's validation
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString, COMMENT_HEADER } from "openapi-typescript";
import { parse } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const specPath = resolve(here, "../../../spec/openapi.yaml");
// The output directory can be redirected (argument or HSS_API_GENERATED_DIR) so the drift test can regenerate into a
// temporary directory and compare with the committed files.
const outDir = resolve(process.argv[2] ?? process.env.HSS_API_GENERATED_DIR ?? resolve(here, "../src/generated"));
const specText = readFileSync(specPath, "utf8");
const spec = parse(specText);
mkdirSync(outDir, { recursive: true });

const ast = await openapiTS(specText, { exportType: true, alphabetize: false });
writeFileSync(resolve(outDir, "schema.ts"), `${COMMENT_HEADER}${astToString(ast)}`);

/** Follows local `#/components/...` references. */
function deref(node) {
  if (node && typeof node === "object" && typeof node.$ref === "string") {
    const target = node.$ref
      .replace(/^#\//, "")
      .split("/")
      .reduce((acc, key) => acc?.[key], spec);
    if (target === undefined) throw new Error(`Unresolved $ref ${node.$ref}`);
    return deref(target);
  }
  if (Array.isArray(node)) return node.map(deref);
  if (node && typeof node === "object") {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, deref(v)]));
  }
  return node;
}

const operations = {};
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) {
    const parameters = (op.parameters ?? []).map(deref).map((p) => {
      const { name, in: location, required = false, schema } = p;
      const { description: _d, ...constraints } = schema;
      return { name, in: location, required, schema: constraints };
    });
    operations[op.operationId] = { method: method.toUpperCase(), path, parameters };
  }
}

const header = "// Generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit: run `pnpm generate`.\n\n";
writeFileSync(
  resolve(outDir, "operations.ts"),
  `${header}export const operations = ${JSON.stringify(operations, null, 2)} as const;\n\nexport type OperationId = keyof typeof operations;\n`,
);
console.log(`generated ${Object.keys(operations).length} operations from ${specPath}`);
