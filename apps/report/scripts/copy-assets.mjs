// Copies non-TypeScript assets (templates, i18n catalogues) next to the compiled code.
import { cpSync, existsSync } from "node:fs";

for (const dir of ["templates", "i18n"]) {
  if (existsSync(`src/${dir}`)) cpSync(`src/${dir}`, `dist/${dir}`, { recursive: true });
}
