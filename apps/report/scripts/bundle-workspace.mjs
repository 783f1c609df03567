// prepack: copies the built workspace packages the app imports (@hss-reports/api, @hss-reports/emulator) into
// dist/node_modules, so the packed tarball carries them: they are on no registry. Node finds them there from any
// file under dist/. Only package.json and dist/ of each are copied (their exports point into dist/). The packed
// manifest drops them and lists their third-party dependencies instead (see .pnpmfile.cjs at the workspace root).
// `--clean` (postpack) removes the copies again, so the workspace keeps resolving its live symlinks.
import { cpSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { join } from "node:path";

const SCOPE = "@hss-reports/";
const target = join("dist", "node_modules");
rmSync(target, { recursive: true, force: true });
if (process.argv.includes("--clean")) process.exit(0);

const dependenciesOf = (dir) =>
  Object.keys(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).dependencies ?? {}).filter((name) =>
    name.startsWith(SCOPE),
  );

const pending = dependenciesOf(".");
const copied = new Set();
while (pending.length > 0) {
  const name = pending.pop();
  if (copied.has(name)) continue;
  copied.add(name);
  const source = realpathSync(join("node_modules", name));
  cpSync(join(source, "package.json"), join(target, name, "package.json"));
  cpSync(join(source, "dist"), join(target, name, "dist"), { recursive: true });
  pending.push(...dependenciesOf(source));
}
