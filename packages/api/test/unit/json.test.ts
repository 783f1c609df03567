import { describe, expect, it } from "vitest";
import { parseJson } from "../../src/json.js";

describe("parseJson", () => {
  it("keeps an integer beyond 2^53 as its exact decimal text, and safe numbers as numbers", () => {
    const max = 2n ** 63n - 1n;
    const text = `{"image_size":${max},"n":[${2n ** 53n + 1n}, ${Number.MAX_SAFE_INTEGER}, 1.5, -3]}`;
    expect(parseJson(text)).toEqual({
      image_size: String(max),
      n: [String(2n ** 53n + 1n), Number.MAX_SAFE_INTEGER, 1.5, -3],
    });
  });

  it("reads a body whose only long digit runs are inside strings as JSON.parse does", () => {
    const text = JSON.stringify({ image_digest: "sha256:12345678901234567890", total_num: 2 });
    expect(parseJson(text)).toEqual(JSON.parse(text));
  });

  it("throws SyntaxError on text that is not JSON, either way", () => {
    expect(() => parseJson("{")).toThrow(SyntaxError);
    expect(() => parseJson(`{"a":12345678901234567890`)).toThrow(SyntaxError);
  });
});
