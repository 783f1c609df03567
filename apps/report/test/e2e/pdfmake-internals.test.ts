// Canary for the pdfmake internals the fast PDF path hooks (see src/render/pdf/pdfmake-internals.ts): when a pdfmake
// release moves, renames or reshapes them, this fails with "pdfmake X.Y changed <what>; ... see <adapter>".
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engine, FAST_FONT, FONT, writePdf } from "../../src/render/pdf/engine.js";
import { type HookName, original, PdfmakeInternalsError, wrap } from "../../src/render/pdf/pdfmake-internals.js";

/** Throws the adapter's message naming `what` unless `ok`. */
function need(ok: boolean, what: string): void {
  if (!ok) throw new PdfmakeInternalsError(what);
}
const isFn = (v: unknown): boolean => typeof v === "function";

describe("pdfmake internals used by the fast PDF path", () => {
  it("has every hooked method, with the arity the adapter expects", () => {
    for (const name of ["provideFont", "font", "registerFont", "renderLine"] as HookName[]) {
      expect(isFn(original(name)), name).toBe(true);
    }
  });

  it("names pdfmake's version, what changed and the adapter in its message", () => {
    const message = new PdfmakeInternalsError("Renderer.prototype.renderLine").message;
    expect(message).toMatch(
      /^pdfmake \d+\.\d+\.\d+ changed Renderer\.prototype\.renderLine; the fast PDF path relies on it: see .*pdfmake-internals\.ts$/,
    );
  });

  it("hands the hooks the objects they rely on, on a tiny document", async () => {
    engine(); // installs the fast path first; the probes below wrap it and see every call
    const fonts: Record<string, unknown>[] = [];
    const lines: { doc: Record<string, unknown>; line: Record<string, unknown> }[] = [];
    const registered: unknown[] = [];
    wrap(
      "provideFont",
      (previous) =>
        function (this: unknown, ...args: unknown[]) {
          const font = previous.apply(this, args);
          fonts.push(font);
          return font;
        },
    );
    wrap(
      "renderLine",
      (previous) =>
        function (this: { pdfDocument: Record<string, unknown> }, ...args: unknown[]) {
          lines.push({ doc: this.pdfDocument, line: args[0] as Record<string, unknown> });
          return previous.apply(this, args);
        },
    );
    wrap(
      "registerFont",
      (previous) =>
        function (this: unknown, ...args: unknown[]) {
          registered.push(args[0]);
          return previous.apply(this, args);
        },
    );
    const words = "canary 金丝雀 check";
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text x="2" y="14" font-family="${FONT}" font-size="10">axis 42</text></svg>`;
    const bytes = await writePdf({
      content: [{ text: words }, { svg, width: 80 }],
      defaultStyle: { font: FAST_FONT, fontSize: 10 },
    });

    need(fonts.length > 0, "PDFDocument.prototype.provideFont (never called while laying out text)");
    for (const font of fonts) {
      need(isFn(font.layoutRun) && "layoutCache" in font, "the embedded font's layoutRun/layoutCache (pdfkit)");
      const fontkit = font.font as Record<string, unknown> | undefined;
      need(isFn(fontkit?.glyphForCodePoint), "the embedded font's fontkit font (font.font.glyphForCodePoint)");
      need(typeof font.scale === "number" && typeof font.ascender === "number", "the embedded font's scale/ascender");
      need(typeof font.id === "string" && isFn(font.ref) && isFn(font.encode), "the embedded font's id/ref/encode");
      const subset = font.subset as Record<string, unknown> | undefined;
      need(
        isFn(subset?.includeGlyph) && Array.isArray(font.widths) && Array.isArray(font.unicode),
        "the embedded font's subset.includeGlyph/widths/unicode",
      );
    }
    need(lines.length > 0, "Renderer.prototype.renderLine (never called for a line of text)");
    for (const { doc, line } of lines) {
      const page = doc.page as Record<string, unknown> | undefined;
      need(
        typeof page?.height === "number" && typeof page.fonts === "object",
        "the renderer's pdfDocument.page (height, fonts)",
      );
      need(
        isFn(doc.addContent) && isFn(doc.fillColor) && isFn(doc.resolveColor) && isFn(doc.provideFont),
        "the renderer's pdfDocument (addContent, fillColor, resolveColor, provideFont)",
      );
      need(isFn(line.getHeight) && isFn(line.getAscenderHeight), "a line's getHeight/getAscenderHeight");
      const inlines = line.inlines as Record<string, unknown>[] | undefined;
      need(Array.isArray(inlines) && inlines.length > 0, "a line's inlines");
      for (const inline of inlines ?? []) {
        need(
          typeof inline.text === "string" &&
            typeof inline.x === "number" &&
            typeof inline.width === "number" &&
            typeof inline.fontSize === "number" &&
            fonts.includes(inline.font as Record<string, unknown>),
          "an inline's text/x/width/fontSize/font (the font from provideFont)",
        );
      }
    }
    need(
      registered.some((name) => typeof name === "string" && name.endsWith(".otf")),
      "PDFDocument.prototype.font for SVG text (our virtual-file-system font was not registered through it)",
    );

    // And the result still reads back: the words through the fast path, the SVG text through pdfkit.
    const path = join(mkdtempSync(join(tmpdir(), "hss-canary-")), "canary.pdf");
    writeFileSync(path, bytes);
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", path, "-"], { encoding: "utf8" });
    need(text.includes(words), `the fast text path's output (pdftotext read ${JSON.stringify(text)})`);
    need(text.includes("axis 42"), `SVG text through PDFDocument.font (pdftotext read ${JSON.stringify(text)})`);
  });
});
