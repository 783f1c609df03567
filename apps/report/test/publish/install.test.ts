// The installed command, as a user gets it: `pnpm --filter @hss-reports/report pack`, `npm i -g` of that tarball
// into a fresh prefix (third-party dependencies from the npm registry, the workspace packages from inside the
// tarball), then `hss-report` run from a folder outside the workspace with nothing but PATH and HOME.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_DIR } from "../helpers/cli.js";

const ROOT = join(APP_DIR, "..", "..");
const app = JSON.parse(await readFile(join(APP_DIR, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The environment without what pnpm and vitest add (`npm_config_*` would steer npm, `NODE_OPTIONS` loaders). */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|pnpm_|NODE_OPTIONS$|INIT_CWD$|VITEST)/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
}

describe("hss-report, packed and installed with npm i -g", () => {
  let dir: string;
  let bin: string;
  let user: NodeJS.ProcessEnv;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hss-report-install-"));
    const packed = await run(
      "pnpm",
      ["--filter", app.name, "pack", "--pack-destination", dir],
      ROOT,
      cleanEnv(),
      240_000,
    );
    expect(packed.code, `${packed.stdout}\n${packed.stderr}`).toBe(0);
    const tarball = (await readdir(dir)).find((name) => name.endsWith(".tgz"));
    expect(tarball).toBeDefined();
    const prefix = join(dir, "prefix");
    const installed = await run(
      "npm",
      ["i", "-g", "--prefix", prefix, join(dir, tarball as string)],
      dir,
      cleanEnv(),
      240_000,
    );
    expect(installed.code, `${installed.stdout}\n${installed.stderr}`).toBe(0);
    bin = join(prefix, "bin", "hss-report");
    user = { PATH: process.env.PATH ?? "", HOME: dir };
  }, 480_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("the bin is named hss-report and the installed manifest asks the registry for no workspace package", async () => {
    expect(Object.keys(app.bin)).toEqual(["hss-report"]);
    expect(existsSync(bin)).toBe(true);
    const installedDir = join(dir, "prefix", "lib", "node_modules", ...app.name.split("/"));
    const manifest = JSON.parse(await readFile(join(installedDir, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).filter((name) => name.startsWith("@hss-reports/"))).toEqual([]);
    // What the app imports from the workspace is carried inside the package itself.
    for (const name of ["@hss-reports/api", "@hss-reports/emulator"]) {
      expect(existsSync(join(installedDir, "dist", "node_modules", name, "dist", "index.js")), name).toBe(true);
    }
  });

  it("--version prints the app's version and --help its usage, exit 0", async () => {
    const version = await run(bin, ["--version"], dir, user, 60_000);
    expect(version).toMatchObject({ code: 0, stdout: `hss-reports ${app.version}\n` });
    const help = await run(bin, ["--help"], dir, user, 60_000);
    expect(help.code).toBe(0);
    expect(help.stdout.split("\n")[0]).toBe("Usage: hss-report [options] [command]");
    expect(help.stdout).toContain("--demo");
  });

  it("--demo writes the report outside the workspace: HTML, PDF and evidence of demo data", async () => {
    const out = join(dir, "out");
    const demo = await run(bin, ["--demo", "--out", out], dir, user, 180_000);
    expect(demo.code, demo.stderr).toBe(0);
    for (const file of ["report.html", "report.pdf", "evidence.json"])
      expect(existsSync(join(out, file)), file).toBe(true);
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as {
      tool: { version: string };
      run: { demo: boolean; scopes: { endpoint: string }[] };
    };
    expect(evidence.run.demo).toBe(true);
    expect(evidence.tool.version).toBe(app.version);
    // The emulator the demo starts is the one bundled in the package, on loopback.
    for (const scope of evidence.run.scopes) expect(new URL(scope.endpoint).hostname).toBe("127.0.0.1");
    const pdf = await run("pdftotext", [join(out, "report.pdf"), "-"], dir, user, 60_000);
    expect(pdf.code).toBe(0);
    expect(pdf.stdout).toContain("DEMO DATA");
    expect(await readFile(join(out, "report.html"), "utf8")).toContain("DEMO DATA");
  });
});
