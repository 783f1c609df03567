// Secrets that images leak: the emulator's demo and hostile data plant a secret of every kind in build instructions
// (passwords, tokens, keys in ENV/ARG/LABEL and RUN, passwords handed to commands, credential HTTP headers, URL
// credentials, token formats, a private key); the built CLI must write none of them anywhere: every file of the
// output folder (whatever formats exist), the HTML's DOM in Chromium, the PDF's text through pdftotext, the CSV
// parsed back, evidence.json parsed back, summary.md, stdout and stderr, nor any piece of them (a masker stopping
// early leaves one). The key names and the look-alikes stay readable.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningEmulator, SECRET_VALUES, startEmulator, TOKENS } from "@hss-reports/emulator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sealEvidence } from "../../src/evidence/hash.js";
import type { Evidence, EvidenceResponse } from "../../src/evidence/types.js";
import { everyChunkRendered, launchChromium } from "../helpers/browser.js";
import { assertBuilt, type CliRun, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";
import { secretPieces } from "../helpers/leaks.js";

const TOKEN = "tok-IMAGE-SECRETS-7c2e9a41d0";

/** What readers must still see: the key of every kind of secret, and the look-alikes, exactly as in the data. */
const KEPT = [
  "ENV DB_PASSWORD=",
  "ENV AWS_SECRET_ACCESS_KEY=",
  "ENV HUAWEICLOUD_SDK_SK=",
  "ENV HUAWEICLOUD_SDK_AK=",
  "ENV AWS_ACCESS_KEY_ID=",
  "API_KEY=",
  "KEYCLOAK_CLIENT_SECRET=",
  "ARG GITLAB_TOKEN=",
  "LABEL org.example.deploy-token=",
  "RUN export NPM_TOKEN=",
  "--build-arg GITHUB_TOKEN=",
  "-Drepo.password=",
  "--password ",
  "docker login -u deploy -p ",
  "mysql -u root -p",
  "useradd -m -p ",
  "| passwd --stdin app",
  "| chpasswd",
  "https://deploy:",
  "postgres://app:",
  "Authorization: Bearer ",
  "X-Auth-Token: ",
  "Cookie: ",
  "-H X-JFrog-Art-Api:",
  "--http-password ",
  '{"auths":{"swr.cn-north-4.myhuaweicloud.com":{"auth":"',
  "-----BEGIN RSA PRIVATE KEY-----",
  // look-alikes
  "ENV PATH=/opt/app/bin:$PATH",
  "NODE_ENV=production",
  "ARG VERSION=1.2.3",
  "KEYCLOAK_URL=https://sso.example.com",
  "--no-install-recommends",
  "ARG NPM_TOKEN",
  "-DskipTests=true",
  "RUN --mount=type=secret,id=npmrc",
  "Accept: application/json",
];

interface Case {
  name: string;
  hss: RunningEmulator;
  out: string;
  run: CliRun;
  /** The secret values the served data really holds (the test fails if a kind is missing). */
  planted: string[];
  /** What no output may hold: the planted values and every piece of one (6+ characters) the data holds nowhere else. */
  watched: string[];
  /** Per finding (`kind|rule|digest`): how many secret values its texts hold. */
  perFinding: Map<string, number>;
  keptInData: string[];
}

let work: { dir: string; cleanup: () => Promise<void> };
let browser: Browser | undefined;
const cases: Case[] = [];

async function makeCase(name: string, hostile: boolean, images: number | undefined, demo: boolean): Promise<Case> {
  // The demo runs the emulator in-process with the demo seed: the same data as this one.
  const hss = await startEmulator({
    seed: demo ? "demo" : name,
    hostile,
    tokens: [TOKEN],
    ...(images ? { images } : {}),
  });
  const out = join(work.dir, name);
  const args = demo ? ["--demo", "--out", out] : ["--endpoint", hss.url, "--project-id", hss.projectId, "--out", out];
  const run = await runCli(args, { env: demo ? {} : { HSS_AUTH_TOKEN: TOKEN }, cwd: work.dir });
  const texts: string[] = [];
  const perFinding = new Map<string, number>();
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of hss.dataset.rules(hss.projectId, kind)) {
      texts.push(rule.risk_name, rule.description);
      for (const image of hss.dataset.images(hss.projectId, kind, rule.rule_id)) {
        const own = image.risk_detail_info.risk_list.flatMap((r) => [r.build_instruction, r.remediation]);
        texts.push(...own);
        const count = own.reduce((n, text) => n + SECRET_VALUES.filter((v) => text.includes(v)).length, 0);
        if (count > 0) perFinding.set(`${kind}|${rule.rule_id}|${image.image_digest}`, count);
      }
    }
  }
  const joined = texts.join("\n");
  const planted = SECRET_VALUES.filter((value) => joined.includes(value));
  return {
    name,
    hss,
    out,
    run,
    planted,
    watched: [...planted, ...secretPieces(planted, texts)],
    perFinding,
    keptInData: KEPT.filter((kept) => joined.includes(kept)),
  };
}

beforeAll(async () => {
  assertBuilt();
  work = await tempDir();
  cases.push(await makeCase("demo", false, undefined, true));
  cases.push(await makeCase("hostile", true, 40, false));
});
afterAll(async () => {
  await browser?.close();
  for (const c of cases) await c.hss.close();
  await work?.cleanup();
});

/** Which of the values a text holds; also after undoing markdown escapes and HTML/XML entities. */
function leaked(text: string, values: readonly string[]): string[] {
  const forms = [
    text,
    text.replace(/\\([\\`*_{}[\]<>#+!|~&-])/g, "$1"),
    text
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
      .replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
      .replace(/&amp;/g, "&"),
  ];
  return values.filter((value) => forms.some((form) => form.includes(value)));
}

/** Every string inside a JSON value (so that `\u003c`-style escapes hide nothing). */
function jsonStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(jsonStrings);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...jsonStrings(v)]);
  return [];
}

/** pdftotext's text without the running header and footer lines (they interleave with text spanning pages). */
function pdfText(file: string): string {
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 256 << 20 });
  return text
    .split(/[\n\f]/)
    .filter((line) => !/^Page \d+ of \d+$/.test(line) && !line.startsWith("Image build-command risk report · "))
    .join("\n");
}
const squeeze = (text: string) => text.replace(/\s+/g, "");

describe.each(["demo", "hostile"])("%s data", (name) => {
  const current = () => cases.find((c) => c.name === name) as Case;

  it("carries a secret of every kind, and the look-alikes", () => {
    const c = current();
    expect(c.run.code, c.run.stderr).toBe(0);
    for (const token of Object.values(TOKENS)) expect(c.planted).toContain(token);
    expect(c.planted.length).toBeGreaterThan(Object.values(TOKENS).length);
    expect(c.keptInData).toEqual(KEPT);
  });

  it("writes no secret value in any byte of any file of the output folder", async () => {
    const c = current();
    const files = (await listFiles(c.out)).filter((f) => !f.endsWith("/"));
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const bytes = await readFile(join(c.out, file));
      const text = bytes.toString("utf8");
      expect(leaked(text, c.watched), file).toEqual([]);
      if (file.endsWith(".json") || file.endsWith(".sarif")) {
        expect(leaked(jsonStrings(JSON.parse(text)).join("\n"), c.watched), file).toEqual([]);
      }
      if (file.endsWith(".pdf")) {
        const extracted = pdfText(join(c.out, file));
        expect(leaked(extracted, c.watched), file).toEqual([]);
        expect(leaked(squeeze(extracted), c.watched.map(squeeze)), file).toEqual([]);
        // The keys and look-alikes are there (a long instruction may wrap: compare without white space).
        for (const kept of KEPT) expect(squeeze(extracted), `${file}: ${kept}`).toContain(squeeze(kept));
      }
    }
  });

  it("says nothing secret on stdout or stderr, and says how many values it masked", () => {
    const c = current();
    expect(leaked(c.run.stdout + c.run.stderr, c.watched)).toEqual([]);
    const total = [...c.perFinding.values()].reduce((a, b) => a + b, 0);
    expect(c.run.stderr).toContain(`masked ${total} secret value${total === 1 ? "" : "s"}`);
  });

  it("records the policy and the masked count of every finding in evidence.json, never the values", async () => {
    const c = current();
    const evidence = JSON.parse(await readFile(join(c.out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.masking?.policy).toBe("hss-reports/mask@4");
    const recorded = new Map(
      (evidence.masking?.findings ?? []).map((f) => {
        const digest = f.digest;
        return [`${f.imageKind}|${f.ruleId}|${digest}`, f.masked];
      }),
    );
    expect(recorded).toEqual(c.perFinding);
    expect(evidence.masking?.masked).toBe([...c.perFinding.values()].reduce((a, b) => a + b, 0));
    const strings = jsonStrings(evidence).join("\n");
    for (const kept of KEPT) expect(strings, kept).toContain(kept);
  });

  it("CSV parsed back: keys and look-alikes in the cells, no value", async () => {
    const c = current();
    const rows = parseCsv((await readFile(join(c.out, "images.csv"), "utf8")).replace(/^\uFEFF/, ""));
    const cells = rows.flat().join("\n");
    expect(leaked(cells, c.watched)).toEqual([]);
    for (const kept of KEPT) expect(cells, kept).toContain(kept);
  });

  it("HTML in Chromium: the DOM shows keys and look-alikes, no value in text or attributes", async () => {
    const c = current();
    browser ??= await launchChromium();
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(c.out, "report.html")).href, { waitUntil: "load" });
    await everyChunkRendered(page);
    const dom = await page.evaluate(() => {
      for (const details of Array.from(document.querySelectorAll("details"))) details.open = true;
      const attributes = Array.from(document.querySelectorAll("*")).flatMap((el) =>
        Array.from(el.attributes).map((a) => a.value),
      );
      return { text: document.documentElement.textContent ?? "", attributes: attributes.join("\n") };
    });
    await page.close();
    expect(leaked(dom.text, c.watched)).toEqual([]);
    expect(leaked(dom.attributes, c.watched)).toEqual([]);
    for (const kept of KEPT) expect(dom.text, kept).toContain(kept);
  });
});

describe("evidence written before masking existed", () => {
  /** The demo run's evidence as an older version wrote it: the bodies exactly as served, no masking record. */
  async function oldEvidence(c: Case): Promise<Evidence> {
    const current = JSON.parse(await readFile(join(c.out, "evidence.json"), "utf8")) as Evidence;
    const kind = (r: EvidenceResponse) => (r.query.image_type === "cicd" ? "cicd" : "registry");
    const responses = current.responses.map((response): EvidenceResponse => {
      if (response.operation === "ListImageBuildCommandRisks") {
        const served = new Map(c.hss.dataset.rules(c.hss.projectId, kind(response)).map((r) => [r.rule_id, r]));
        const data_list = response.body.data_list.map((rule) => ({ ...rule, ...served.get(rule.rule_id) }));
        return { ...response, body: { ...response.body, data_list } };
      }
      const ruleId = String(response.query.rule_id);
      const served = new Map(
        c.hss.dataset.images(c.hss.projectId, kind(response), ruleId).map((image) => [image.image_digest, image]),
      );
      const data_list = response.body.data_list.map((image) => ({ ...image, ...served.get(image.image_digest ?? "") }));
      return { ...response, body: { ...response.body, data_list } } as EvidenceResponse;
    });
    const { sha256: _seal, masking: _masking, assessment: _assessment, ...content } = current;
    return sealEvidence({ ...content, responses });
  }

  it("render --from masks it, says so, and keeps every finding's identity", async () => {
    const c = cases.find((x) => x.name === "demo") as Case;
    const old = await oldEvidence(c);
    // The file really holds the values (else this test would prove nothing).
    expect(leaked(JSON.stringify(old), c.planted).sort()).toEqual([...c.planted].sort());
    const file = join(work.dir, "old-evidence.json");
    await writeFile(file, JSON.stringify(old));
    const out = join(work.dir, "from-old");
    // Compared with the masked run's evidence: the same findings, none new, none resolved.
    const run = await runCli(["render", "--from", file, "--baseline", join(c.out, "evidence.json"), "--out", out], {
      cwd: work.dir,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(leaked(run.stdout + run.stderr, c.watched)).toEqual([]);
    const total = [...c.perFinding.values()].reduce((a, b) => a + b, 0);
    expect(run.stderr).toContain(`masked ${total} secret value${total === 1 ? "" : "s"}`);
    for (const f of (await listFiles(out)).filter((name) => !name.endsWith("/"))) {
      const text = await readFile(join(out, f), "utf8");
      expect(leaked(text, c.watched), f).toEqual([]);
      if (f.endsWith(".pdf")) expect(leaked(squeeze(pdfText(join(out, f))), c.watched.map(squeeze)), f).toEqual([]);
    }
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    expect(evidence.masking?.policy).toBe("hss-reports/mask@4");
    expect(evidence.masking?.sealedBefore).toBe(old.sha256);
    expect(evidence.masking?.masked).toBe(total);
    expect(evidence.assessment?.changes?.new).toEqual([]);
    expect(evidence.assessment?.changes?.resolved).toEqual([]);
    expect(evidence.assessment?.changes?.unchanged).toBe(countFindings(c));
  });
});

function countFindings(c: Case): number {
  let n = 0;
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of c.hss.dataset.rules(c.hss.projectId, kind)) {
      n += c.hss.dataset.images(c.hss.projectId, kind, rule.rule_id).length;
    }
  }
  return n;
}
