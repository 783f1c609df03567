// The package as other teams get it: packed by pnpm, published to a registry (a throw-away Verdaccio on loopback),
// installed with npm into a fresh project outside the workspace, type-checked with tsc and run with node.
import { existsSync, readFileSync } from "node:fs";
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, type Registry, run, startRegistry } from "./harness.js";
import { asModule, blockFileName, exportedNames, mapToReadme, typeScriptBlocks } from "./readme.js";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const workspaceRoot = fileURLToPath(new URL("../../../..", import.meta.url));
const fixtures = fileURLToPath(new URL("./consumer", import.meta.url));
const tsc = createRequire(join(apiDir, "package.json")).resolve("typescript/bin/tsc");
/** The dependencies the workspace's package.json declares: exactly those are published (versions resolved). */
const runtimeDependencies = Object.keys(
  (JSON.parse(readFileSync(join(apiDir, "package.json"), "utf8")) as { dependencies: Record<string, string> })
    .dependencies,
).sort();
const MINUTE = 60_000;

// The emulator is taken from its source rather than as a devDependency: it depends on this package, and a
// dependency back would make a cycle in the workspace graph. Typed here with just what the test uses.
interface Emulator {
  url: string;
  projectId: string;
  ak: string;
  sk: string;
  dataset: { rules(projectId: string, imageType: "cicd" | "registry"): { rule_id: string; image_num: number }[] };
  close(): Promise<void>;
}
type StartEmulator = (options: {
  images?: number;
  seed?: string;
  faults?: Record<string, unknown>;
  log?: boolean;
}) => Promise<Emulator>;
const emulatorEntry = new URL("../../../emulator/src/index.ts", import.meta.url).href;
const startEmulator = async (...args: Parameters<StartEmulator>) =>
  ((await import(emulatorEntry)) as { startEmulator: StartEmulator }).startEmulator(...args);
/** The second images request fails once with a 503, which the installed client must retry. */
const FAULTS = { serverError: { nth: 2, endpoint: "images", status: 503 } };

let work: string;
let registry: Registry | undefined;
let emulator: Emulator | undefined;
let version: string;
let tarball: string;
let consumer: string;

beforeAll(async () => {
  if (!existsSync(join(apiDir, "dist/index.js")) || !existsSync(join(apiDir, "dist/index.d.ts"))) {
    throw new Error(`${apiDir}dist is missing: build the package first (pnpm --filter @hss-reports/api build)`);
  }
  version = (JSON.parse(await readFile(join(apiDir, "package.json"), "utf8")) as { version: string }).version;
  work = await mkdtemp(join(tmpdir(), "hss-api-publish-"));
  registry = await startRegistry(await mkdirp(join(work, "registry")));
}, 2 * MINUTE);

afterAll(async () => {
  await registry?.stop();
  await emulator?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** npm with a cache of this run only: nothing installed comes from an earlier run's registry on the same port. */
function npmEnv(): NodeJS.ProcessEnv {
  return cleanEnv({ npm_config_cache: join(work, "npm-cache") });
}

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

describe("publish round-trip of @hss-reports/api", { timeout: 5 * MINUTE }, () => {
  it("packs with pnpm: dist and declarations in, tests out, no workspace protocols left", async () => {
    const packDir = await mkdirp(join(work, "pack"));
    await run("pnpm", ["pack", "--pack-destination", packDir], { cwd: apiDir, timeoutMs: 3 * MINUTE });
    const [file, ...others] = (await readdir(packDir)).filter((name) => name.endsWith(".tgz"));
    expect(others).toEqual([]);
    tarball = join(packDir, file as string);

    const files = (await run("tar", ["-tzf", tarball], { cwd: work, timeoutMs: MINUTE })).split("\n").filter(Boolean);
    expect(files).toEqual(
      expect.arrayContaining([
        "package/package.json",
        "package/README.md",
        "package/examples/token.ts",
        "package/dist/index.js",
        "package/dist/index.d.ts",
      ]),
    );
    expect(files.filter((f) => /^package\/(test|scripts|node_modules)\//.test(f) || f.endsWith(".test.ts"))).toEqual(
      [],
    );

    const manifest = await run("tar", ["-xzOf", tarball, "package/package.json"], { cwd: work, timeoutMs: MINUTE });
    expect(manifest).not.toMatch(/"(workspace|catalog):/);
    const pkg = JSON.parse(manifest) as { name: string; version: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: "@hss-reports/api", version });
    expect(Object.keys(pkg.dependencies).sort()).toEqual(runtimeDependencies);
  });

  it("publishes to the registry, which then serves it only to an authenticated user", async () => {
    if (!registry) throw new Error("no registry");
    const npmrc = join(work, "publisher.npmrc");
    await writeFile(npmrc, registry.npmrc);
    await run("npm", ["publish", tarball, "--userconfig", npmrc, "--tag", "latest"], {
      cwd: work,
      env: npmEnv(),
      timeoutMs: 2 * MINUTE,
    });
    const shown = await run("npm", ["view", "@hss-reports/api", "version", "--userconfig", npmrc], {
      cwd: work,
      env: npmEnv(),
      timeoutMs: MINUTE,
    });
    expect(shown.trim()).toBe(version);
    const anonymous = await fetch(new URL("@hss-reports%2fapi", registry.url), { signal: AbortSignal.timeout(10_000) });
    expect(anonymous.status).toBe(401);
  });

  it("installs with npm into a fresh project outside the workspace", async () => {
    if (!registry) throw new Error("no registry");
    consumer = await mkdirp(join(work, "consumer"));
    expect(relative(workspaceRoot, consumer).startsWith("..")).toBe(true);
    await writeFile(
      join(consumer, "package.json"),
      `${JSON.stringify({ name: "consumer", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    );
    await writeFile(join(consumer, ".npmrc"), registry.npmrc);
    for (const name of ["usage.ts", "tsconfig.json"]) await copyFile(join(fixtures, name), join(consumer, name));
    await run("npm", ["install", "--no-audit", "--no-fund", `@hss-reports/api@${version}`, "@types/node@^20.19.0"], {
      cwd: consumer,
      env: npmEnv(),
      timeoutMs: 4 * MINUTE,
    });
    const installed = JSON.parse(
      await readFile(join(consumer, "node_modules/@hss-reports/api/package.json"), "utf8"),
    ) as { version: string };
    expect(installed.version).toBe(version);
    for (const dep of runtimeDependencies) expect(existsSync(join(consumer, "node_modules", dep))).toBe(true);
  });

  it("type-checks the usage file with tsc: NodeNext without skipLibCheck, then bundler resolution", async () => {
    await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: consumer, timeoutMs: 3 * MINUTE });
    await run(
      process.execPath,
      [
        tsc,
        "-p",
        "tsconfig.json",
        "--noEmit",
        "--skipLibCheck",
        "--module",
        "preserve",
        "--moduleResolution",
        "bundler",
      ],
      { cwd: consumer, timeoutMs: 3 * MINUTE },
    );
  });

  it("rejects a consumer type error, so the check above can fail", async () => {
    await writeFile(
      join(consumer, "broken.ts"),
      'import { signRequest } from "@hss-reports/api/signer";\nsignRequest({ method: "GET" }, { ak: "AK" });\n',
    );
    await writeFile(
      join(consumer, "tsconfig.broken.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noEmit: true, skipLibCheck: true },
        include: ["broken.ts"],
      }),
    );
    await expect(
      run(process.execPath, [tsc, "-p", "tsconfig.broken.json"], { cwd: consumer, timeoutMs: 3 * MINUTE }),
    ).rejects.toThrow(/broken\.ts\(2,\d+\): error TS(2345|2741|2554)/);
  });

  it("type-checks every TypeScript example of the published README, as a reader pastes it, and its examples/", async () => {
    const installed = join(consumer, "node_modules/@hss-reports/api");
    const blocks = typeScriptBlocks(await readFile(join(installed, "README.md"), "utf8"));
    expect(blocks.length).toBeGreaterThan(0);
    const runtime = Object.keys(await import(pathToFileURL(join(installed, "dist/index.js")).href));
    const names = exportedNames(runtime, await readFile(join(installed, "dist/index.d.ts"), "utf8"));
    expect(names).toContain("createHssClient");
    for (const [index, block] of blocks.entries()) {
      await writeFile(join(consumer, blockFileName(index)), asModule(block.code, names));
    }
    // The README links its examples/ files, which ship with it: they must compile in a consumer's project too.
    await cp(join(installed, "examples"), join(consumer, "examples"), { recursive: true });
    await writeFile(
      join(consumer, "tsconfig.readme.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noEmit: true, skipLibCheck: true },
        include: ["readme-*.ts", "examples/*.ts"],
      }),
    );
    await run(process.execPath, [tsc, "-p", "tsconfig.readme.json"], { cwd: consumer, timeoutMs: 3 * MINUTE }).catch(
      (error: Error) => {
        throw new Error(`a README example does not type-check:\n${mapToReadme(error.message, blocks)}`);
      },
    );
  });

  it("loads from CommonJS too, through require(esm) of Node.js 20.19+ (so no CJS build is shipped)", async () => {
    await writeFile(
      join(consumer, "require.cjs"),
      'const { signRequest } = require("@hss-reports/api/signer");\nconst { operations } = require("@hss-reports/api/spec");\nconsole.log(typeof signRequest, typeof operations);\n',
    );
    const output = await run(process.execPath, ["require.cjs"], { cwd: consumer, timeoutMs: MINUTE });
    expect(output.trim()).toBe("function object");
  });

  it("runs the usage file with node against the HSS emulator", async () => {
    emulator = await startEmulator({ images: 120, seed: "publish-round-trip", faults: FAULTS, log: false });
    const rules = emulator.dataset.rules(emulator.projectId, "registry");
    const first = rules.reduce<(typeof rules)[number] | undefined>(
      (most, rule) => (most && most.image_num >= rule.image_num ? most : rule),
      undefined,
    );
    if (!first) throw new Error("the emulator generated no rules");
    expect(first.image_num).toBeGreaterThan(10); // so that the images are walked over several pages

    const output = await run(process.execPath, ["out/usage.js"], {
      cwd: consumer,
      env: cleanEnv({
        HSS_ENDPOINT: emulator.url,
        HUAWEICLOUD_SDK_PROJECT_ID: emulator.projectId,
        HUAWEICLOUD_SDK_AK: emulator.ak,
        HUAWEICLOUD_SDK_SK: emulator.sk,
      }),
      timeoutMs: MINUTE,
    });
    expect(output.trim().split("\n")).toEqual([
      `rules ${rules.length}`,
      `images of ${first.rule_id} ${first.image_num} distinct ${first.image_num}`,
      "retries server-error 503",
      "error 401 retryable false",
    ]);
  });
});
