import { describe, expect, it } from "vitest";
import { mapToReadme, typeScriptBlocks } from "./readme.js";

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
