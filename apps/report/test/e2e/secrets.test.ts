// Secrets and transport: runs the built CLI with each credential type, in runs that work and runs that
// fail, and looks for every secret value in stdout, stderr and every file the run left behind. Plain http goes to
// loopback only; a config file cannot hold a secret, and one that tries while other users can read it is called out.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, type CliRun, listFiles, runCli, secretLeaks, tempDir } from "../helpers/cli.js";

// Distinctive values: finding one anywhere proves a leak.
const TOKEN = "tok-SECRET-a8f3e1c97b5d2064";
const AK = "AKSECRET8Q2W4E6R8T0Y";
const SK = "skSECRET-7e6d5c4b3a29180f7e6d5c4b";
const AK2 = "AKSECRET2STS9Z8X7C6V";
const SK2 = "skSECRET-sts-0a1b2c3d4e5f60718293";
const SECURITY_TOKEN = "stsSECRET-gQ1cmVnaW9uX2lkIjoiY24tbm9ydGgtNCJ9";
const IAM = { name: "secret-test-user", password: "pwSECRET-Xy7!q2#Lm9", domain: "secret-test-domain" };
const SECRETS = [TOKEN, AK, SK, AK2, SK2, SECURITY_TOKEN, IAM.password];
// Wrong values given in failing runs: they must not be printed either.
const WRONG = {
  token: "tok-WRONG-5c0ffee5c0ffee5c0ffee",
  sk: "skWRONG-deadbeefdeadbeefdeadbeef",
  password: "pwWRONG-Nope!12345",
};

let hss: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let n = 0;

beforeAll(async () => {
  assertBuilt();
  hss = await startEmulator({
    seed: "secrets",
    images: 12,
    tokens: [TOKEN],
    credentials: [
      { ak: AK, sk: SK },
      { ak: AK2, sk: SK2, securityToken: SECURITY_TOKEN },
    ],
    iamUsers: [IAM],
  });
  work = await tempDir();
});
afterAll(async () => {
  await hss?.close();
  await work?.cleanup();
});

const target = () => ["--endpoint", hss.url, "--project-id", hss.projectId];

/** Every secret value found in the run's output or in any file under the work folder. */
const leaks = (run: CliRun, values: readonly string[]) => secretLeaks(run, work.dir, values);

const credentialRuns: { name: string; env: () => Record<string, string>; auth: string }[] = [
  { name: "token", env: () => ({ HSS_AUTH_TOKEN: TOKEN }), auth: "token" },
  { name: "AK/SK", env: () => ({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: SK }), auth: "aksk" },
  {
    name: "AK/SK + security token",
    env: () => ({ HUAWEICLOUD_SDK_AK: AK2, HUAWEICLOUD_SDK_SK: SK2, HUAWEICLOUD_SDK_SECURITY_TOKEN: SECURITY_TOKEN }),
    auth: "aksk",
  },
  {
    name: "IAM password",
    env: () => ({
      HSS_IAM_USER: IAM.name,
      HSS_IAM_PASSWORD: IAM.password,
      HSS_IAM_DOMAIN: IAM.domain,
      HSS_IAM_ENDPOINT: hss.url,
    }),
    auth: "iam",
  },
];

describe("no secret in any output", () => {
  it.each(credentialRuns)("$name: a run that works", async ({ env, auth }) => {
    const out = join(work.dir, `ok-${++n}`);
    const before = hss.requestLog.length;
    const run = await runCli([...target(), "--out", out], { env: env(), cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(await listFiles(out)).toEqual(["evidence.json", "images.csv", "report.html", "report.pdf", "summary.md"]);
    // The credential really was used (not a demo run or another set).
    const used = hss.requestLog.slice(before).filter((e) => e.endpoint !== "iam");
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((e) => e.auth === auth && e.status === 200)).toBe(true);
    expect(await leaks(run, SECRETS)).toEqual([]);
  });

  const failing: { name: string; env: () => Record<string, string>; says: RegExp; wrong: string[] }[] = [
    {
      name: "rejected token (401)",
      env: () => ({ HSS_AUTH_TOKEN: WRONG.token }),
      says: /HTTP 401/,
      wrong: [WRONG.token],
    },
    {
      name: "wrong SK (signature rejected)",
      env: () => ({ HUAWEICLOUD_SDK_AK: AK, HUAWEICLOUD_SDK_SK: WRONG.sk }),
      says: /HTTP 401/,
      wrong: [WRONG.sk, AK],
    },
    {
      name: "security token missing for temporary AK/SK",
      env: () => ({ HUAWEICLOUD_SDK_AK: AK2, HUAWEICLOUD_SDK_SK: SK2 }),
      says: /HTTP 401/,
      wrong: [AK2, SK2],
    },
    {
      name: "wrong IAM password",
      env: () => ({
        HSS_IAM_USER: IAM.name,
        HSS_IAM_PASSWORD: WRONG.password,
        HSS_IAM_DOMAIN: IAM.domain,
        HSS_IAM_ENDPOINT: hss.url,
      }),
      says: /401/,
      wrong: [WRONG.password],
    },
  ];
  it.each(failing)("$name: exit 3, nothing printed or written holds it", async ({ env, says, wrong }) => {
    const out = join(work.dir, `fail-${++n}`);
    const run = await runCli([...target(), "--format", "json,csv", "--out", out], { env: env(), cwd: work.dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(says);
    expect(await listFiles(out)).toEqual([]);
    expect(await leaks(run, [...SECRETS, ...wrong])).toEqual([]);
  });

  it("a fleet scope's credentials under its own variable names: no value in any output, working or rejected", async () => {
    const config = join(work.dir, `fleet-${++n}.yaml`);
    await writeFile(
      config,
      `scopes:\n  - endpoint: ${hss.url}\n    project_id: ${hss.projectId}\n    credentials: { token_env: PROD_HSS_KEY }\n` +
        `  - endpoint: ${hss.url}\n    project_id: ${hss.projectId}\n    enterprise_project_id: all_granted_eps\n` +
        "    credentials: { ak_env: TEAM_B_ID, sk_env: TEAM_B_KEY }\n",
      { mode: 0o600 },
    );
    const ok = await runCli(
      ["--config", config, "--format", "json,csv,html", "--out", join(work.dir, `fleet-ok-${n}`)],
      {
        env: { PROD_HSS_KEY: TOKEN, TEAM_B_ID: AK, TEAM_B_KEY: SK },
        cwd: work.dir,
      },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(await leaks(ok, SECRETS)).toEqual([]);

    const rejected = await runCli(["--config", config, "--format", "json", "--out", join(work.dir, `fleet-bad-${n}`)], {
      env: { PROD_HSS_KEY: WRONG.token, TEAM_B_ID: AK, TEAM_B_KEY: WRONG.sk },
      cwd: work.dir,
    });
    expect(rejected.code, rejected.stderr).toBe(3);
    expect(rejected.stderr).toMatch(/2 scopes could not be read/);
    expect(await leaks(rejected, [...SECRETS, WRONG.token, WRONG.sk])).toEqual([]);
  });

  it("a secret given as a flag is refused without echoing it", async () => {
    const run = await runCli([...target(), `--token=${TOKEN}`, `--sk`, SK], {
      env: { HSS_AUTH_TOKEN: TOKEN },
      cwd: work.dir,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--token=\*\*\*/);
    expect(await leaks(run, SECRETS)).toEqual([]);
  });
});

describe("transport", () => {
  it.each(["http://10.0.0.8:8080", "http://hss.example.com", "http://[2001:db8::1]:80"])(
    "refuses plain http to a non-loopback host: %s",
    async (endpoint) => {
      const run = await runCli(
        [
          "--endpoint",
          endpoint,
          "--project-id",
          hss.projectId,
          "--format",
          "json",
          "--out",
          join(work.dir, `x-${++n}`),
        ],
        {
          env: { HSS_AUTH_TOKEN: TOKEN },
          cwd: work.dir,
        },
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toMatch(
        /plain http to a non-loopback host; credentials would be sent unencrypted\. Use https/,
      );
      expect(run.stderr).toContain(new URL(endpoint).origin);
      expect(await leaks(run, SECRETS)).toEqual([]);
    },
  );

  it("plain http beyond loopback only with allow_insecure_http: true in the config file, and a warning", async () => {
    // An IPv4-mapped IPv6 address is not on the loopback list, yet reaches the emulator on 127.0.0.1: no traffic
    // leaves the machine.
    const endpoint = `http://[::ffff:127.0.0.1]:${hss.port}`;
    const refused = await runCli(
      ["--endpoint", endpoint, "--project-id", hss.projectId, "--out", join(work.dir, `x-${++n}`)],
      {
        env: { HSS_AUTH_TOKEN: TOKEN },
        cwd: work.dir,
      },
    );
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain("set allow_insecure_http: true in the --config file if you really mean it");

    const config = join(work.dir, `insecure-${n}.yaml`);
    await writeFile(config, "allow_insecure_http: true\n", { mode: 0o600 });
    const allowed = await runCli(
      [
        "--endpoint",
        endpoint,
        "--project-id",
        hss.projectId,
        "--config",
        config,
        "--format",
        "json",
        "--out",
        join(work.dir, `x-${++n}`),
      ],
      { env: { HSS_AUTH_TOKEN: TOKEN }, cwd: work.dir },
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(
      /allow_insecure_http: scope .* is read over plain http \(http:\/\/\[::ffff:7f00:1\]:\d+\): its credentials cross the network unencrypted/,
    );
    expect(await leaks(allowed, SECRETS)).toEqual([]);
  });

  it("refuses plain http to a non-loopback IAM endpoint", async () => {
    const run = await runCli([...target(), "--format", "json", "--out", join(work.dir, `x-${++n}`)], {
      env: {
        HSS_IAM_USER: IAM.name,
        HSS_IAM_PASSWORD: IAM.password,
        HSS_IAM_DOMAIN: IAM.domain,
        HSS_IAM_ENDPOINT: "http://iam.example.com",
      },
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/iamEndpoint http:\/\/iam\.example\.com uses plain http/);
    expect(await leaks(run, SECRETS)).toEqual([]);
  });
});

describe("config files and secrets", () => {
  const cases = [
    { name: "token at the top", text: `token: ${TOKEN}\n`, key: /unknown key "token"/ },
    {
      name: "password in credentials",
      text: `credentials:\n  password: ${IAM.password}\n`,
      key: /credentials: unknown key "password"/,
    },
    {
      name: "sk in a scope",
      text: `scopes:\n  - region: cn-north-4\n    project_id: p1\n    credentials: { sk: ${SK} }\n`,
      key: /scopes\[0\]\.credentials: unknown key "sk"/,
    },
  ];

  it.each(cases)("$name: refused (exit 2); readable by others draws the warning", async ({ text, key }) => {
    const file = join(work.dir, `config-${++n}.yaml`);
    await writeFile(file, text, { mode: 0o600 });
    const privateRun = await runCli(["--config", file, "--out", join(work.dir, `y-${n}`)], { env: {}, cwd: work.dir });
    expect(privateRun.code, privateRun.stderr).toBe(2);
    expect(privateRun.stderr).toMatch(key);
    expect(privateRun.stderr).toMatch(/Secrets never go in the config file/);
    expect(privateRun.stderr).not.toMatch(/other users can read it/);
    expect(privateRun.stderr + privateRun.stdout).not.toContain(SECRETS.find((s) => text.includes(s)));

    const shared = join(work.dir, `config-shared-${n}.yaml`);
    await writeFile(shared, text, { mode: 0o644 });
    const { chmod } = await import("node:fs/promises");
    await chmod(shared, 0o644); // whatever the umask
    const sharedRun = await runCli(["--config", shared, "--out", join(work.dir, `y-${n}`)], { env: {}, cwd: work.dir });
    expect(sharedRun.code).toBe(2);
    expect(sharedRun.stderr).toMatch(key);
    expect(sharedRun.stderr).toMatch(
      /warning: .* holds a secret \(\w+\) and other users can read it \(mode 0644\): treat the secret as leaked, rotate it/,
    );
    expect(sharedRun.stderr + sharedRun.stdout).not.toContain(SECRETS.find((s) => text.includes(s)));
  });
});
