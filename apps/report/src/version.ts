// The tool's name and version, read from the app's package.json so that releases need one edit only.
// `../package.json` resolves the same from src/ (tests) and from dist/ (the built CLI).
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../package.json") as { name: string; version: string; bin: Record<string, string> };

export const TOOL_NAME = "hss-reports";
export const VERSION: string = pkg.version;
export const TOOL = { name: TOOL_NAME, version: VERSION } as const;
/** The installed command's name, the `bin` of the app's package.json. */
export const COMMAND_NAME: string = Object.keys(pkg.bin)[0] ?? "hss-report";
