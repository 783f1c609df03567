// Rewrites the option list of README.md from the options table (run after `pnpm build`).
import { readFile, writeFile } from "node:fs/promises";
import { withOptionsMarkdown } from "../dist/cli/docs.js";

const file = new URL("../README.md", import.meta.url);
await writeFile(file, withOptionsMarkdown(await readFile(file, "utf8")));
