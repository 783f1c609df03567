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

let buffers: { regular: Buffer; bold: Buffer } | undefined;

/** The font files (OpenType/CFF, about 8 MB each; read once per process). */
export function fontFiles(): { regular: Buffer; bold: Buffer } {
  if (!buffers) {
    const dir = fontDir();
    buffers = {
      regular: readFileSync(join(dir, "NotoSansHans-Regular.otf")),
      bold: readFileSync(join(dir, "NotoSansHans-Bold.otf")),
    };
  }
  return buffers;
}
