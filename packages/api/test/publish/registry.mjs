// A throw-away Verdaccio registry for the publish round-trip test, run as a child process so that it can be killed
// whatever state it is in. Usage: node registry.mjs <config.yaml>. Listens on 127.0.0.1 at a free port, prints
// `{"port":N}` on one line once it accepts connections, and exits when its stdin closes (the test ended or died).
import { runServer } from "verdaccio";

const [configPath] = process.argv.slice(2);
if (!configPath) {
  console.error("usage: node registry.mjs <config.yaml>");
  process.exit(2);
}

const server = await runServer(configPath);
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});
server.on("error", (error) => {
  console.error(`registry: ${error.message}`);
  process.exit(1);
});

process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
