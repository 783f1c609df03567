import { describe, expect, it } from "vitest";
import { asModule, exportedNames, mapToReadme, typeScriptBlocks } from "../publish/readme.js";

describe("typeScriptBlocks", () => {
  it.each([
    ["a ts block", "# T\n\n```ts\nconst a = 1;\n```\n", [{ line: 4, code: "const a = 1;\n" }]],
    ["typescript, with a title", "```typescript title=x\nlet b;\n```", [{ line: 2, code: "let b;\n" }]],
    ["sh and unlabelled fences are skipped", "```sh\npnpm i\n```\n```\nplain\n```\n", []],
    ["a longer fence holds a shorter one", "````ts\n```\nx;\n````\n", [{ line: 2, code: "```\nx;\n" }]],
    ["tilde fences", "~~~ts\ny;\n~~~\n", [{ line: 2, code: "y;\n" }]],
  ])("%s", (_name, markdown, expected) => {
    expect(typeScriptBlocks(markdown)).toEqual(expected);
  });

  it("fails on a fence that is never closed", () => {
    expect(() => typeScriptBlocks("text\n```ts\nconst a = 1;\n")).toThrow(/line 2 is never closed/);
  });
});

describe("mapToReadme", () => {
  it("points compiler errors at README lines", () => {
    const blocks = [
      { line: 10, code: "" },
      { line: 40, code: "" },
    ];
    expect(mapToReadme("readme-02.ts(3,7): error TS2345: nope", blocks)).toBe("README.md:42:7: error TS2345: nope");
  });
});

describe("asModule", () => {
  const names = ["createHssClient", "HssApiError", "HssPage", "operations"];

  it("keeps a block that imports the package as it is, and makes it a module", () => {
    const code = 'import { createHssClient } from "@hss-reports/api";\nconst client = createHssClient(x);\n';
    expect(asModule(code, names)).toBe(`${code}export {};\n`);
  });

  it("imports what an import-less block uses and gives it the earlier examples' client", () => {
    const code = "for await (const p of client.pages()) {}\nif (e instanceof HssApiError) {}\nlet x: HssPage;\n";
    expect(asModule(code, names)).toBe(
      `${code}import { HssApiError, HssPage } from "@hss-reports/api";\n` +
        'declare var client: import("@hss-reports/api").HssClient;\nexport {};\n',
    );
  });

  it("does not shadow what the block declares itself", () => {
    const code = "const client = createHssClient({});\nconst operations = 1;\n";
    expect(asModule(code, names)).toBe(`${code}import { createHssClient } from "@hss-reports/api";\nexport {};\n`);
  });
});

describe("exportedNames", () => {
  it("joins runtime names with the type-only names of the declarations", () => {
    const dts =
      'export { type A, b, c as D } from "./x.js";\nexport type { E } from "./y.js";\nexport * from "./z.js";\n';
    expect(exportedNames(["b", "z"], dts)).toEqual(["A", "D", "E", "b", "z"]);
  });
});
