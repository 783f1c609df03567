// The TypeScript examples of a README, so that a test can type-check them as a reader would paste them.

export interface CodeBlock {
  /** 1-based line of the README on which the code starts (the line after the opening fence). */
  line: number;
  code: string;
}

/** Every fenced block opened with ```ts or ```typescript (other languages and unlabelled fences are prose). */
export function typeScriptBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: { fence: string; line: number; body: string[]; ts: boolean } | undefined;
  for (const [index, text] of lines.entries()) {
    if (!open) {
      const start = /^ {0,3}(`{3,}|~{3,})\s*([\w-]*)/.exec(text);
      if (start)
        open = { fence: start[1] as string, line: index + 2, body: [], ts: /^(ts|typescript)$/i.test(start[2] ?? "") };
    } else if (text.trim().startsWith(open.fence) && text.trim().replace(/[`~]/g, "") === "") {
      if (open.ts) blocks.push({ line: open.line, code: `${open.body.join("\n")}\n` });
      open = undefined;
    } else {
      open.body.push(text);
    }
  }
  if (open) throw new Error(`README: the code fence opened on line ${open.line - 1} is never closed`);
  return blocks;
}

/** Rewrites `readme-03.ts(5,10)` in compiler output to `README.md:47:10`, given where each block starts. */
export function mapToReadme(output: string, blocks: readonly CodeBlock[]): string {
  return output.replace(/readme-(\d+)\.ts\((\d+),(\d+)\)/g, (whole, n: string, line: string, column: string) => {
    const block = blocks[Number(n) - 1];
    return block ? `README.md:${block.line + Number(line) - 1}:${column}` : whole;
  });
}

export function blockFileName(index: number): string {
  return `readme-${String(index + 1).padStart(2, "0")}.ts`;
}

const PACKAGE = "@hss-reports/api";

/**
 * A README block as a file a reader could compile: a block without its own import gets one for the package's exports
 * it uses, and a block that uses `client` without creating one gets the `HssClient` the earlier examples created.
 * What is added goes after the code (imports and `declare var` are hoisted), so line numbers stay the README's.
 */
export function asModule(code: string, exportedNames: readonly string[]): string {
  const declared = new Set(
    [...code.matchAll(/\b(?:const|let|var|function|class|type|interface)\s+([\w$]+)/g)].map((m) => m[1]),
  );
  const uses = (name: string) => new RegExp(`(?<![\\w$.])${name.replace(/\$/g, "\\$")}(?![\\w$])`).test(code);
  const added: string[] = [];
  if (!code.includes(`"${PACKAGE}"`) && !code.includes(`'${PACKAGE}'`)) {
    const used = exportedNames.filter((name) => uses(name) && !declared.has(name));
    if (used.length > 0) added.push(`import { ${used.join(", ")} } from "${PACKAGE}";`);
  }
  if (uses("client") && !declared.has("client")) added.push(`declare var client: import("${PACKAGE}").HssClient;`);
  added.push("export {};");
  return `${code}${added.join("\n")}\n`;
}

/** The names a package's entry exports: its runtime exports plus the type-only ones listed in its declarations. */
export function exportedNames(runtimeNames: readonly string[], indexDts: string): string[] {
  const names = new Set(runtimeNames);
  for (const [, list] of indexDts.matchAll(/export\s+(?:type\s+)?\{([^}]*)\}/g)) {
    for (const part of (list as string).split(",")) {
      const name = part.trim().split(/\s+/).pop();
      if (name && /^[\w$]+$/.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}
