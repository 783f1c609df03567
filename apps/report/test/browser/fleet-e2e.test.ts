/// <reference lib="dom" />
// Issue 9 end to end: `pnpm report --config fleet.yaml` against two emulated regions (one emulator each, one of
// them serving two projects), each scope with its own credential variables. Proves, through the built CLI:
// - one run reads every scope, paced per region: emulators throttling at 10 requests/s per project answer no 429
//   (and a control run without the pacing does get 429s, so the check can fail);
// - one report: fleet summary per scope, the scope on every finding (HTML in Chromium, PDF text, every CSV row,
//   every evidence response);
// - a scope with bad credentials (401) and a scope whose region is down (closed port): exit 3 naming both, nothing
//   written; with --allow-partial the others are written, the failures named, PARTIAL on every PDF page and in the
//   HTML banner;
// - --lang zh-cn / en-us: the X-Language sent (emulator request log) and the report's own words, dates and
//   numbers in that language, in the browser and in the PDF's text.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { catalogues, messages } from "../../src/i18n/index.js";
import { RISK_LEVELS } from "../../src/model/types.js";
import { launchChromium } from "../helpers/browser.js";
import { assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";
import { parseCsv } from "../helpers/csv.js";

const NORTH_TOKEN = "tok-NORTH-0f1e2d3c4b5a6978";
const NORTH_AK = "AKNORTH0123456789ABC";
const NORTH_SK = "skNORTH-8899aabbccddeeff0011";
const SOUTH_TOKEN = "tok-SOUTH-a1b2c3d4e5f60718";
const env = {
  NORTH_TOKEN,
  NORTH_AK,
  NORTH_SK,
  SOUTH_TOKEN,
  WRONG_TOKEN: "tok-WRONG-000000000000000000",
};
/** The emulators throttle at this many requests per second per project; the config paces each region below it. */
const EMULATOR_RATE = 10;
const FLEET_RATE = 8;

let north: RunningEmulator;
let south: RunningEmulator;
let closedPort: number;
let browser: Browser;
let work: { dir: string; cleanup: () => Promise<void> };

beforeAll(async () => {
  assertBuilt();
  north = await startEmulator({
    seed: "fleet-north",
    images: 16,
    projects: [
      { projectId: "proj-a", region: "cn-north-4", enterpriseProjects: ["ep-1", "ep-2"] },
      { projectId: "proj-c", region: "cn-north-4", images: 10 },
    ],
    tokens: [NORTH_TOKEN],
    credentials: [{ ak: NORTH_AK, sk: NORTH_SK }],
    rateLimit: EMULATOR_RATE,
  });
  south = await startEmulator({
    seed: "fleet-south",
    images: 12,
    projects: [
      { projectId: "proj-b", region: "ap-southeast-1" },
      { projectId: "proj-d", region: "ap-southeast-1", images: 5 },
    ],
    tokens: [SOUTH_TOKEN],
    rateLimit: EMULATOR_RATE,
  });
  // A port nothing listens on: a region that is down.
  closedPort = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
  browser = await launchChromium();
  work = await tempDir();
});

afterAll(async () => {
  await browser?.close();
  await north?.close();
  await south?.close();
  await work?.cleanup();
});

const hostOf = (emulator: RunningEmulator) => new URL(emulator.url).host;

function fleetConfig(options: { rate?: number; broken?: boolean } = {}): string {
  const rate = options.rate ?? FLEET_RATE;
  const lines = [
    "format: [html, pdf, csv, json]",
    "rate_limits:",
    `  "${hostOf(north)}": ${rate}`,
    `  "${hostOf(south)}": ${rate}`,
    "retry: { max_attempts: 2, base_delay_ms: 20, max_delay_ms: 50 }",
    "scopes:",
    `  - endpoint: ${north.url}`,
    "    project_id: proj-a",
    "    enterprise_project_id: all_granted_eps",
    "    credentials: { token_env: NORTH_TOKEN }",
    `  - endpoint: ${north.url}`,
    "    project_id: proj-c",
    "    image_types: [registry]",
    "    credentials: { ak_env: NORTH_AK, sk_env: NORTH_SK }",
    `  - endpoint: ${south.url}`,
    "    project_id: proj-b",
    "    credentials: { token_env: SOUTH_TOKEN }",
  ];
  if (options.broken) {
    lines.push(
      `  - endpoint: ${south.url}`,
      "    project_id: proj-d",
      "    credentials: { token_env: WRONG_TOKEN }",
      `  - endpoint: http://127.0.0.1:${closedPort}`,
      "    project_id: proj-down",
      "    credentials: { token_env: SOUTH_TOKEN }",
    );
  }
  return `${lines.join("\n")}\n`;
}

async function writeConfig(name: string, text: string): Promise<string> {
  const file = join(work.dir, name);
  await writeFile(file, text);
  return file;
}

interface ScopeTruth {
  id: string;
  findings: number;
  images: number;
  /** Distinct rule ids with a finding in the scope (a rule is its rule_id, whatever the image kind). */
  rules: number;
  ruleIds: Set<string>;
  /** (rule, image kind) listings with a finding: each names the scope once in the rule's section. */
  listings: number;
  byLevel: Record<string, number>;
}

/** What the emulators hold for each good scope, computed from their datasets (not from the report). */
function truth(): ScopeTruth[] {
  const scopes: [RunningEmulator, string, ("cicd" | "registry")[], string | undefined][] = [
    [north, "proj-a", ["cicd", "registry"], "all_granted_eps"],
    [north, "proj-c", ["registry"], undefined],
    [south, "proj-b", ["cicd", "registry"], undefined],
  ];
  return scopes.map(([emulator, projectId, kinds, ep]) => {
    const byLevel: Record<string, number> = Object.fromEntries(RISK_LEVELS.map((l) => [l, 0]));
    const images = new Set<string>();
    let findings = 0;
    let listings = 0;
    const ruleIds = new Set<string>();
    for (const kind of kinds) {
      for (const rule of emulator.dataset.rules(projectId, kind, "en-us", { enterprise_project_id: ep })) {
        const list = emulator.dataset.images(projectId, kind, rule.rule_id, "en-us", { enterprise_project_id: ep });
        if (list.length === 0) continue;
        listings++;
        ruleIds.add(rule.rule_id);
        findings += list.length;
        byLevel[rule.risk_level] = (byLevel[rule.risk_level] ?? 0) + list.length;
        for (const image of list) images.add(image.image_id || image.image_digest);
      }
    }
    return {
      id: `${hostOf(emulator)}/${projectId}${ep ? `/${ep}` : ""}`,
      findings,
      images: images.size,
      rules: ruleIds.size,
      ruleIds,
      listings,
      byLevel,
    };
  });
}

function pdfPages(file: string): string[] {
  const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  expect(pages).toBeGreaterThan(3);
  // One pdftotext call per page: what each page says on its own.
  return Array.from({ length: pages }, (_, i) =>
    execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), "-enc", "UTF-8", file, "-"], {
      encoding: "utf8",
    }),
  );
}

async function openHtml(file: string) {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  await context.route("**/*", (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const page = await context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url, { waitUntil: "load" });
  return { page, context, errors, requests, url };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

/** Words of the report itself (catalogue keys) checked in both languages, in the page and in the PDF. */
const WORDS = [
  "title",
  "summary.title",
  "sections.scopes",
  "sections.rules",
  "sections.images",
  "meta.dataTime",
  "summary.affectedImages",
  "summary.rulesWithFindings",
  "image.lastScan",
  "rule.description",
];

describe("fleet report across two regions", () => {
  it("refuses a secret written inline in the config file", async () => {
    const config = await writeConfig(
      "inline-secret.yaml",
      `scopes:\n  - endpoint: ${north.url}\n    project_id: proj-a\n    credentials: { token: ${NORTH_TOKEN} }\n`,
    );
    const run = await runCli(["--config", config, "--out", join(work.dir, "inline")], { env, cwd: work.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Secrets never go in the config file");
    expect(run.stderr).toContain("token_env");
    expect(run.stderr + run.stdout).not.toContain(NORTH_TOKEN);
    expect(await listFiles(join(work.dir, "inline"))).toEqual([]);
  });

  for (const lang of ["zh-cn", "en-us"] as const) {
    it(`reads every scope, paced per region, into one report (${lang})`, async () => {
      const config = await writeConfig(`fleet-${lang}.yaml`, fleetConfig());
      const out = join(work.dir, `fleet-${lang}`);
      const northBefore = north.requestLog.length;
      const southBefore = south.requestLog.length;
      const run = await runCli(["--config", config, "--lang", lang, "--concurrency", "8", "--out", out], {
        env,
        cwd: work.dir,
      });
      expect(run.code, run.stderr).toBe(0);
      const m = messages(lang);
      const t = catalogues[lang];
      const other = catalogues[lang === "zh-cn" ? "en-us" : "zh-cn"];
      const expected = truth();

      // Both regions were read, every request in the reader's language, and neither throttled a single one.
      const northLog = north.requestLog.slice(northBefore).filter((e) => e.endpoint !== undefined);
      const southLog = south.requestLog.slice(southBefore).filter((e) => e.endpoint !== undefined);
      expect(northLog.length).toBeGreaterThan(10);
      expect(southLog.length).toBeGreaterThan(5);
      expect(new Set(northLog.map((e) => e.projectId))).toEqual(new Set(["proj-a", "proj-c"]));
      for (const entry of [...northLog, ...southLog]) {
        expect(entry.status, `${entry.path} ${JSON.stringify(entry.query)}`).toBe(200);
        expect(entry.language).toBe(lang);
      }

      // Evidence: every response names a scope of the run, each scope has its own.
      const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
      const ids = expected.map((s) => s.id);
      expect(evidence.run.scopes.map((s) => s.id)).toEqual(ids);
      expect(evidence.run.lang).toBe(lang);
      expect(evidence.failures).toEqual([]);
      for (const response of evidence.responses) expect(ids).toContain(response.scopeId);
      expect(new Set(evidence.responses.map((r) => r.scopeId))).toEqual(new Set(ids));
      const proj = evidence.responses.filter((r) => r.scopeId === ids[0]);
      for (const response of proj) expect(response.query.enterprise_project_id).toBe("all_granted_eps");

      // CSV: one row per finding, the scope first on every row.
      const csv = await readFile(join(out, "images.csv"), "utf8");
      const [head, ...rows] = parseCsv(csv.slice(1));
      expect(head?.[0]).toBe("scope");
      expect(rows.length).toBe(expected.reduce((n, s) => n + s.findings, 0));
      for (const row of rows) expect(ids).toContain(row[0]);
      for (const scope of expected) expect(rows.filter((r) => r[0] === scope.id)).toHaveLength(scope.findings);

      // HTML in Chromium: fleet summary per scope, then the scope on every finding and every indexed image.
      const total = expected.reduce((n, s) => n + s.findings, 0);
      let indexScopes: string[] = [];
      let sectionScopes: { ruleId: string; scopes: string[]; rows: string[] }[] = [];
      const { page, context, errors, requests, url } = await openHtml(join(out, "report.html"));
      try {
        expect(await page.getAttribute("html", "lang")).toBe(lang === "zh-cn" ? "zh-CN" : "en-US");
        expect(await page.locator("#fleet h2").textContent()).toBe(t["sections.scopes"]);
        expect(await page.locator("#summary h2").textContent()).toBe(t["summary.title"]);
        expect(await page.locator("#rules h2").textContent()).toBe(t["sections.rules"]);
        const fleetRows = await page.$$eval("#fleet tbody tr", (trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent?.trim() ?? "")),
        );
        expect(fleetRows.map((r) => r[0])).toEqual(ids);
        for (const [i, scope] of expected.entries()) {
          expect(fleetRows[i]?.[1]).toBe(t["scope.ok"]);
          expect(fleetRows[i]?.slice(2)).toEqual(
            [scope.rules, scope.images, ...RISK_LEVELS.map((l) => scope.byLevel[l] ?? 0)].map((n) => m.number(n)),
          );
        }
        sectionScopes = await page.$$eval("section.rule", (sections) =>
          sections.map((s) => ({
            ruleId: s.querySelector(".rid")?.textContent ?? "",
            scopes: Array.from(s.querySelectorAll(".where .im"), (el) => el.textContent ?? ""),
            rows: Array.from(s.querySelectorAll(".dt tbody tr"), (tr) => tr.querySelector("td")?.textContent ?? ""),
          })),
        );
        // One section per rule id, however many scopes and image kinds list it.
        const ruleIds = new Set(expected.flatMap((s) => [...s.ruleIds]));
        expect(sectionScopes.map((s) => s.ruleId).sort()).toEqual([...ruleIds].sort());
        let findingRows = 0;
        for (const section of sectionScopes) {
          expect([...new Set(section.scopes)].sort()).toEqual(
            [...new Set(expected.filter((s) => s.ruleIds.has(section.ruleId)).map((s) => s.id))].sort(),
          );
          // Every finding row starts with its scope, one of those that list the rule.
          for (const cell of section.rows) expect(section.scopes).toContain(cell);
          findingRows += section.rows.length;
        }
        expect(findingRows).toBe(rows.length);
        indexScopes = await page.$$eval("#images .dt tbody tr", (trs) =>
          trs.map((tr) => tr.querySelector("td")?.textContent ?? ""),
        );
        expect(indexScopes.length).toBe(expected.reduce((n, s) => n + s.images, 0));
        for (const scope of expected) expect(indexScopes.filter((s) => s === scope.id)).toHaveLength(scope.images);

        // The report's own words, dates and numbers in the reader's language.
        const lead = (await page.locator("#summary .lead").textContent()) ?? "";
        expect(lead).toContain(
          m.count("summary.sentence", indexScopes.length, {
            images: m.count("summary.imageCount", indexScopes.length),
            rules: m.count("summary.ruleCount", sectionScopes.length),
            findings: m.count("md.findingCount", total),
          }),
        );
        const dataTime = (await page.locator("#run dl.meta div:first-child dd").textContent()) ?? "";
        expect(dataTime).toBe(m.dateTime(evidence.run.startedAt));
        expect(dataTime).toMatch(
          lang === "zh-cn" ? /^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC$/ : /^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
        );
        // The page's words in this language and none in the other (image names are data: they may be Chinese).
        // (The text as written, not as styled: headings are upper-cased by CSS; the script is not text.)
        const body = await page.evaluate(() => {
          const copy = document.body.cloneNode(true) as HTMLElement;
          copy.querySelectorAll("script, style").forEach((el) => {
            el.remove();
          });
          return copy.textContent ?? "";
        });
        for (const key of WORDS) {
          expect(body, key).toContain(t[key]);
          expect(body, key).not.toContain(other[key]);
        }
        expect(errors).toEqual([]);
        expect(requests).toEqual([url]);
      } finally {
        await context.close();
      }

      // PDF text: headings, the fleet table, the scope on every finding, dates and counts in the language.
      const pages = pdfPages(join(out, "report.pdf"));
      const all = pages.join("\n");
      for (const key of WORDS) {
        expect(all, key).toContain(t[key]);
        expect(all, key).not.toContain(other[key]);
      }
      expect(all).toContain(m.dateTime(evidence.run.startedAt));
      expect(all).toContain(
        m.count("summary.sentence", indexScopes.length, {
          images: m.count("summary.imageCount", indexScopes.length),
          rules: m.count("summary.ruleCount", sectionScopes.length),
          findings: m.count("md.findingCount", total),
        }),
      );
      pages.forEach((text, i) => {
        expect(text).toContain(m.t("page", { page: m.number(i + 1), pages: m.number(pages.length) }));
      });
      for (const scope of expected) {
        // Cover + fleet table + each rule's facts + each finding row + each indexed image. (A long scope id wraps
        // in its table cell: count its region/project part, which stays on one line.)
        const head = scope.id.split("/").slice(0, 2).join("/");
        expect(count(all, head), head).toBeGreaterThanOrEqual(2 + scope.listings + scope.findings + scope.images);
      }
    }, 120_000);
  }

  it("control: without the per-region pacing the same fleet is throttled (so the check above can fail)", async () => {
    const config = await writeConfig("fleet-unpaced.yaml", fleetConfig({ rate: 1000 }).replace(/^retry:.*\n/m, ""));
    const out = join(work.dir, "fleet-unpaced");
    const before = north.requestLog.length;
    const run = await runCli(["--config", config, "--format", "json", "--out", out], { env, cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    expect(north.requestLog.slice(before).filter((e) => e.status === 429).length).toBeGreaterThan(0);
  }, 120_000);

  it("a scope with bad credentials and a region that is down: exit 3, both named, nothing written", async () => {
    const config = await writeConfig("fleet-broken.yaml", fleetConfig({ broken: true }));
    const out = join(work.dir, "fleet-broken");
    const run = await runCli(["--config", config, "--out", out], { env, cwd: work.dir });
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain("2 scopes could not be read");
    expect(run.stderr).toMatch(new RegExp(`${hostOf(south)}/proj-d: .*401`));
    expect(run.stderr).toContain(`127.0.0.1:${closedPort}/proj-down: `);
    expect(run.stderr).toContain("--allow-partial");
    expect(run.stderr).not.toContain(env.WRONG_TOKEN);
    expect(await listFiles(out)).toEqual([]);
  }, 120_000);

  for (const lang of ["en-us", "zh-cn"] as const) {
    it(`with --allow-partial: the others written, the missing scopes named, PARTIAL on every page (${lang})`, async () => {
      const config = await writeConfig(`fleet-partial-${lang}.yaml`, fleetConfig({ broken: true }));
      const out = join(work.dir, `fleet-partial-${lang}`);
      const run = await runCli(["--config", config, "--allow-partial", "--lang", lang, "--out", out], {
        env,
        cwd: work.dir,
      });
      expect(run.code, run.stderr).toBe(6); // written, but PARTIAL
      const t = catalogues[lang];
      const good = truth();
      const badAuth = `${hostOf(south)}/proj-d`;
      const down = `127.0.0.1:${closedPort}/proj-down`;

      const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
      expect(evidence.failures.map((f) => f.scopeId)).toEqual([badAuth, down]);
      expect(evidence.failures[0]?.message).toContain("401");
      expect(new Set(evidence.responses.map((r) => r.scopeId))).toEqual(new Set(good.map((s) => s.id)));
      const rows = parseCsv((await readFile(join(out, "images.csv"), "utf8")).slice(1)).slice(1);
      expect(rows.length).toBe(good.reduce((n, s) => n + s.findings, 0));

      // HTML: the PARTIAL banner names each missing scope and why; the fleet table marks them missing.
      const { page, context, errors } = await openHtml(join(out, "report.html"));
      try {
        const banner = page.locator(".banner.partial");
        expect(await banner.locator("strong").textContent()).toBe(t.partial);
        const items = await banner.locator("li").allTextContents();
        expect(items).toHaveLength(2);
        expect(items[0]).toContain(badAuth);
        expect(items[0]).toContain("401");
        expect(items[1]).toContain(down);
        expect(items[1]).toContain(evidence.failures[1]?.message ?? "?");
        expect(await page.title()).toContain(t.partial);
        const missing = await page.$$eval("#fleet tbody tr.failed td:first-child", (tds) =>
          tds.map((td) => td.textContent),
        );
        expect(missing).toEqual([badAuth, down]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }

      // PDF: every page, read on its own, says PARTIAL; the cover names the missing scopes.
      const pages = pdfPages(join(out, "report.pdf"));
      pages.forEach((text, i) => {
        expect(text, `page ${i + 1}`).toContain(t.partial);
      });
      const flat = (pages[0] ?? "").replace(/\s+/g, "");
      expect(pages[0]).toContain(t["pdf.failures"]);
      expect(flat).toContain(badAuth);
      expect(flat).toContain(down);
    }, 120_000);
  }
});
