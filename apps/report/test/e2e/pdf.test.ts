// The PDF through real tools: pdftotext (text, per page), pdfinfo (metadata), pdftoppm (pages render).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { syntheticEvidence, syntheticReport } from "../../bench/pdf/synthetic.js";
import type { Lang } from "../../src/evidence/types.js";
import { messages } from "../../src/i18n/index.js";
import { buildReport } from "../../src/model/build.js";
import { imageReference } from "../../src/model/keys.js";
import { type Report, RISK_LEVELS } from "../../src/model/types.js";
import { renderHtml } from "../../src/render/html/index.js";
import { kpis } from "../../src/render/kpis.js";
import { engine } from "../../src/render/pdf/engine.js";
import { PDF_FULL_LISTING_MAX, PDF_SUMMARY_ROWS, renderPdf } from "../../src/render/pdf/index.js";
import { clean } from "../../src/render/pdf/text.js";
import { renderSummaryMd } from "../../src/render/summary-md.js";
import { makeHtmlReport } from "../fixtures/html.js";

const dir = mkdtempSync(join(tmpdir(), "hss-pdf-"));
let counter = 0;

async function render(report: Report): Promise<{ path: string; bytes: Uint8Array }> {
  const bytes = await renderPdf(report);
  const path = join(dir, `report-${counter++}.pdf`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

const text = (path: string, layout = true): string =>
  execFileSync("pdftotext", [...(layout ? ["-layout"] : []), "-enc", "UTF-8", path, "-"], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
  });
/** Text of each page (pdftotext ends every page with a form feed). */
const pages = (path: string): string[] => text(path).split("\f").slice(0, -1);
const info = (path: string): Record<string, string> =>
  Object.fromEntries(
    execFileSync("pdfinfo", ["-isodates", path], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
  );
/** Collapses whitespace so wrapped or column-spaced text can be searched. */
const flat = (s: string): string => s.replace(/\s+/g, " ");

describe("PDF report (en-us, demo, fleet, partial)", () => {
  let report: Report;
  let path: string;
  let bytes: Uint8Array;
  const m = messages("en-us");

  beforeAll(async () => {
    report = syntheticReport({ images: 300, scopes: 2, demo: true, partial: true, lang: "en-us" });
    ({ path, bytes } = await render(report));
  });

  it("lists every affected image, in the rule sections and in the image index", () => {
    const all = text(path);
    for (const image of report.images.values()) {
      const ref = imageReference(image);
      const count = all.split(ref).length - 1;
      // once per rule it breaks, once in the index
      const findings = [...report.findings.values()].filter((f) => f.imageKey === image.key).length;
      expect(count, ref).toBeGreaterThanOrEqual(findings + 1);
      expect(all).toContain(image.digest);
    }
  });

  it("draws every compact-table placeholder (none is left as text)", () => {
    const all = text(path, false);
    expect(all.includes("\u2063")).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from("\u2063", "utf8"))).toBe(false);
  });

  it("has the cover, the summary, the fleet table, the rule sections and the index", () => {
    const all = flat(text(path));
    for (const key of [
      "title",
      "summary.title",
      "sections.scopes",
      "sections.rules",
      "sections.images",
      "meta.evidenceSha256",
    ]) {
      expect(all, key).toContain(m.t(key));
    }
    expect(all).toContain(report.meta.reportId);
    expect(all).toContain(report.meta.evidenceSha256);
    for (const section of report.sections) expect(all).toContain(`${section.ruleId} · ${section.name}`);
    for (const scope of report.meta.scopes) expect(all).toContain(scope.id);
    expect(all).toContain(m.t("pdf.failures"));
    expect(all).toContain("401 Unauthorized: token expired");
  });

  it("says DEMO DATA and PARTIAL on every page, with page numbers", () => {
    const list = pages(path);
    expect(list.length).toBeGreaterThan(5);
    list.forEach((page, i) => {
      expect(page, `page ${i + 1}`).toContain(m.t("demoData"));
      expect(page, `page ${i + 1}`).toContain(m.t("partial"));
      expect(flat(page), `page ${i + 1}`).toContain(m.t("page", { page: i + 1, pages: list.length }));
    });
  });

  it("carries metadata from the report (dates from the data time, not the clock)", () => {
    const meta = info(path);
    expect(meta.Title).toContain(m.t("title"));
    expect(meta.Title).toContain(m.t("demoData"));
    expect(meta.Author).toBe(`${report.meta.tool.name} ${report.meta.tool.version}`);
    expect(meta.Subject).toContain(m.count("meta.scopeCount", 2));
    expect(meta.Keywords).toBe(m.t("pdf.keywords"));
    expect(meta.CreationDate).toBe("2026-11-27T08:00:00Z");
    expect(meta.ModDate).toBe("2026-11-27T08:00:00Z");
    expect(Number(meta.Pages)).toBe(pages(path).length);
  });

  it("has bookmarks for the sections and every rule", () => {
    const raw = Buffer.from(bytes).toString("latin1");
    expect(raw).toContain("/Outlines");
    // one outline entry per section heading and per rule (titles are UTF-16 hex strings)
    const count = raw.match(/\/Title /g)?.length ?? 0;
    expect(count).toBeGreaterThanOrEqual(report.sections.length + 4);
  });

  it("gives the same bytes for the same report", async () => {
    const again = await renderPdf(report);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it("renders pages to images", () => {
    const prefix = join(dir, "page");
    execFileSync("pdftoppm", ["-png", "-r", "40", "-f", "1", "-l", "4", path, prefix]);
    const files = readdirSync(dir).filter((f) => f.startsWith("page") && f.endsWith(".png"));
    expect(files.length).toBe(4);
    for (const f of files) expect(statSync(join(dir, f)).size).toBeGreaterThan(2000);
  });
});

describe("PDF report in Chinese", () => {
  it("extracts the report's own words and the data in Chinese", async () => {
    const report = syntheticReport({ images: 40, lang: "zh-cn" });
    const { path } = await render(report);
    const all = flat(text(path));
    const m = messages("zh-cn");
    expect(all).toContain(m.t("title"));
    expect(all).toContain(m.t("summary.title"));
    expect(all).toContain(m.t("sections.rules"));
    expect(all).toContain(m.t("sections.images"));
    expect(all).toContain("团队-北京/订单服务");
    for (const section of report.sections) expect(all).toContain(section.name);
    expect(all).not.toContain(messages("en-us").t("sections.images"));
    expect(info(path).Title).toBe(m.t("title"));
  });
});

describe("PDF summary edition (too many findings to read on paper)", () => {
  const m = messages("en-us");

  it("switches above PDF_FULL_LISTING_MAX findings: counts, the first rows of every rule, every remediation, no index", async () => {
    const report = syntheticReport({ images: Math.ceil(PDF_FULL_LISTING_MAX / 1.1) + 500, lang: "en-us" });
    expect(report.findings.size).toBeGreaterThan(PDF_FULL_LISTING_MAX);
    const { path } = await render(report);
    const perPage = pages(path);
    const all = flat(perPage.join(" "));
    // It says what it is, on the cover page, and where the full listing is.
    const cover = flat(perPage.slice(0, 2).join(" "));
    expect(cover).toContain(m.t("pdf.summaryEdition"));
    expect(cover).toContain(
      flat(
        m.count("pdf.summaryEditionNote", report.findings.size, {
          findings: m.number(report.findings.size),
          rows: m.number(PDF_SUMMARY_ROWS),
        }),
      ),
    );
    expect(all).toContain("report.html");
    expect(all).toContain("images.csv");
    // The counts of the full report.
    expect(all).toContain(m.number(report.summary.findings));
    expect(all).toContain(m.number(report.summary.affectedImages));
    // Every rule, with its remediation(s), its first rows, and how many more there are.
    for (const section of report.sections) {
      expect(all).toContain(section.ruleId);
      for (const f of section.findings) {
        for (const ins of f.instructions) expect(all).toContain(flat(report.remediations[ins.remediation] ?? ""));
      }
      const shown = section.findings.slice(0, PDF_SUMMARY_ROWS);
      for (const f of shown) {
        const image = report.images.get(f.imageKey);
        if (image) expect(all).toContain(imageReference(image));
      }
      if (section.findings.length > PDF_SUMMARY_ROWS)
        expect(all).toContain(
          flat(m.t("pdf.moreRows", { shown: m.number(PDF_SUMMARY_ROWS), total: m.number(section.findings.length) })),
        );
    }
    // No image index, and not every image: the listing is left to HTML and CSV.
    expect(all).not.toContain(m.t("sections.images"));
    const listed = [...report.images.values()].filter((image) => all.includes(imageReference(image))).length;
    expect(listed).toBeLessThanOrEqual(report.sections.length * PDF_SUMMARY_ROWS);
    expect(perPage.length).toBeLessThan(10 + report.sections.length * 2);
  });

  it("stays the full listing up to the limit, and the limit is an option", async () => {
    const report = makeHtmlReport({ images: 60, baseline: true });
    const full = flat(text((await render(report)).path));
    expect(full).not.toContain(m.t("pdf.summaryEdition"));
    expect(full).toContain(m.t("sections.images"));
    const bytes = await renderPdf(report, { fullListingMax: 20 });
    const file = join(dir, "summary-small.pdf");
    writeFileSync(file, bytes);
    const summary = flat(text(file));
    expect(summary).toContain(m.t("pdf.summaryEdition"));
    expect(summary).not.toContain(m.t("sections.images"));
    // The changes tables are cut to the same number of rows, and say how many there are.
    const newFindings = report.changes?.newFindings.length ?? 0;
    expect(newFindings).toBeGreaterThan(PDF_SUMMARY_ROWS);
    expect(summary).toContain(`${m.t("changes.new")} (${newFindings})`);
    expect(summary).toContain(
      flat(m.t("pdf.moreRows", { shown: m.number(PDF_SUMMARY_ROWS), total: m.number(newFindings) })),
    );
  });
});

describe("PDF report built from evidence", () => {
  it("shows waivers (muted, expired flagged), changes since the baseline and failed scopes", async () => {
    const report = makeHtmlReport({ images: 60, scopes: 2, waivers: true, baseline: true, failure: true });
    const { path } = await render(report);
    const all = flat(text(path));
    const m = messages("en-us");
    expect(all).toContain(m.t("sections.changes"));
    expect(report.changes).toBeDefined();
    expect(all).toContain(`${m.t("changes.new")} (${report.changes?.newFindings.length})`);
    const waived = [...report.findings.values()].filter((f) => f.waiver);
    expect(waived.length).toBeGreaterThan(0);
    for (const f of waived) expect(all).toContain(f.waiver?.reason);
    if (waived.some((f) => f.waiver?.expired)) expect(all).toContain(m.t("waiver.expired"));
    if (waived.some((f) => !f.waiver?.expired)) expect(all).toContain(m.t("waiver.waived"));
    for (const image of report.images.values()) expect(all).toContain(imageReference(image));
    expect(all).toContain(m.t("partial"));
  });

  it("shows the headline figures of kpis() (the HTML's cards), waived findings included when there are none", async () => {
    const m = messages("en-us");
    const report = makeHtmlReport({ images: 40 });
    expect(report.summary.waivedFindings).toBe(0);
    const { path } = await render(report);
    const summary = flat(pages(path).find((p) => p.includes(m.t("summary.title"))) ?? "");
    for (const k of kpis(report.summary, (key) => m.t(key))) {
      expect(summary, k.label).toContain(flat(k.label));
    }
    expect(summary).toContain(m.t("summary.waived"));
  });

  it("aligns a rule's listings (scope · kind: images) one under another, right of their label", async () => {
    const m = messages("en-us");
    const report = makeHtmlReport({ images: 60, scopes: 2 });
    const section = report.sections.find((s) => s.listings.length > 1);
    if (!section) throw new Error("fixture has no rule listed in several scopes or kinds");
    const { path } = await render(report);
    // Words in reading order with their left edge (pdftotext -bbox).
    const words = [
      ...execFileSync("pdftotext", ["-bbox", path, "-"], { encoding: "utf8", maxBuffer: 1 << 26 }).matchAll(
        /<word xMin="([\d.]+)"[^>]*>([^<]*)<\/word>/g,
      ),
    ].map(([, x, word]) => ({ x: Number(x), word }));
    const heading = words.findIndex((w, i) => w.word === section.ruleId && words[i + 1]?.word === "·");
    const label = words.findIndex(
      (w, i) => i > heading && `${w.word} ${words[i + 1]?.word}` === `${m.t("rule.foundIn")}:`,
    );
    expect(heading).toBeGreaterThanOrEqual(0);
    expect(label).toBeGreaterThan(heading);
    const labelEnd = (words[label + 1]?.x ?? 0) + 1; // right of the label's last word's start
    let at = label + 1;
    const starts = section.listings.map((l) => {
      at = words.findIndex((w, i) => i > at && w.word === l.rule.scopeId);
      return words[at]?.x ?? -1;
    });
    expect(starts.length).toBe(section.listings.length);
    for (const x of starts) {
      expect(x).toBeGreaterThan(labelEnd);
      expect(x).toBeCloseTo(starts[0] as number, 1);
    }
  });

  it("renders hostile data as text: markup, controls, bidi overrides, emoji, huge remediation", async () => {
    const report = makeHtmlReport({ images: 20, hostile: true });
    const huge = `${"Rotate the credential and rebuild. ".repeat(1873)}END-OF-REMEDIATION`.slice(-65_534);
    report.remediations.push(huge);
    const section = report.sections[0];
    if (!section) throw new Error("fixture has no rule section");
    section.sharedRemediation = report.remediations.length - 1;
    // one 65,534-character word, no space to break at
    section.description = `${"z".repeat(65_534)}`;
    const longInstruction = `RUN ${"q".repeat(252)}`;
    const first = section.findings[0];
    if (first)
      first.instructions = [
        ...first.instructions,
        { instruction: longInstruction, remediation: report.remediations.length - 1 },
      ];
    const { path } = await render(report);
    const raw = text(path, false);
    // (boolean checks: a failing toContain would print megabytes of text)
    const has = (s: string) => expect(raw.includes(s), s).toBe(true);
    has("END-OF-REMEDIATION");
    has("<script>window.__pwned=1</script>");
    has("{{constructor.constructor");
    has("镜像-仓库");
    // control characters and bidi overrides are removed from the PDF's text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for them
    expect(raw).not.toMatch(/[\u0000-\u0008\u000b\u000e-\u001f\u202a-\u202e]/);
    has("ctl[31mred");
    has("evilgnp.exe");
    // the 256-character instruction wraps onto several lines instead of running off the page, and is all there
    const runs = text(path).match(/q{5,}/g) ?? [];
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.join("").length).toBe(252);
    const zs = raw.match(/z{30,}/g) ?? [];
    expect(zs.join("").length).toBe(65_534);
    // every image is listed (long hostile names wrap: compare without whitespace)
    const squeezed = raw.replace(/\s+/g, "");
    for (const image of report.images.values()) {
      const ref = clean(imageReference(image)).replace(/\s+/g, "");
      expect(squeezed.includes(ref), ref).toBe(true);
    }
  });
});

describe("PDF text in decomposed form (NFD)", () => {
  it("is composed (NFC) before layout: mu\u0308ller prints as müller, not mu[U+0308]ller", async () => {
    const report = makeHtmlReport({ images: 4 });
    const [key, image] = [...report.images.entries()][0] ?? [];
    if (!key || !image) throw new Error("fixture has no image");
    const decomposed = "mu\u0308ller-cafe\u0301";
    report.images.set(key, { ...image, name: decomposed });
    const raw = text((await render(report)).path, false);
    expect(raw).toContain(decomposed.normalize("NFC"));
    expect(raw).not.toContain("[U+0301]");
    expect(raw).not.toContain("[U+0308]");
  });
});

describe("PDF report without findings", () => {
  it("says so instead of showing empty sections", async () => {
    const report = syntheticReport({ images: 0 });
    const { path } = await render(report);
    const all = flat(text(path));
    expect(all).toContain(messages("en-us").t("summary.clean"));
    expect(all).toContain(messages("en-us").t("sections.images"));
    expect(all).not.toContain(messages("en-us").t("demoData"));
  });
});

describe("PDF engine access policies", () => {
  it("refuses to read local files", async () => {
    const pdf = engine().createPdf({ content: [{ image: "/etc/hostname" }] });
    await expect(pdf.getBuffer()).rejects.toThrow(/denied|Invalid image/i);
  });
  it("refuses to fetch URLs", async () => {
    const pdf = engine().createPdf({ content: [{ image: "remote" }], images: { remote: "http://127.0.0.1:9/x.png" } });
    await expect(pdf.getBuffer()).rejects.toThrow(/denied/i);
  });
});

describe("PDF rows and headings kept together across page breaks", () => {
  const m = messages("en-us");
  const digestOf = (line: string): string | undefined => line.match(/sha256:[0-9a-f]{12,64}/)?.[0];
  const isTableHeader = (line: string): boolean =>
    line.includes(m.t("image.digest")) && line.includes(m.t("image.name"));
  /** Each page's non-empty lines (layout mode: one table line per text line). */
  const pageLines = (path: string): string[][] => pages(path).map((page) => page.split("\n").filter((l) => l.trim()));

  /** Every table header (first or repeated) is followed by the first line of a row (it has the digest). */
  function expectRowsStartPages(list: string[][]): void {
    list.forEach((lines, p) => {
      lines.forEach((line, i) => {
        if (isTableHeader(line)) expect(digestOf(lines[i + 1] ?? ""), `page ${p + 1}: ${lines[i + 1]}`).toBeDefined();
      });
    });
  }

  it("starts every table page with a whole row and lists each image's rules on one page", async () => {
    // Images break 1 to 12 rules (index rows of 1 to 4 lines) with 1 to 6 instructions each (rule rows as tall).
    const report = syntheticReport({ images: 300, rulesPerImage: 12, instructionsPerFinding: 6, lang: "en-us" });
    const list = pageLines((await render(report)).path);
    expectRowsStartPages(list);
    const ids = [...new Set([...report.rules.values()].map((r) => r.ruleId))];
    const idPattern = new RegExp(`(?<![\\w-])(?:${ids.join("|")})(?![\\w-])`, "g");
    const expected = new Map<string, string[]>();
    for (const entry of report.imageIndex) {
      const image = report.images.get(entry.imageKey);
      const rules = entry.findings.map((key) => {
        const f = report.findings.get(key);
        return (f && report.rules.get(f.ruleKey)?.ruleId) ?? "";
      });
      if (image) expected.set(image.digest, rules.sort());
    }
    const indexStart = list.findIndex((lines) => lines.some((l) => l.trim() === m.t("sections.images")));
    expect(indexStart).toBeGreaterThan(0);
    let tallRows = 0;
    const seen = new Set<string>();
    list.slice(indexStart).forEach((lines, p) => {
      // A row runs from its line with the full digest to the next such line (the footer ends the page).
      const starts = lines.flatMap((l, i) => (/sha256:[0-9a-f]{64}/.test(l) ? [i] : []));
      starts.forEach((start, k) => {
        const digest = digestOf(lines[start] ?? "") as string;
        const row = lines.slice(start, starts[k + 1] ?? lines.length - 1);
        if (row.length > 2) tallRows++;
        const found = (row.join(" ").match(idPattern) ?? []).sort();
        expect(found, `page ${indexStart + p + 1}: ${digest}`).toEqual(expected.get(digest));
        seen.add(digest);
      });
    });
    expect(seen.size).toBe(report.imageIndex.length);
    // The index has rows tall enough to fall across its page breaks.
    expect(tallRows).toBeGreaterThan(20);
    expect(list.length - indexStart).toBeGreaterThan(3);
  });

  it("breaks a row taller than a page across pages and loses none of its lines", async () => {
    // Up to 150 instructions per finding: rows of up to 150 lines, a page holds about 60.
    const report = syntheticReport({ images: 30, instructionsPerFinding: 150, lang: "en-us" });
    const all = pages((await render(report)).path).join("\n");
    const findings = [...report.findings.values()];
    expect(Math.max(...findings.map((f) => f.instructions.length))).toBeGreaterThan(100);
    // Every instruction but each finding's first is numbered: all of them are printed, each once.
    const steps = all.match(/# step \d+/g) ?? [];
    expect(steps.length).toBe(findings.reduce((n, f) => n + f.instructions.length - 1, 0));
  });

  it("never leaves a rule heading at the bottom of a page without its table's header and first row", async () => {
    // Short rule sections (2 to 5 images, 1 to 3 instructions each): at these sizes headings fall at page bottoms.
    for (const images of [30, 36, 60]) {
      const report = syntheticReport({ images, instructionsPerFinding: 3, lang: "en-us" });
      const list = pageLines((await render(report)).path);
      expectRowsStartPages(list);
      let headings = 0;
      list.forEach((lines, p) => {
        lines.forEach((line, i) => {
          const section = report.sections.find((s) => line.includes(`${s.ruleId} · ${s.name}`));
          if (!section) return;
          headings++;
          const header = lines.findIndex((l, k) => k > i && isTableHeader(l));
          expect(header, `${images} images, page ${p + 1}: ${section.ruleId} without its table`).toBeGreaterThan(i);
          expect(digestOf(lines[header + 1] ?? ""), `${images} images, page ${p + 1}: ${section.ruleId}`).toBeDefined();
        });
      });
      expect(headings).toBe(report.sections.length);
    }
  });
});

describe("PDF summary: the highest unwaived level, as report.html and summary.md state it", () => {
  it.each(["en-us", "zh-cn"] as Lang[])("%s: names the worst level with an unwaived finding", async (lang) => {
    const m = messages(lang);
    const squeeze = (text: string): string => text.replace(/\s+/g, "");
    // As found, then with every critical finding waived: the worst unwaived level is then the next one present.
    for (const waiveCritical of [false, true]) {
      const report = buildReport(syntheticEvidence({ images: 40, lang }), {
        waive: (rule) =>
          waiveCritical && rule.level === "critical"
            ? { reason: "accepted", approver: "sec@example.com", expires: "2027-06-30" }
            : undefined,
      });
      const unwaived = [...report.findings.values()].filter((f) => !f.waiver || f.waiver.expired);
      const worst = RISK_LEVELS.find((level) => unwaived.some((f) => f.level === level));
      expect(worst).toBe(waiveCritical ? "high" : "critical");
      const sentence = (level: string) => squeeze(m.t("summary.worst", { level: m.level(level) }));
      const summaryPage = squeeze(pages((await render(report)).path)[1] ?? "");
      const html = squeeze(renderHtml(report).replace(/<[^>]+>/g, ""));
      const md = squeeze(renderSummaryMd(report));
      for (const [format, text] of [
        ["pdf", summaryPage],
        ["html", html],
        ["md", md],
      ]) {
        expect(text, `${format}, critical waived: ${waiveCritical}`).toContain(sentence(worst as string));
        for (const other of RISK_LEVELS.filter((l) => l !== worst)) expect(text).not.toContain(sentence(other));
      }
    }
  });
});
