// The test projects of every package (TESTING.md): a test's kind is the folder it lives in, test/<kind>/.
// No imports from vitest here: this file sits outside the packages, and each package's config type-checks the result.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Per-test and per-hook timeout of each kind, in ms: a guard against a hang, never a speed assertion. */
const TIMEOUTS = { unit: 60_000, e2e: 120_000, browser: 120_000, publish: 300_000 } as const;

export type TestKind = keyof typeof TIMEOUTS;

/**
 * The order vitest runs the projects in, each group apart (and projects with different maxWorkers must be): unit
 * first, so it fails fast; browser last, once `pnpm test`'s other tasks (the other packages' tests, type checks,
 * lint) are likely over, so Chromium's layout checks do not share two cores with them.
 */
const GROUP_ORDER: Record<TestKind, number> = { unit: 0, e2e: 1, publish: 1, browser: 2 };

const ROOT = fileURLToPath(new URL(".", import.meta.url));

/**
 * Import aliases from each workspace package's public entry points (`exports` of its package.json, `./dist/x.js`)
 * to its sources (`src/x.ts`), so unit tests run without a build.
 */
function sourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const name of readdirSync(join(ROOT, "packages"))) {
    const dir = join(ROOT, "packages", name);
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
      name: string;
      exports?: Record<string, string | { default?: string }>;
    };
    for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
      const file = typeof target === "string" ? target : target.default;
      const built = file && /^\.\/dist\/(.+)\.js$/.exec(file);
      if (!built?.[1]) continue;
      const specifier = pkg.name + subpath.slice(1);
      aliases.push({
        find: new RegExp(`^${specifier.replace(/[/.]/g, "\\$&")}$`),
        replacement: join(dir, "src", `${built[1]}.ts`),
      });
    }
  }
  return aliases;
}

/**
 * `test.projects` for the package at `packageDir`: one project per `test/<kind>/` folder it has, named by the kind
 * (`vitest run --project unit`). `extra` adds test options to a kind's project.
 */
export function testProjects(packageDir: string, extra: Partial<Record<TestKind, Record<string, unknown>>> = {}) {
  const kinds = Object.keys(TIMEOUTS) as TestKind[];
  // A test file outside the kind folders would silently never run.
  const stray = readdirSync(join(packageDir, "test"), { recursive: true, encoding: "utf8" }).filter(
    (file) => /\.test(-d)?\.ts$/.test(file) && !kinds.some((kind) => file.startsWith(`${kind}/`)),
  );
  if (stray.length > 0) {
    throw new Error(`${stray.map((f) => `test/${f}`).join(", ")}: move under test/${kinds.join("|")}/ (TESTING.md)`);
  }
  return kinds
    .filter((kind) => existsSync(join(packageDir, "test", kind)))
    .map((kind) => ({
      extends: true as const,
      ...(kind === "unit" ? { resolve: { alias: sourceAliases() } } : {}),
      test: {
        name: kind,
        // Unit test files share a worker's module cache (none changes global state): imports once, not per file.
        isolate: kind !== "unit",
        // Unit tests mostly wait on loopback sockets and timers: a worker per core (vitest's default leaves one
        // core out, so a 2-core machine ran them one file at a time). Chromium uses several cores by itself: one
        // browser file at a time on any machine, never beside a CLI run of this package's other files.
        ...(kind === "unit" ? { maxWorkers: availableParallelism() } : kind === "browser" ? { maxWorkers: 1 } : {}),
        sequence: { groupOrder: GROUP_ORDER[kind] },
        include: [`test/${kind}/**/*.test.ts`],
        testTimeout: TIMEOUTS[kind],
        hookTimeout: TIMEOUTS[kind],
        ...extra[kind],
      },
    }));
}
