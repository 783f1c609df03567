// Packing `@hss-reports/report` (the installable `hss-report` command): its workspace dependencies are on no
// registry, so they travel inside its tarball (copied to dist/node_modules by the app's prepack step, where Node's
// module resolution finds them). The packed manifest therefore drops them and takes over their own third-party
// dependencies, which npm then installs from the registry. pnpm's bundleDependencies would need the hoisted
// node linker for the whole workspace; this hook changes only what goes into that one tarball.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const WORKSPACE_SCOPE = "@hss-reports/";

function beforePacking(manifest, dir) {
  if (manifest.name !== "@hss-reports/report") return manifest;
  const dependencies = { ...manifest.dependencies };
  const pending = Object.keys(dependencies).filter((name) => name.startsWith(WORKSPACE_SCOPE));
  const seen = new Set();
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    seen.add(name);
    delete dependencies[name];
    const bundled = JSON.parse(readFileSync(join(dir, "node_modules", name, "package.json"), "utf8"));
    for (const [dep, range] of Object.entries(bundled.dependencies ?? {})) {
      if (dep.startsWith(WORKSPACE_SCOPE)) pending.push(dep);
      else if (dependencies[dep] === undefined) {
        if (/^(workspace|catalog):/.test(range)) {
          throw new Error(`${name} depends on ${dep}@${range}: add ${dep} to @hss-reports/report's dependencies`);
        }
        dependencies[dep] = range;
      }
    }
  }
  return { ...manifest, dependencies };
}

module.exports = { hooks: { beforePacking } };
