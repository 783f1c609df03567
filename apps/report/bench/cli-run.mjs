// One whole report run, as a user runs it: the built CLI (`dist/cli.js`) in this process, fetching from the
// emulator, sealing the evidence, building the model and writing the formats asked for; or re-rendering a saved
// evidence.json (`render --from`). Prints its wall time, CPU time and peak RSS when the process exits (module
// loading included: it is part of the run).
//   HSS_AUTH_TOKEN=... node cli-run.mjs <endpoint> <project> <formats> <out-dir>
//   node cli-run.mjs --from <evidence.json> <formats> <out-dir>
import { childResult } from "./lib.mjs";

const [first, second, formats, out] = process.argv.slice(2);
const started = performance.now();
process.on("exit", (code) => {
  if (code === 0) process.stdout.write(`\n${childResult({ formats, ms: performance.now() - started })}\n`);
});
const source = first === "--from" ? ["render", "--from", second] : ["--endpoint", first, "--project-id", second];
process.argv = [process.argv[0], "cli.js", ...source, "--format", formats, "--out", out, "--quiet"];
await import("../dist/cli.js");
