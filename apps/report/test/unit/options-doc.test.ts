// The README's option list is the options table's: adding an option without `pnpm docs` fails here.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DOCS_END, DOCS_START, withOptionsMarkdown } from "../../src/cli/docs.js";
import { COMMAND_FLAGS, RUN_OPTIONS } from "../../src/config/options.js";

const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");

describe("README option list", () => {
  it("is the one written from the options table", () => {
    expect(readme, "run `pnpm --filter @hss-reports/report build options-doc`").toBe(withOptionsMarkdown(readme));
  });

  it("names every flag and config key of the table", () => {
    const block = readme.slice(readme.indexOf(DOCS_START), readme.indexOf(DOCS_END));
    for (const [key, spec] of Object.entries(RUN_OPTIONS)) {
      expect(block).toContain(`\`${key}\``);
      if ("flag" in spec) expect(block).toContain(`\`${spec.flag}\``);
    }
    for (const flag of COMMAND_FLAGS) expect(block).toContain(`\`${flag.flag}\``);
  });
});
