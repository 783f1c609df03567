import { defineConfig } from "vitest/config";
import { testProjects } from "../../vitest.shared.js";

export default defineConfig({
  test: {
    projects: testProjects(import.meta.dirname, {
      // Type-level tests (expectTypeOf) of the generated schemas, checked by tsc.
      unit: { typecheck: { enabled: true, include: ["test/unit/**/*.test-d.ts"], tsconfig: "./tsconfig.json" } },
    }),
  },
});
