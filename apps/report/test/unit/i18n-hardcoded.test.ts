// No string of the report is hard-coded in a template or renderer: every word a reader sees comes from
// the catalogues (src/i18n/*.json). A heuristic scan: the text between tags in the handlebars template, and the
// string literals of src/render/** and src/templates/*.js, must hold no English words, except the technical ones
// allowed below (units, protocol names, CSS and HTML syntax). A new hard-coded label fails here.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { APP_DIR } from "../helpers/cli.js";

const SRC = join(APP_DIR, "src");

/** Words that are not prose: syntax, units, identifiers, names of formats and standards. */
const ALLOWED_WORDS = new Set(
  `
  B KB MB GB TB UTC ID X-Request-Id sha256 PDF pdfmake HTML CSV JSON
  thead tbody th tr td button Enter
  BT ET Tf Tj TJ Tm Td cm re f q Q
  `
    .split(/\s+/)
    .filter(Boolean),
);

/** Literals that no reader sees: a symbol's description, a programming error's message. */
const ALLOWED_LITERALS: Record<string, string[]> = {
  "render/pdf/engine.ts": ["hss-reports fast text"],
  // The pdfmake adapter's errors are for the developer upgrading pdfmake, never in a report.
  "render/pdf/pdfmake-internals.ts": [
    "; the fast PDF path relies on it: see ",
    "Renderer",
    "the module ",
    " is no longer there)",
    "the default export of ",
    " (no longer a method)",
    " parameters, expected ",
    "pdfmake original",
  ],
  // The page script lost the placeholder its escapes are written into, or the head is not renderHtml's: a
  // developer's mistake, caught at load; a CSP directive and the page boxes' CSS font.
  "render/html/render.ts": [
    "report.js has lost its ",
    "renderHtmlWithFonts: the page head is not the one renderHtml writes",
    "font-src data:",
    'font: 8pt system-ui, "',
  ],
  // The embedded font's CSS family name.
  "render/html/cjk-font.ts": ["HSS Report CJK"],
  "render/summary-md.ts": [" must be written after "],
};

const escaped = (c: string | undefined): string => (c === "n" ? "\n" : c === "t" ? "\t" : (c ?? ""));

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && pattern.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** String literals and the static parts of template literals, comments removed (a small tokenizer). */
function stringLiterals(source: string): string[] {
  const out: string[] = [];
  let i = 0;
  const templateStack: number[] = [];
  let current = "";
  while (i < source.length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (c === "/" && next === "/") {
      i = source.indexOf("\n", i);
      if (i < 0) break;
      continue;
    }
    if (c === "/" && next === "*") {
      i = source.indexOf("*/", i + 2) + 2;
      if (i < 2) break;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let text = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\") {
          text += escaped(source[j + 1]);
          j += 2;
        } else text += source[j++];
      }
      out.push(text);
      i = j + 1;
      continue;
    }
    if (c === "`" || (c === "}" && templateStack.length > 0 && templateStack[templateStack.length - 1] === 0)) {
      if (c === "}") templateStack.pop();
      // Inside a template literal until ` or ${.
      let j = i + 1;
      current = "";
      while (j < source.length && source[j] !== "`" && !(source[j] === "$" && source[j + 1] === "{")) {
        if (source[j] === "\\") {
          current += escaped(source[j + 1]);
          j += 2;
        } else current += source[j++];
      }
      out.push(current);
      if (source[j] === "$") {
        templateStack.push(0);
        i = j + 2;
      } else i = j + 1;
      continue;
    }
    const depth = templateStack.length - 1;
    if (depth >= 0) {
      if (c === "{") templateStack[depth] = (templateStack[depth] ?? 0) + 1;
      if (c === "}") templateStack[depth] = (templateStack[depth] ?? 0) - 1;
    }
    // A regex literal is skipped roughly: after ( , = : [ ! & | ? { } ; or return.
    if (c === "/" && /[(,=:[!&|?{};]\s*$|return\s*$/.test(source.slice(Math.max(0, i - 10), i))) {
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== "\n") {
        if (source[j] === "/" && !inClass) break;
        if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        j += source[j] === "\\" ? 2 : 1;
      }
      i = j + 1;
      continue;
    }
    i++;
  }
  return out;
}

/** Prose in a literal: words of 2+ letters, outside markup, CSS and identifiers, that are not allowed. */
function proseWords(text: string): string[] {
  const stripped = text
    .replace(/<\/?[a-z][^>]*>?/gi, " ") // tags and their attributes, also a tag cut by a ${...}
    .replace(/[\w-]+=(?:"[^"]*"?|[^\s>]*)/g, " ") // attributes
    .replace(/^[^<]*>/, " ") // the end of a tag opened before a ${...}
    .replace(/[.#][A-Za-z][\w-]*/g, " ") // CSS class and id selectors
    .replace(/&[a-z]+;/g, " ")
    .replace(/\b[\w-]+\s*:\s*[^;]*;/g, " "); // CSS declarations
  const words = stripped.match(/[A-Za-z][A-Za-z-]+/g) ?? [];
  // Prose has a space between words; a single token is an identifier, key, class or format name.
  if (!/[A-Za-z]{2,}[,.]?\s+[A-Za-z]{2,}/.test(stripped) && !/^[A-Z][a-z]+$/.test(stripped.trim())) return [];
  return words.filter((w) => !ALLOWED_WORDS.has(w));
}

describe("no report text hard-coded outside the catalogues", () => {
  it("the handlebars template has no text of its own between tags or in labelling attributes", () => {
    const file = join(SRC, "templates", "report.html.hbs");
    const template = readFileSync(file, "utf8");
    const noMustache = template.replace(/\{\{[^}]*\}\}/g, " ");
    const between = noMustache
      .replace(/<!DOCTYPE[^>]*>/i, " ")
      .replace(/<[^>]*>/g, "\n")
      .split("\n")
      .map((s) => s.trim())
      .filter((s) => /[A-Za-z]{2,}/.test(s));
    expect(between).toEqual([]);
    const labels = [
      ...template.matchAll(/\b(?:aria-label|title|placeholder|alt|data-tpl(?:-[a-z]+)?)="(\{\{[^}]*\}\}|[^"]*)"/g),
    ].map((m) => m[1]);
    expect(labels.length).toBeGreaterThan(2);
    for (const value of labels) expect(value).toMatch(/^\{\{t "[\w.]+"\}\}$/);
  });

  it("the renderers and the page script have no prose in their string literals", () => {
    const sources = [...files(join(SRC, "render"), /\.ts$/), ...files(join(SRC, "templates"), /\.js$/)].filter(
      (f) => !f.endsWith(".d.ts"),
    );
    expect(sources.length).toBeGreaterThan(5);
    const hits: string[] = [];
    for (const file of sources) {
      const name = relative(SRC, file);
      for (const literal of stringLiterals(readFileSync(file, "utf8"))) {
        if (ALLOWED_LITERALS[name]?.includes(literal)) continue;
        const words = proseWords(literal);
        if (words.length > 0) hits.push(`${relative(SRC, file)}: ${JSON.stringify(literal.slice(0, 80))}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it("the scan finds a hard-coded label when there is one", () => {
    expect(stringLiterals('const a = m.t("x"); const b = `<th>Affected images</th>`;').flatMap(proseWords)).toEqual([
      "Affected",
      "images",
    ]);
    expect(stringLiterals('html += "<i>Missing USER</i>";').flatMap(proseWords)).toEqual(["Missing", "USER"]);
    expect(proseWords("Scope")).toEqual(["Scope"]);
    expect(stringLiterals("const re = /a b/g; const c = 'k-img n';").flatMap(proseWords)).toEqual([]);
  });
});
