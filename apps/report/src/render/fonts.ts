// The Noto Sans Hans font files of @embedpdf/fonts-sc: the PDF embeds them, the HTML embeds a subset of the regular
// weight. Kept apart from the PDF engine so the HTML does not import pdfmake.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

function fontDir(): string {
  // The package exports only its JS entry; the OTF files sit next to `dist/`.
  return join(dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts");
}

export type Weight = "regular" | "bold";

const FILES: Record<Weight, string> = { regular: "NotoSansHans-Regular.otf", bold: "NotoSansHans-Bold.otf" };
const buffers = new Map<Weight, Buffer>();

/** One weight's font file (OpenType/CFF, about 8 MB; read once per process, and only when asked for). */
export function fontFile(weight: Weight): Buffer {
  let buffer = buffers.get(weight);
  if (!buffer) {
    buffer = readFileSync(join(fontDir(), FILES[weight]));
    buffers.set(weight, buffer);
  }
  return buffer;
}
