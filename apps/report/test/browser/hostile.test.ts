// Hostile data: the emulator's adversarial values (markup, handlebars, CSV formula prefixes, control and
// bidi characters, CJK, emoji, a 65,534-character remediation, 256-character instructions) through the real CLI
// and every format: HTML in real Chromium, PDF through poppler, CSV through a real CSV parser, the evidence round trip.
import { execFileSync } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type ImageInfo, type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { parse } from "csv-parse/sync";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/evidence/types.js";
import { maskText } from "../../src/mask/text.js";
import { everyChunkRendered, launchChromium } from "../helpers/browser.js";
import { assertBuilt, runCli, tempDir } from "../helpers/cli.js";

const TOKEN = "tok-HOSTILE-4b1d9e0c7a2f";
// Values the emulator's hostile data is built from (packages/emulator/src/data/hostile.ts): found in the data below.
const MARKERS = [
  "<script>",
  "onerror=",
  "{{",
  "javascript:",
  "\u202E",
  "\u0000",
  "=HYPERLINK",
  "😀",
  "镜像",
  "</td>",
  "${jndi",
  "@SUM",
  "+cmd",
  "-2+3",
];

let hss: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let out: string;
let browser: Browser | undefined;

interface Finding {
  kind: "cicd" | "registry";
  ruleId: string;
  ruleName: string;
  image: ImageInfo;
}
const findings: Finding[] = [];

beforeAll(async () => {
  assertBuilt();
  hss = await startEmulator({ seed: "h3", images: 40, hostile: true, tokens: [TOKEN] });
  work = await tempDir();
  out = join(work.dir, "report");
  const run = await runCli(["--endpoint", hss.url, "--project-id", hss.projectId, "--out", out], {
    env: { HSS_AUTH_TOKEN: TOKEN },
    cwd: work.dir,
  });
  expect(run.code, run.stderr).toBe(0);
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of hss.dataset.rules(hss.projectId, kind)) {
      for (const image of hss.dataset.images(hss.projectId, kind, rule.rule_id)) {
        findings.push({ kind, ruleId: rule.rule_id, ruleName: rule.risk_name, image: await masked(image) });
      }
    }
  }
});

/** The image as every output must show it: the secrets planted among the hostile values masked (mask.test.ts). */
async function masked(image: ImageInfo): Promise<ImageInfo> {
  const risk_list = await Promise.all(
    image.risk_detail_info.risk_list.map(async (risk) => ({
      build_instruction: (await maskText(risk.build_instruction)).text,
      remediation: (await maskText(risk.remediation)).text,
    })),
  );
  return { ...image, risk_detail_info: { ...image.risk_detail_info, risk_list } };
}
afterAll(async () => {
  await browser?.close();
  await hss?.close();
  await work?.cleanup();
});

/** Every distinct text value of the data: rule names, namespaces, names, versions, instructions, remediations. */
function texts(): Set<string> {
  const all = new Set<string>();
  for (const f of findings) {
    all.add(f.ruleName);
    for (const value of [f.image.namespace, f.image.image_name, f.image.image_version]) all.add(value);
    for (const risk of f.image.risk_detail_info.risk_list) {
      if (risk.build_instruction !== "--") all.add(risk.build_instruction);
      all.add(risk.remediation);
    }
  }
  all.delete("");
  return all;
}

it("the data really is hostile", () => {
  const joined = [...texts()].join("\n");
  for (const marker of MARKERS) expect(joined, marker).toContain(marker);
  expect([...texts()].some((t) => t.length === 65_534)).toBe(true);
  expect([...texts()].some((t) => t.length === 256)).toBe(true);
  expect(findings.some((f) => f.ruleId === "BCR-9999")).toBe(true);
});

describe("HTML in Chromium", () => {
  it("runs no script of the data, injects no element, makes no request, and shows the values as text", async () => {
    browser = await launchChromium();
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = pathToFileURL(join(out, "report.html")).href;
    const dialogs: string[] = [];
    const requests: string[] = [];
    const errors: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on("console", (message) => {
      if (message.type() === "error") errors.push(message.text());
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await context.route("**/*", (route) => {
      const requested = route.request().url();
      if (requested !== url) requests.push(requested);
      return requested === url ? route.continue() : route.abort();
    });
    await page.goto(url, { waitUntil: "load" });
    // Let deferred rendering (chunks, the filter script) run, then show everything a reader could open.
    await everyChunkRendered(page);
    await page.evaluate(() => {
      for (const details of Array.from(document.querySelectorAll("details"))) details.open = true;
    });

    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    const dom = await page.evaluate(() => ({
      scripts: Array.from(document.querySelectorAll("script")).map((s) => s.textContent ?? ""),
      handlers: Array.from(document.querySelectorAll("*")).flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `${el.tagName} ${a.name}`),
      ),
      images: document.querySelectorAll("img, iframe, object, embed").length,
      javascriptLinks: Array.from(document.querySelectorAll("[href], [src], [action]")).filter((el) =>
        /^\s*javascript:/i.test(el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? ""),
      ).length,
      injectedRows: Array.from(document.querySelectorAll("td")).filter((td) => td.textContent === "injected").length,
      text: document.body.textContent ?? "",
    }));
    expect(dom.handlers).toEqual([]);
    expect(dom.images).toBe(0);
    expect(dom.javascriptLinks).toBe(0);
    expect(dom.injectedRows).toBe(0);
    for (const script of dom.scripts) {
      expect(script).not.toContain("alert(");
      expect(script).not.toContain("evil.example");
    }
    // The hostile values are on the page as text (control characters aside).
    const shown = dom.text.replace(/\s+/g, "");
    for (const value of [
      "<script>alert(1)</script>",
      '<img src=x onerror="alert(document.domain)">',
      "{{constructor.constructor('alert(1)')()}}",
      "</td></tr><tr><td>injected",
    ]) {
      if ([...texts()].some((t) => t.includes(value))) expect(shown).toContain(value.replace(/\s+/g, ""));
    }
    await context.close();
  });
});

/** What the PDF may drop or replace: control characters (and bidi controls) go; glyph-less ones become [U+XXXX]. */
function pdfForm(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
      .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
      .replace(/\s+/g, "")
  );
}

describe("PDF", () => {
  it("renders every page and keeps every text of the data", async () => {
    const pdf = join(out, "report.pdf");
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);
    expect(pages).toBeGreaterThan(1);
    const prefix = join(work.dir, "page");
    execFileSync("pdftoppm", ["-png", "-r", "12", pdf, prefix]);
    const rendered = (await readdir(work.dir)).filter((f) => f.startsWith("page") && f.endsWith(".png"));
    expect(rendered).toHaveLength(pages);

    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8", maxBuffer: 64 << 20 });
    // The running header and footer interleave with a value that spans pages: leave them out.
    const body = text
      .split(/[\n\f]/)
      .filter(
        (line) =>
          !/^Page \d+ of \d+$/.test(line) &&
          !line.startsWith("Image build-command risk report · ") &&
          !line.startsWith("Report ID: "),
      )
      .join("\n");
    const extracted = pdfForm(body);
    // Emoji have no glyph in the embedded fonts: the PDF names their code points instead of dropping them.
    const glyphless = (value: string) =>
      value.replace(/\p{Extended_Pictographic}/gu, (c) => `[U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}]`);
    const missing = [...texts()].filter((value) => {
      const form = pdfForm(value);
      return form !== "" && !extracted.includes(form) && !extracted.includes(pdfForm(glyphless(value)));
    });
    expect(missing.map((m) => JSON.stringify(m.slice(0, 80)))).toEqual([]);
  });
});

describe("CSV", () => {
  it("parses back with a real CSV parser: one row per finding, every value intact, formulas neutralised", async () => {
    const raw = await readFile(join(out, "images.csv"), "utf8");
    expect(raw.startsWith("\uFEFF")).toBe(true);
    const rows = parse(raw, {
      bom: true,
      relax_quotes: false,
      relax_column_count: false,
      record_delimiter: "\r\n",
    }) as string[][];
    const [header = [], ...body] = rows;
    // Columns by their identifier, so that added columns do not matter.
    const col = (name: string) => {
      const index = header.indexOf(name);
      expect(index, `column ${name}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const c = {
      ruleId: col("rule_id"),
      rule: col("rule_name"),
      namespace: col("namespace"),
      image: col("image"),
      version: col("version"),
      digest: col("digest"),
      type: col("image_type"),
      size: col("size_bytes"),
      instructions: col("instructions"),
      remediation: col("remediation"),
    };
    expect(body).toHaveLength(findings.length);
    for (const row of body) expect(row).toHaveLength(header.length);

    const formula = /^[=+\-@\t\r]/;
    for (const row of body)
      for (const cell of row) expect(formula.test(cell), JSON.stringify(cell.slice(0, 60))).toBe(false);

    const unneutralise = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    const byKey = new Map(
      body.map((row) => [`${row[c.ruleId]}|${row[c.digest]}|${row[c.type]}`, row.map(unneutralise)]),
    );
    expect(byKey.size).toBe(body.length);
    let cutCells = 0;
    for (const f of findings) {
      const row = byKey.get(`${f.ruleId}|${f.image.image_digest}|${f.image.image_type}`);
      expect(row, `${f.ruleId} ${f.image.image_digest}`).toBeDefined();
      if (!row) continue;
      expect(row[c.rule]).toBe(f.ruleName);
      expect(row[c.namespace]).toBe(f.image.namespace);
      expect(row[c.image]).toBe(f.image.image_name);
      expect(row[c.version]).toBe(f.image.image_version);
      expect(row[c.size]).toBe(String(f.image.image_size));
      const instructions = f.image.risk_detail_info.risk_list.map((r) => r.build_instruction).filter((i) => i !== "--");
      for (const instruction of instructions) expect(row[c.instructions]).toContain(instruction);
      // A cell over Excel's 32,767 characters (the 65,534-character remediation) is cut with a marker naming
      // evidence.json; what it keeps is the data's own beginning.
      const cell = row[c.remediation] ?? "";
      const cut = /… \[[^\]]*evidence\.json\]$/.exec(cell);
      expect(cell.length).toBeLessThanOrEqual(32_767);
      if (cut) cutCells++;
      for (const risk of f.image.risk_detail_info.risk_list) {
        const kept = cut ? cell.slice(0, cut.index) : cell;
        if (kept.includes(risk.remediation)) continue;
        expect(cut, "only a cut cell may miss a remediation").not.toBeNull();
        // The cut one: its start is there.
        expect(kept.includes(risk.remediation.slice(0, 1000)), "the cut remediation's start is kept").toBe(true);
      }
    }
    expect(cutCells, "the 65,534-character remediation's cells are cut").toBeGreaterThan(0);
  });
});

describe("evidence", () => {
  it("holds the hostile values as served (planted secrets masked), and re-renders to the same bytes", async () => {
    const evidence = JSON.parse(await readFile(join(out, "evidence.json"), "utf8")) as Evidence;
    const served = new Map<string, unknown>();
    for (const response of evidence.responses) {
      if (response.operation !== "ListImageBuildCommandRisksImages") continue;
      for (const image of response.body.data_list ?? [])
        served.set(`${response.query.rule_id}|${image.image_digest}|${response.query.image_type}`, image);
    }
    expect(served.size).toBe(findings.length);
    for (const f of findings) expect(served.get(`${f.ruleId}|${f.image.image_digest}|${f.kind}`)).toEqual(f.image);

    const again = join(work.dir, "again");
    const run = await runCli(["render", "--from", join(out, "evidence.json"), "--out", again], { cwd: work.dir });
    expect(run.code, run.stderr).toBe(0);
    for (const name of ["evidence.json", "images.csv", "report.html"]) {
      expect((await readFile(join(again, name))).equals(await readFile(join(out, name))), name).toBe(true);
    }
  });
});
