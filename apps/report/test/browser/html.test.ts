/// <reference lib="dom" />
// The HTML report, rendered from real report models and opened in real headless Chromium.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogues, messages } from "../../src/i18n/index.js";
import { imageReference } from "../../src/model/keys.js";
import { CJK_FAMILY, cjkCharacters } from "../../src/render/html/cjk-font.js";
import { escapeHtml, renderHtml, renderHtmlWithFonts } from "../../src/render/html/index.js";
import { CHUNK_ROWS, COMPACT_FINDINGS } from "../../src/render/html/render.js";
import { kpis } from "../../src/render/kpis.js";
import { HOSTILE, type HtmlFixtureOptions, makeHtmlReport } from "../fixtures/html.js";
import { launchChromium } from "../helpers/browser.js";

const dir = mkdtempSync(join(tmpdir(), "hss-html-"));
/** Screenshots and sample files for a human to look at (kept when HSS_HTML_ARTIFACTS is set). */
const artifacts = process.env.HSS_HTML_ARTIFACTS;
if (artifacts) mkdirSync(artifacts, { recursive: true });

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  context: BrowserContext;
  url: string;
  requests: string[];
  errors: string[];
}

let fileCount = 0;
function write(html: string, name = `report-${++fileCount}.html`): string {
  const file = join(dir, name);
  writeFileSync(file, html);
  if (artifacts) writeFileSync(join(artifacts, name), html);
  return file;
}

async function open(html: string, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Opened> {
  const file = write(html);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: options.width ?? 1400, height: 900 },
  });
  const requests: string[] = [];
  const errors: string[] = [];
  // Anything but the file itself is a failure: record it and refuse it.
  await context.route("**/*", (route) => {
    if (route.request().url() === url) return route.continue();
    return route.abort();
  });
  const page = await context.newPage();
  page.on("request", (request) => requests.push(request.url()));
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") errors.push(`${message.type()}: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(url, { waitUntil: "load" });
  return { page, context, url, requests, errors };
}

const render = (options: HtmlFixtureOptions) => renderHtml(makeHtmlReport(options));

describe("renderHtml (string)", () => {
  it("is one self-contained document with a strict CSP and no external reference", () => {
    const html = render({ images: 30, demo: true });
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#x27;none&#x27;; style-src &#x27;sha256-/,
    );
    expect(html).not.toMatch(/<(link|iframe|object|embed|base|img)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html.match(/<style>/g)).toHaveLength(1);
    // Every href points inside the document.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^#/);
  });

  it("escapes every hostile string", () => {
    const html = render({ images: 30, hostile: true, failure: true, waivers: true, baseline: true, scopes: 2 });
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain("<script>window");
    expect(html).not.toContain("<svg onload");
    expect(html).not.toContain('" onmouseover="');
    expect(html).not.toContain("\u202E");
    expect(html).not.toContain("\u0000");
    expect(html).not.toContain("\u001b");
    expect(html).toContain("&lt;img src&#x3D;x onerror&#x3D;window.__pwned&#x3D;1&gt;");
    expect(html).toContain("evil[U+202E]gnp.exe");
    expect(html).toContain("ctl\u2400\u2407\u241b[31mred");
    expect(html).toContain("{{constructor.constructor(&#x27;window.__pwned&#x3D;1&#x27;)()}}");
    expect(html).toContain("镜像-仓库🚀");
  });

  it("prints a shared remediation once, and numbers per-instruction remediations", () => {
    const report = makeHtmlReport({ images: 40 });
    const html = renderHtml(report);
    const shared = "Add `USER 10001` (a non-root user) before the ENTRYPOINT.".replace(/`/g, "&#x60;");
    const sections = (ruleId: string) => report.sections.filter((s) => s.ruleId === ruleId);
    // Once per rule (one section per rule id, whatever image kinds list it), never per image.
    expect(sections("IMG-NO-USER").every((s) => s.sharedRemediation !== undefined)).toBe(true);
    expect(html.split(shared)).toHaveLength(sections("IMG-NO-USER").length + 1);
    // IMG-ADD-URL has two remediations: listed once each per section, referenced from the rows.
    expect(sections("IMG-ADD-URL").every((s) => s.sharedRemediation === undefined)).toBe(true);
    expect(html.split("Replace ADD with COPY for local files.")).toHaveLength(sections("IMG-ADD-URL").length + 1);
    expect(html).toMatch(/<a href=#r\d+-m\d+>\[\d+\]<\/a>/);
  });

  it("keeps the rule tables compact above COMPACT_FINDINGS, with the details in the image index", () => {
    const report = makeHtmlReport({ images: 13_000 });
    expect(report.summary.findings).toBeGreaterThan(COMPACT_FINDINGS);
    const html = renderHtml(report);
    expect(html).toContain(escapeHtml(catalogues["en-us"]["rule.compact"] ?? "-"));
    const ruleTable = html.slice(html.indexOf('<section class="rule'), html.indexOf('<section id="images"'));
    expect(ruleTable).not.toContain("class=dg");
    const index = html.slice(html.indexOf('<section id="images"'));
    expect(index.match(/<tr data-l/g)).toHaveLength(report.imageIndex.length);
    expect(index.split("class=dg").length - 1).toBe(report.imageIndex.length);
  });

  it("shows each image's last scan exactly as messages().dateTime does, in both languages", () => {
    for (const lang of ["en-us", "zh-cn"] as const) {
      const report = makeHtmlReport({ images: 30, lang });
      const html = renderHtml(report);
      const m = messages(lang);
      for (const image of report.images.values())
        expect(html).toContain(`<td>${escapeHtml(m.dateTime(image.latestScanTime))}`);
    }
  });

  it("uses only catalogue texts: every key the template asks for exists in both languages", () => {
    const en = render({ images: 10, lang: "en-us", failure: true, waivers: true, baseline: true, scopes: 2 });
    const zh = render({ images: 10, lang: "zh-cn", failure: true, waivers: true, baseline: true, scopes: 2 });
    for (const key of ["sections.rules", "sections.images", "summary.title", "sections.changes", "sections.scopes"]) {
      expect(en).toContain(catalogues["en-us"][key]);
      expect(zh).toContain(catalogues["zh-cn"][key]);
    }
    expect(zh).toContain('<html lang="zh-CN">');
    expect(en).toContain('<html lang="en-US">');
    // No English heading leaks into the Chinese report.
    expect(zh).not.toContain(catalogues["en-us"]["sections.images"]);
    expect(zh).not.toContain(catalogues["en-us"]["summary.affectedImages"]);
  });
});

/** Rows of the tables under `selector` that the filter left shown, once every deferred chunk has become rows. */
async function shownRows(page: Page, selector: string): Promise<number> {
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  return page.$$eval(`${selector} .dt tbody tr`, (rows) => rows.filter((row) => !row.closest("[hidden]")).length);
}

describe("renderHtml in Chromium", () => {
  it("loads with no console error and no request but itself, and looks right", async () => {
    const report = makeHtmlReport({ images: 60, demo: true, failure: true, waivers: true, baseline: true, scopes: 2 });
    const html = renderHtml(report);
    // A rule is its rule_id: one section each, however many scopes and image kinds list it.
    const ruleIds = new Set([...report.findings.values()].map((f) => report.rules.get(f.ruleKey)?.ruleId));
    const { page, context, url, requests, errors } = await open(html);
    try {
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.locator(".banner.demo").isVisible()).toBe(true);
      expect(await page.locator(".banner.partial").textContent()).toContain("ap-southeast-3/proj-down");
      expect(await page.locator("#fleet tbody tr").count()).toBe(3);
      expect(await page.locator("#changes").count()).toBe(1);
      expect(await page.locator("section.rule").count()).toBe(ruleIds.size);
      expect(report.rules.size).toBeGreaterThan(ruleIds.size); // the fixture lists rules in several scopes and kinds
      expect(await page.locator("svg.chart rect.bar").count()).toBe(4);
      expect(await page.locator("tr.w").count()).toBeGreaterThan(0);
      expect(await page.locator("tr.xw .tag.exp").count()).toBeGreaterThan(0);
      expect(await page.locator("#ctl").isVisible()).toBe(true);
      if (artifacts) await page.screenshot({ path: join(artifacts, "en-top.png") });
      await page.locator("#rules").scrollIntoViewIfNeeded();
      if (artifacts) {
        await page.evaluate(() => document.querySelector("section.rule")?.scrollIntoView());
        await page.screenshot({ path: join(artifacts, "en-rules.png") });
        await page.evaluate(() => document.querySelector("#images")?.scrollIntoView());
        await page.screenshot({ path: join(artifacts, "en-index.png") });
      }
    } finally {
      await context.close();
    }
  });

  it("sets a summary panel's second heading apart from the table above it, nearer its own table", async () => {
    const { page, context } = await open(render({ images: 60 }));
    try {
      const gaps = await page.evaluate(() =>
        Array.from(document.querySelectorAll("#summary .panel h3"))
          .filter((h) => h.previousElementSibling && h.nextElementSibling)
          .map((h) => {
            const r = h.getBoundingClientRect();
            const above = (h.previousElementSibling as Element).getBoundingClientRect();
            const below = (h.nextElementSibling as Element).getBoundingClientRect();
            return { text: h.textContent, above: r.top - above.bottom, below: below.top - r.bottom };
          }),
      );
      expect(gaps.map((g) => g.text)).toContain(messages("en-us").t("summary.topNamespaces"));
      for (const g of gaps) expect(g.above, `${g.text}: ${JSON.stringify(g)}`).toBeGreaterThan(g.below);
    } finally {
      await context.close();
    }
  });

  it("shows the headline figures of kpis() as cards, waived findings included when there are none", async () => {
    for (const options of [{ images: 40 }, { images: 40, waivers: true, lang: "zh-cn" as const }]) {
      const report = makeHtmlReport(options);
      const m = messages(options.lang ?? "en-us");
      const { page, context } = await open(renderHtml(report));
      try {
        const cards = await page.$$eval("#summary .card", (els) =>
          els.map((el) => [el.querySelector(".cl")?.textContent, el.querySelector(".cv")?.textContent]),
        );
        const expected = kpis(report.summary, (key) => m.t(key)).map((k) => [k.label, m.number(k.value)]);
        expect(cards).toEqual(expected);
        expect(cards.map(([label]) => label)).toContain(m.t("summary.waived"));
      } finally {
        await context.close();
      }
    }
  });

  it("keeps 'Found in' beside its listings: every listing starts right of the label, one under another", async () => {
    const report = makeHtmlReport({ images: 60, scopes: 2 });
    const index = report.sections.findIndex((s) => s.listings.length > 1);
    if (index < 0) throw new Error("fixture has no rule listed in several scopes or kinds");
    // Narrow enough that a listing wraps inside its own column.
    for (const width of [1400, 360]) {
      const { page, context } = await open(renderHtml(report), { width });
      try {
        const box = await page.evaluate((i) => {
          const fi = document.querySelectorAll("section.rule")[i]?.querySelector(".facts .fi");
          const dt = fi?.querySelector("dt")?.getBoundingClientRect();
          const lis = Array.from(fi?.querySelectorAll("li") ?? []).map((li) => {
            const range = document.createRange();
            range.selectNodeContents(li);
            return { rect: li.getBoundingClientRect(), lines: Array.from(range.getClientRects()).map((r) => r.left) };
          });
          return dt && { dt: { right: dt.right, top: dt.top }, lis };
        }, index);
        if (!box) throw new Error("no Found in facts");
        expect(box.lis.length).toBe(report.sections[index]?.listings.length);
        const left = box.lis[0]?.rect.left as number;
        expect(left).toBeGreaterThan(box.dt.right);
        // The first listing on the label's line.
        expect(Math.abs((box.lis[0]?.rect.top as number) - box.dt.top)).toBeLessThan(4);
        for (const li of box.lis) {
          expect(li.rect.left).toBeCloseTo(left, 0);
          for (const x of li.lines) expect(x).toBeGreaterThanOrEqual(left - 0.5);
        }
      } finally {
        await context.close();
      }
    }
  });

  it("shows hostile data as text: no element injected, no script run", async () => {
    const html = render({ images: 30, hostile: true, failure: true, waivers: true, baseline: true, scopes: 2 });
    const { page, context, url, requests, errors } = await open(html);
    try {
      await page.mouse.move(300, 300);
      await page.locator("section.rule .dt tbody tr").first().hover();
      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator("script").count()).toBe(1);
      expect(await page.locator("img, iframe, object, embed").count()).toBe(0);
      expect(await page.locator("svg").count()).toBe(1);
      expect(await page.locator("[onerror], [onload], [onmouseover]").count()).toBe(0);
      // textContent: innerText skips the chunks that content-visibility has not laid out yet.
      const text = (await page.locator("body").textContent()) ?? "";
      for (const value of HOSTILE.slice(0, 6)) expect(text).toContain(value);
      expect(text).toContain("evil[U+202E]gnp.exe");
      expect(text).toContain("镜像-仓库🚀");
      // The 65,534-character remediation is there, whole, once.
      const longest = await page.evaluate(() =>
        Math.max(...Array.from(document.querySelectorAll(".remt"), (el) => el.textContent?.length ?? 0)),
      );
      expect(longest).toBe(65_534);
      if (artifacts) await page.screenshot({ path: join(artifacts, "hostile.png"), fullPage: false });
    } finally {
      await context.close();
    }
  });

  it("filters by text and level, and sorts columns", async () => {
    // More rows than one chunk: filtering right after load also covers chunks still waiting in <noscript>.
    const report = makeHtmlReport({ images: 1200 });
    expect(report.imageIndex.length).toBeGreaterThan(2 * CHUNK_ROWS);
    const { page, context, errors } = await open(renderHtml(report));
    try {
      // The filter decides rows still waiting in <noscript> too: they arrive hidden or shown as decided.
      const visibleRows = () => shownRows(page, "#images");
      const all = report.imageIndex.length;
      await page.fill("#q", "ledger-3");
      await page.press("#q", "Enter");
      const expected = [...report.images.values()].filter(
        (i) => i.name === "ledger-3" || i.name.startsWith("ledger-3"),
      ).length;
      expect(expected).toBeGreaterThan(0);
      expect(await visibleRows()).toBe(expected);
      expect(await page.locator("#qn").textContent()).toMatch(/rows shown/);
      // Sections without a match are hidden.
      expect(await page.locator("section.rule:visible").count()).toBeLessThan(report.sections.length);
      await page.fill("#q", "");
      await page.press("#q", "Enter");
      expect(await visibleRows()).toBe(all);

      // Level filter: unticking "critical" hides the critical rule and images that only break it.
      await page.locator('#ctl input[value="c"]').uncheck();
      expect(await page.locator("section.rule.lv-critical:visible").count()).toBe(0);
      const onlyCritical = report.imageIndex.filter((e) =>
        e.findings.every((k) => report.findings.get(k)?.level === "critical"),
      ).length;
      expect(await visibleRows()).toBe(all - onlyCritical);
      await page.locator('#ctl input[value="c"]').check();

      // Sort the image index by size, both ways (checked against the model's sizes).
      // The report shows sizes to 0.1 MB (all fixture images are 30-930 MB): that is the precision sorted on.
      const sizeOf = new Map(
        [...report.images.values()].map((image) => [
          imageReference(image),
          Math.round(Number(image.size ?? -1) / 100_000),
        ]),
      );
      const sizes = async () =>
        (
          await page.$$eval("#images .dt tbody tr", (rows) =>
            rows.map((row) => (row as HTMLTableRowElement).cells[0]?.textContent ?? ""),
          )
        ).map((ref) => sizeOf.get(ref) ?? Number.NaN);
      const sizeHeader = page.locator("#images .dt thead th").nth(3).locator("button").first();
      await sizeHeader.click();
      const ascending = await sizes();
      expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
      await sizeHeader.click();
      const descending = await sizes();
      expect(descending).toEqual([...ascending].sort((a, b) => b - a));
      expect(await page.locator("#images .dt thead th").nth(3).getAttribute("aria-sort")).toBe("descending");
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("turns every deferred chunk into rows: near the screen, when idle, before printing", async () => {
    const report = makeHtmlReport({ images: 2000 });
    const html = renderHtml(report);
    const deferred = html.split("<noscript>").length - 1;
    expect(deferred).toBeGreaterThan(3);
    const { page, context, errors } = await open(html);
    try {
      // Whatever the idle work has done so far, "beforeprint" finishes it synchronously.
      await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
      expect(await page.locator(".ch.lz").count()).toBe(0);
      expect(await page.locator("noscript").count()).toBe(0);
      expect(await page.locator("#images .dt tbody tr").count()).toBe(report.imageIndex.length);
      const findings = report.sections.reduce((n, s) => n + s.findings.length, 0);
      expect(await page.locator("section.rule .dt tbody tr").count()).toBe(findings);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
    // And with no help at all, idle time gets there.
    const again = await open(html);
    try {
      await again.page.waitForFunction(() => document.querySelectorAll(".ch.lz").length === 0, undefined, {
        timeout: 30_000,
      });
      expect(await again.page.locator("#images .dt tbody tr").count()).toBe(report.imageIndex.length);
    } finally {
      await again.context.close();
    }
  });

  it("keeps all content with JavaScript disabled", async () => {
    const report = makeHtmlReport({ images: 1200, waivers: true });
    const { page, context, errors } = await open(renderHtml(report), { javaScriptEnabled: false });
    try {
      expect(errors).toEqual([]);
      expect(await page.locator("#ctl").isVisible()).toBe(false);
      expect(await page.locator("#images .dt tbody tr").count()).toBe(report.imageIndex.length);
      const findings = report.sections.reduce((n, s) => n + s.findings.length, 0);
      expect(await page.locator("section.rule .dt tbody tr").count()).toBe(findings);
      expect(await page.locator("th button").count()).toBe(0);
      expect(await page.locator("section.rule:visible").count()).toBe(report.sections.length);
    } finally {
      await context.close();
    }
  });

  it("renders in Chinese", async () => {
    const { page, context, errors } = await open(render({ images: 40, lang: "zh-cn", scopes: 2, baseline: true }));
    try {
      expect(errors).toEqual([]);
      expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
      const headings = await page.locator("h2").allInnerTexts();
      expect(headings.join("|")).toContain("摘要");
      expect(headings.join("|")).toContain("按规则列出的发现项");
      expect(headings.join("|")).toContain("镜像索引");
      expect(headings.join("|")).toContain("自上次报告以来的变化");
      expect(await page.locator("section.rule .lvl").first().textContent()).toBe("危急");
      expect(await page.locator("#q").getAttribute("placeholder")).toBe(catalogues["zh-cn"]["filter.placeholder"]);
      if (artifacts) await page.screenshot({ path: join(artifacts, "zh-top.png") });
    } finally {
      await context.close();
    }
  });

  it("draws Chinese text with the glyphs it embeds, on a machine without a CJK font, and embeds none for Latin text", async () => {
    const en = makeHtmlReport({ images: 30 });
    const latin = renderHtml(en);
    expect(cjkCharacters(latin.slice(0, latin.lastIndexOf("<script>")))).toBe("");
    expect(await renderHtmlWithFonts(en)).toBe(latin);
    for (const [report, selector] of [
      [makeHtmlReport({ images: 40, lang: "zh-cn" }), "#summary h2"],
      [makeHtmlReport({ images: 30, hostile: true }), "#images .it tbody td"],
    ] as const) {
      const html = await renderHtmlWithFonts(report);
      expect(html).toContain("font-src data:");
      const { page, context, errors } = await open(html);
      try {
        expect(errors).toEqual([]);
        // Chromium's own account of the fonts that drew an element's text (DevTools protocol).
        const cdp = await context.newCDPSession(page);
        await page.evaluate(() => document.fonts.ready);
        const { root } = await cdp.send("DOM.getDocument", {});
        await cdp.send("CSS.enable");
        const nodes = await cdp.send("DOM.querySelectorAll", { nodeId: root.nodeId, selector });
        const cells = await page.$$eval(selector, (els) => els.map((el) => el.textContent ?? ""));
        const at = cells.findIndex((text) => cjkCharacters(text) !== "");
        expect(at).toBeGreaterThanOrEqual(0);
        const { fonts } = await cdp.send("CSS.getPlatformFontsForNode", { nodeId: nodes.nodeIds[at] as number });
        const cjk = cjkCharacters(cells[at] as string);
        // The embedded Noto Sans Hans (a web font) drew at least one glyph per CJK character; without it, this
        // machine (no CJK font installed) draws them as boxes in a Latin font.
        const drawn = fonts.filter((f) => f.isCustomFont && f.postScriptName === "NotoSansHans-Regular");
        expect(
          drawn.reduce((n, f) => n + f.glyphCount, 0),
          JSON.stringify(fonts),
        ).toBeGreaterThanOrEqual([...cjk].length);
        expect(
          await page.evaluate(([family, text]) => document.fonts.check(`16px "${family}"`, text), [CJK_FAMILY, cjk]),
        ).toBe(true);
      } finally {
        await context.close();
      }
    }
  });

  it("prints: landscape, no controls, headers repeated, everything laid out", async () => {
    const report = makeHtmlReport({ images: 300, waivers: true, demo: true });
    const { page, context, errors } = await open(renderHtml(report));
    try {
      await page.emulateMedia({ media: "print" });
      expect(await page.locator("#ctl").isVisible()).toBe(false);
      const style = await page.evaluate(() => {
        const th = document.querySelector("#images .dt thead th");
        const thead = document.querySelector("#images .dt thead");
        const chunk = document.querySelector("#images .ch");
        return {
          position: th ? getComputedStyle(th).position : "",
          thead: thead ? getComputedStyle(thead).display : "",
          visibility: chunk ? getComputedStyle(chunk).contentVisibility : "",
        };
      });
      expect(style).toEqual({ position: "static", thead: "table-header-group", visibility: "visible" });
      // Nothing keeps a placeholder size on paper: every rule section is as tall as its content.
      const sections = await page.$$eval("section.rule", (els) =>
        els.map((el) => [getComputedStyle(el).contentVisibility, el.getBoundingClientRect().height]),
      );
      for (const [visibility, height] of sections) {
        expect(visibility).toBe("visible");
        expect(height).toBeLessThan(15_000);
      }
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      // Landscape A4: the first page's MediaBox is wider than tall.
      const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString("latin1"));
      expect(Number(box?.[1])).toBeGreaterThan(Number(box?.[2]));
      if (artifacts) writeFileSync(join(artifacts, "print.pdf"), pdf);
      // Every printed page carries the running header and "page x of y" footer from the page margins.
      const pdfFile = join(dir, "print.pdf");
      writeFileSync(pdfFile, pdf);
      const pages = execFileSync("pdftotext", ["-layout", pdfFile, "-"], { encoding: "utf8" })
        .split("\f")
        .filter((p) => p.trim());
      expect(pages.length).toBeGreaterThan(3);
      pages.forEach((text, i) => {
        expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
        expect(text).toContain("DEMO DATA");
        expect(text).toContain(report.meta.reportId);
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("filters by scope, image type and status (new, waived)", async () => {
    const report = makeHtmlReport({ images: 700, scopes: 2, waivers: true, baseline: true });
    const html = renderHtml(report);
    expect(html.split("<noscript>").length - 1).toBeGreaterThan(1);
    const { page, context, errors } = await open(html);
    try {
      const findings = [...report.findings.values()];
      const indexRows = (keep: (imageKey: string, own: typeof findings) => boolean) =>
        report.imageIndex.filter((entry) =>
          keep(
            entry.imageKey,
            entry.findings.map((k) => report.findings.get(k)).filter((f) => f !== undefined),
          ),
        ).length;
      const ruleRows = (keep: (finding: (typeof findings)[number]) => boolean) => findings.filter(keep).length;
      const choose = async (id: string, value: string) => {
        await page.selectOption(`#${id}`, value);
      };
      const scopes = report.meta.scopes.map((s) => s.id);
      const second = scopes[1] as string;
      await choose("fs", "1");
      expect(await shownRows(page, "#images")).toBe(indexRows((key) => report.images.get(key)?.scopeId === second));
      expect(await shownRows(page, "#rules")).toBe(ruleRows((f) => report.images.get(f.imageKey)?.scopeId === second));
      await choose("fs", "");

      // Image types are listed as the bar offers them; pick "harbor" by its label.
      const harbor = catalogues["en-us"]["imageType.harbor"] as string;
      await page.selectOption("#ft", { label: harbor });
      const isHarbor = (key: string) => report.images.get(key)?.type === "harbor";
      expect(await shownRows(page, "#images")).toBe(indexRows(isHarbor));
      expect(await shownRows(page, "#rules")).toBe(ruleRows((f) => isHarbor(f.imageKey)));
      expect(await page.locator("#qn").textContent()).toMatch(/rows shown/);
      await page.selectOption("#ft", "");

      const active = (f: (typeof findings)[number]) => f.waiver !== undefined && !f.waiver.expired;
      await choose("fk", "n");
      const newOnes = ruleRows((f) => f.change === "new");
      expect(newOnes).toBeGreaterThan(0);
      expect(await shownRows(page, "#rules")).toBe(newOnes);
      expect(await shownRows(page, "#images")).toBe(indexRows((_, own) => own.some((f) => f.change === "new")));
      await choose("fk", "w");
      const waived = ruleRows(active);
      expect(waived).toBeGreaterThan(0);
      expect(await shownRows(page, "#rules")).toBe(waived);
      expect(await shownRows(page, "#images")).toBe(indexRows((_, own) => own.length > 0 && own.every(active)));

      // Choices combine with each other and with the text filter; clearing them shows everything again.
      await choose("fs", "0");
      await page.fill("#q", "ledger");
      await page.press("#q", "Enter");
      const first = scopes[0] as string;
      expect(await shownRows(page, "#rules")).toBe(
        ruleRows(
          (f) =>
            active(f) &&
            report.images.get(f.imageKey)?.scopeId === first &&
            (report.images.get(f.imageKey)?.name.includes("ledger") ?? false),
        ),
      );
      await choose("fs", "");
      await choose("fk", "");
      await page.fill("#q", "");
      await page.press("#q", "Enter");
      expect(await shownRows(page, "#images")).toBe(report.imageIndex.length);
      expect(await shownRows(page, "#rules")).toBe(findings.length);
      expect(await page.locator("section.rule:visible").count()).toBe(report.sections.length);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("collapses a long remediation to its opening, opens it on a click and before printing", async () => {
    const report = makeHtmlReport({ images: 30, hostile: true });
    const { page, context, errors } = await open(renderHtml(report));
    try {
      const long = Math.max(...report.remediations.map((r) => r.length));
      expect(long).toBe(65_534);
      const details = page.locator("details.more").first();
      expect(await details.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);
      expect(await details.locator(".remt").isVisible()).toBe(false);
      expect(await details.locator(".pv").isVisible()).toBe(true);
      // The opening is a few lines, not the 65,534 characters.
      expect(((await details.locator(".pv").textContent()) ?? "").length).toBeLessThan(long / 100);
      await details.locator("summary").click();
      expect(await details.locator(".remt").isVisible()).toBe(true);
      expect(await details.locator(".pv").isVisible()).toBe(false);
      await details.locator("summary").click();
      // Short remediations are shown whole, without a control.
      const short = report.remediations.filter((r) => r.trim() && r.length < 200).length;
      expect(await page.locator(".rem .remt:not(details .remt)").count()).toBeGreaterThanOrEqual(short > 0 ? 1 : 0);
      await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
      expect(await page.$$eval("details.more", (els) => els.every((el) => (el as HTMLDetailsElement).open))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  describe.each([400, 768, 1280])("at %i px wide", (width) => {
    it("never scrolls sideways, keeps wide tables in their own box, and the filter bar covers nothing", async () => {
      const report = makeHtmlReport({ images: 60, scopes: 2, waivers: true, baseline: true, failure: true });
      const { page, context, errors } = await open(renderHtml(report), { width });
      try {
        const frame = () =>
          page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        await frame();
        const layout = await page.evaluate(() => {
          const viewport = document.documentElement.clientWidth;
          const boxes = ".tw, .tg";
          // Anything sticking out of the page that is not inside a table's own scroll box.
          const outside = Array.from(document.querySelectorAll("body *"))
            .filter((el) => !el.closest(boxes) && !el.closest("[hidden]"))
            .filter((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && (r.right > viewport + 0.5 || r.left < -0.5);
            })
            .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`);
          const scrollBoxes = Array.from(document.querySelectorAll<HTMLElement>(boxes)).map((el) => ({
            box: `${el.className} in #${el.closest("[id]")?.id}`,
            width: el.getBoundingClientRect().width,
            overflow: getComputedStyle(el).overflowX,
            scrolls: el.scrollWidth > el.clientWidth + 1,
          }));
          // No table is squeezed until words break: every column header is at least as wide as its longest word.
          const canvas = document.createElement("canvas").getContext("2d") as CanvasRenderingContext2D;
          const broken = Array.from(document.querySelectorAll<HTMLElement>("thead th"))
            .filter((cell) => cell.getBoundingClientRect().height > 0 && !cell.closest("[hidden]"))
            .filter((cell) => {
              const style = getComputedStyle(cell);
              canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
              const room =
                cell.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight);
              const words = (cell.textContent ?? "").split(/\s+/).filter((w) => w.length > 1 && w.length < 24);
              return words.some((word) => canvas.measureText(word).width > room + 1);
            })
            .map((cell) => cell.textContent);
          return {
            pageScroll: document.documentElement.scrollWidth - viewport,
            outside: outside.slice(0, 10),
            scrollBoxes,
            broken: broken.slice(0, 10),
          };
        });
        expect(layout.outside).toEqual([]);
        expect(layout.pageScroll).toBe(0);
        for (const box of layout.scrollBoxes) {
          expect(box.width).toBeLessThanOrEqual(width);
          // A box whose table is wider than it must be able to scroll.
          if (box.scrolls) expect(box.overflow, box.box).toBe("auto");
        }
        expect(layout.broken).toEqual([]);
        if (width < 700) expect(layout.scrollBoxes.some((box) => box.scrolls)).toBe(true);
        if (artifacts) await page.screenshot({ path: join(artifacts, `width-${width}-top.png`) });

        // The bar holds all of its controls inside its own box.
        const bar = await page.evaluate(() => {
          const ctl = document.getElementById("ctl") as HTMLElement;
          const r = ctl.getBoundingClientRect();
          const inside = Array.from(ctl.querySelectorAll("input, select, label, span")).every((el) => {
            const c = el.getBoundingClientRect();
            return c.width === 0 || (c.top >= r.top - 0.5 && c.bottom <= r.bottom + 0.5 && c.right <= r.right + 0.5);
          });
          return { inside, sticky: getComputedStyle(ctl).position === "sticky" };
        });
        expect(bar.inside).toBe(true);
        expect(bar.sticky).toBe(width >= 600);

        // Jumps land below the bar, and table headers stick below it: nothing is hidden under it.
        const targets = ["#r2", "#images", "#changes"];
        for (const target of targets) {
          await page.evaluate((t) => {
            location.hash = t;
          }, target);
          // Measure where the jump comes to rest: the heading in one place for ten frames running.
          await page.evaluate(
            (t) =>
              new Promise((resolve) => {
                const heading = document.querySelector(`${t} h2, ${t} h3`) as HTMLElement;
                let last = Number.NaN;
                let still = 0;
                const tick = () => {
                  const top = heading.getBoundingClientRect().top;
                  still = top === last ? still + 1 : 0;
                  last = top;
                  if (still >= 10) resolve(undefined);
                  else requestAnimationFrame(tick);
                };
                requestAnimationFrame(tick);
              }),
            target,
          );
          const place = await page.evaluate((t) => {
            const bar = (document.getElementById("ctl") as HTMLElement).getBoundingClientRect();
            const heading = (document.querySelector(`${t} h2, ${t} h3`) as HTMLElement).getBoundingClientRect();
            return {
              onScreen: heading.top >= 0 && heading.top < innerHeight,
              overlap: heading.top < bar.bottom && heading.bottom > bar.top,
            };
          }, target);
          expect(place, target).toEqual({ onScreen: true, overlap: false });
          if (artifacts) await page.screenshot({ path: join(artifacts, `width-${width}-${target.slice(1)}.png`) });
        }
        await page.evaluate(() => {
          const table = document.querySelector("#images .dt") as HTMLElement;
          window.scrollTo(0, table.getBoundingClientRect().top + window.scrollY + 400);
        });
        await frame();
        const header = await page.evaluate(() => {
          const ctl = document.getElementById("ctl") as HTMLElement;
          const th = document.querySelector("#images .dt thead th") as HTMLElement;
          const sticky = getComputedStyle(ctl).position === "sticky";
          return {
            barBottom: sticky ? ctl.getBoundingClientRect().bottom : 0,
            th: th.getBoundingClientRect().top,
            stickyHeader: getComputedStyle(th).position === "sticky",
          };
        });
        if (header.stickyHeader) expect(header.th).toBeGreaterThanOrEqual(header.barBottom - 0.5);
        expect(header.stickyHeader).toBe(width >= 760);
        if (artifacts) await page.screenshot({ path: join(artifacts, `width-${width}-scrolled.png`) });
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
