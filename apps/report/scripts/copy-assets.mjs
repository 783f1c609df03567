// Copies non-TypeScript assets (templates, i18n catalogues) next to the compiled code: into dist/ by default, or
// into the folder given (the bench build compiles src/ into bench/dist/src).
import { cpSync, existsSync } from "node:fs";

const out = process.argv[2] ?? "dist";
for (const dir of ["templates", "i18n"]) {
  if (existsSync(`src/${dir}`)) cpSync(`src/${dir}`, `${out}/${dir}`, { recursive: true });
}
