// One whole report run, as a user runs it: the built CLI (`dist/cli.js`) in this process, fetching from the
// emulator, sealing the evidence, building the model and writing the formats asked for. Prints its wall time, CPU
// time and peak RSS when the process exits (module loading included: it is part of the run).
//   HSS_AUTH_TOKEN=... node cli-run.mjs <endpoint> <project> <formats> <out-dir>
import { childResult } from "./lib.mjs";

const [endpoint, project, formats, out] = process.argv.slice(2);
const started = performance.now();
process.on("exit", (code) => {
  if (code === 0) process.stdout.write(`\n${childResult({ formats, ms: performance.now() - started })}\n`);
});
process.argv = [process.argv[0], "cli.js", "--endpoint", endpoint, "--project-id", project, "--format", formats];
process.argv.push("--out", out, "--quiet");
await import("../dist/cli.js");
