// The CLI: flags parsed with clear errors, and the built program listens and prints how to call it.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseCli } from "../../src/cli.js";

const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

describe("parseCli", () => {
  it("maps flags to options", () => {
    expect(
      parseCli([
        "--port",
        "0",
        "--images",
        "1000",
        "--seed",
        "s1",
        "--token",
        "t1",
        "--token",
        "t2",
        "--ak",
        "AK",
        "--sk",
        "SK",
        "--rate-limit",
        "5",
        "--no-retry-after",
        "--latency",
        "20",
        "--faults",
        "reset:nth=2",
        "--project",
        "p1@ap-southeast-1",
        "--project",
        "p2",
        "--hostile",
        "--quiet",
      ]),
    ).toEqual({
      port: 0,
      host: "127.0.0.1",
      images: 1000,
      seed: "s1",
      log: false,
      tokens: ["t1", "t2"],
      credentials: [{ ak: "AK", sk: "SK" }],
      rateLimit: { perSecond: 5, retryAfter: false },
      latencyMs: 20,
      faults: { reset: { nth: [2] } },
      projects: [{ projectId: "p1", region: "ap-southeast-1" }, { projectId: "p2" }],
      hostile: true,
    });
    expect(parseCli(["--help"])).toBe("help");
    expect(parseCli([])).toMatchObject({ port: 8787, images: 240, seed: "demo" });
  });

  it.each([
    [["--port", "70000"], "--port"],
    [["--images", "-1"], "--images"],
    [["--images", "many"], "--images"],
    [["--ak", "AK"], "--ak and --sk"],
    [["--rate-limit", "0"], "--rate-limit"],
    [["--latency", "1.5"], "--latency"],
    [["--faults", "explode:nth=1"], "explode"],
    [["--project", "a/b"], "--project"],
    [["--project", "p@moon-1"], "moon-1"],
    [["--colour"], "--colour"],
    [["--mutate-every", "0"], "--mutate-every"],
    [["extra"], "extra"],
  ])("rejects %j naming %s", (argv, needle) => {
    expect(() => parseCli(argv)).toThrow(needle);
  });
});

describe("the program", () => {
  it("prints where it listens, the demo credentials and a curl example; answers; exits on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--images", "30", "--quiet"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/\S+)/.exec(out);
        if (match && out.includes("Ctrl-C")) resolve(match[1] as string);
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    try {
      expect(out).toContain("X-Auth-Token: MIIDemoToken");
      expect(out).toContain("curl -H");
      const token = /X-Auth-Token: (\S+)/.exec(out)?.[1] as string;
      const projectId = /project (\S+) \(cn-north-4\)/.exec(out)?.[1] as string;
      const response = await fetch(`${url}/v5/${projectId}/image/build-command-risks?image_type=cicd`, {
        headers: { "X-Auth-Token": token },
      });
      expect(response.status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("--mutate-every moves the scans on, so the same request answers differently after it", async () => {
    const child = spawn(process.execPath, [CLI, "--port", "0", "--images", "60", "--quiet", "--mutate-every", "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    /** Waits for `pattern` in the output written after `from` characters. */
    const seen = (pattern: RegExp, from = 0) =>
      new Promise<RegExpExecArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out.slice(from));
          if (match) resolve(match);
        };
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          check();
        });
        check();
        child.on("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
    try {
      const url = (await seen(/listening on (http:\/\/\S+)[\s\S]*Ctrl-C/))[1] as string;
      expect(out).toContain("the scans move on every 1 s (--mutate-every)");
      const token = /X-Auth-Token: (\S+)/.exec(out)?.[1] as string;
      const projectId = /project (\S+) \(cn-north-4\)/.exec(out)?.[1] as string;
      const read = async () =>
        (
          await fetch(
            `${url}/v5/${projectId}/image/build-command-risks/images?image_type=registry&rule_id=BCR-0001&limit=200`,
            {
              headers: { "X-Auth-Token": token },
            },
          )
        ).json() as Promise<{ total_num: number; data_list: { image_id: string }[] }>;
      // A move that lands after this read (one already printed may have come before it).
      const mark = out.length;
      const before = await read();
      await seen(/revision (\d+)/, mark);
      await seen(/revision (\d+)/, out.length);
      const after = await read();
      expect(after).not.toEqual(before);
    } finally {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  });

  it("exits 2 with a message for a bad flag", async () => {
    const child = spawn(process.execPath, [CLI, "--images", "lots"], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toContain("--images must be an integer");
  });
});
