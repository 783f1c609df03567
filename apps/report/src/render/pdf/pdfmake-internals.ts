// The one place that reaches into pdfmake's internals. The fast PDF path (engine.ts) wraps three prototype methods:
// - PDFDocument.provideFont(family, bold, italics) -> pdfkit embedded font (we swap its `layoutRun`),
// - PDFDocument.font(src, ...) (pdfkit's; SVG text opens fonts by path, ours live in pdfmake's virtual file system),
// - Renderer.renderLine(line, x, y) (we write plain lines and compact-table rows as one text object).
// None of these is public API, so package.json pins pdfmake to one exact version: a new release is taken only
// deliberately, with the canary test (test/e2e/pdfmake-internals.test.ts) proving these hooks still hold.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** This module's path, named in every canary message. */
export const ADAPTER = "apps/report/src/render/pdf/pdfmake-internals.ts";

/** The installed pdfmake version (from its package.json). */
export const PDFMAKE_VERSION: string = (require("pdfmake/package.json") as { version: string }).version;

/** Thrown when pdfmake no longer has what the fast path relies on. */
export class PdfmakeInternalsError extends Error {
  constructor(what: string) {
    super(`pdfmake ${PDFMAKE_VERSION} changed ${what}; the fast PDF path relies on it: see ${ADAPTER}`);
    this.name = "PdfmakeInternalsError";
  }
}

// biome-ignore lint/suspicious/noExplicitAny: internal pdfmake/pdfkit methods are untyped; engine.ts types the shapes it uses.
type Method = (this: any, ...args: any[]) => any;

interface Hook {
  module: string;
  className: string;
  method: string;
  /** Declared parameter count (Function.length) of the method we wrap. */
  arity: number;
}

const HOOKS = {
  provideFont: { module: "pdfmake/js/PDFDocument.js", className: "PDFDocument", method: "provideFont", arity: 3 },
  font: { module: "pdfmake/js/PDFDocument.js", className: "PDFDocument", method: "font", arity: 3 },
  registerFont: { module: "pdfmake/js/PDFDocument.js", className: "PDFDocument", method: "registerFont", arity: 3 },
  renderLine: { module: "pdfmake/js/Renderer.js", className: "Renderer", method: "renderLine", arity: 3 },
} satisfies Record<string, Hook>;

export type HookName = keyof typeof HOOKS;

function prototypeOf(hook: Hook): Record<string, Method> {
  let exported: { default?: { prototype?: Record<string, Method> } };
  try {
    exported = require(hook.module);
  } catch {
    throw new PdfmakeInternalsError(`the module ${hook.module} (${hook.className} is no longer there)`);
  }
  const proto = exported?.default?.prototype;
  if (!proto) throw new PdfmakeInternalsError(`the default export of ${hook.module} (no ${hook.className} class)`);
  return proto;
}

/** The original method, checked to exist with the expected arity; throws `PdfmakeInternalsError` otherwise. */
export function original(name: HookName): Method {
  const hook: Hook = HOOKS[name];
  const method = prototypeOf(hook)[hook.method];
  if (typeof method !== "function") {
    throw new PdfmakeInternalsError(`${hook.className}.prototype.${hook.method} (no longer a method)`);
  }
  const fn = (method as Method & { [ORIGINAL]?: Method })[ORIGINAL] ?? method;
  if (fn.length !== hook.arity) {
    throw new PdfmakeInternalsError(
      `${hook.className}.prototype.${hook.method} (takes ${fn.length} parameters, expected ${hook.arity})`,
    );
  }
  return fn;
}

const ORIGINAL = Symbol("pdfmake original");

/**
 * Replaces `name` on its prototype by `make(previous)`; `previous` is the method in place before (call it to fall
 * back to pdfmake's own behaviour). Throws `PdfmakeInternalsError` when the method is gone or changed its arity.
 */
export function wrap(name: HookName, make: (previous: Method) => Method): void {
  const hook: Hook = HOOKS[name];
  const first = original(name);
  const proto = prototypeOf(hook);
  const previous = proto[hook.method] as Method;
  const next = make(previous) as Method & { [ORIGINAL]?: Method };
  next[ORIGINAL] = first;
  proto[hook.method] = next;
}
