// evidence.json: the sealed evidence, one API response per line. Compact enough for 100k images, still readable
// and diffable line by line, and valid JSON that `JSON.parse` reads back to the same object.
import type { Evidence } from "../evidence/types.js";

export function* evidenceJsonChunks(evidence: Evidence): Generator<string> {
  const entries = Object.entries(evidence).filter(([, value]) => value !== undefined);
  yield "{\n";
  for (const [index, [key, value]] of entries.entries()) {
    const comma = index < entries.length - 1 ? "," : "";
    if (Array.isArray(value) && value.length > 0) {
      yield `  ${JSON.stringify(key)}: [\n`;
      for (const [i, item] of value.entries()) {
        yield `    ${JSON.stringify(item)}${i < value.length - 1 ? "," : ""}\n`;
      }
      yield `  ]${comma}\n`;
    } else {
      yield `  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}\n`;
    }
  }
  yield "}\n";
}

export function renderEvidenceJson(evidence: Evidence): string {
  return [...evidenceJsonChunks(evidence)].join("");
}
