// The HTML report: one self-contained file, no network request, strict CSP (hashes for the one inline style and
// the one inline script). Handlebars renders the page structure from a view model of plain strings; the big
// tables (one row per finding and per image, 100,000+ rows) are built by a tight loop of escaped string
// concatenation, which is many times faster than a handlebars partial per row, and handed to the template as
// pre-escaped SafeStrings. Every piece of data goes through `escapeHtml` (tables) or handlebars' own escaping
// of `reveal`ed text (page): names are data, never markup.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Handlebars from "handlebars";
import type { RiskLevel } from "../../evidence/types.js";
import { type Messages, messages } from "../../i18n/index.js";
import type { Comparison, Finding, Image, Report, RuleSection } from "../../model/types.js";
import { RISK_LEVELS } from "../../model/types.js";
import { LEVEL_COLORS, NEW_COLOR, RESOLVED_COLOR } from "../colours.js";
import { comparisonText } from "../comparison.js";
import { derivedSentence } from "../derived.js";
import { kpis } from "../kpis.js";
import { markingsOf } from "../markings.js";
import { summarySentence, worstLevelSentence } from "../summary-sentence.js";
import { changeTrendSvg, levelTrendSvg } from "../trend.js";
import { gateSentence } from "../verdict.js";
import { CJK_FAMILY, cjkCharacters, cjkFontFace } from "./cjk-font.js";
import { escapeHtml, HTML_ESCAPES, reveal } from "./escape.js";

/** Rows per table chunk: each chunk is its own block with `content-visibility: auto`, so the browser lays out
 * only the chunks on screen, and a fixed table layout keeps the columns of every chunk aligned. */
export const CHUNK_ROWS = 500;

/** Above this many findings, the rule tables list only the image and its instructions: the image's digest, type,
 * size and last scan are in the image index, once per image, which keeps 100,000-image reports small enough to
 * open. */
export const COMPACT_FINDINGS = 20_000;

interface Assets {
  template: Handlebars.TemplateDelegate;
  css: string;
  script: string;
  scriptHash: string;
}

let assets: Assets | undefined;

const templateUrl = (file: string): URL => new URL(`../../templates/${file}`, import.meta.url);
const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("base64");

function loadAssets(): Assets {
  if (assets) return assets;
  const hbs = Handlebars.create();
  hbs.registerHelper("t", function (this: unknown, key: string, options: Handlebars.HelperOptions) {
    const m = (options.data.root as View).m;
    return m.t(key, options.hash as Record<string, string | number>);
  });
  const template = hbs.compile(readFileSync(templateUrl("report.html.hbs"), "utf8"), {
    strict: true,
    preventIndent: true,
    knownHelpers: { t: true },
  });
  const css = readFileSync(templateUrl("report.css"), "utf8").trim();
  const script = withEscapes(readFileSync(templateUrl("report.js"), "utf8").trim());
  assets = { template, css, script, scriptHash: sha256(script) };
  return assets;
}

/** The page's script with the renderer's escapes written in, so that its filter escapes text as the page does. */
function withEscapes(script: string): string {
  const marker = "/* HTML_ESCAPES */ {}";
  if (!script.includes(marker)) throw new Error(`report.js has lost its ${marker} placeholder`);
  return script.replace(marker, JSON.stringify(HTML_ESCAPES));
}

/** The page's CSP: nothing may load, and only this exact style and script may run; with `fonts`, a font may come
 * from a data: URL (the embedded CJK glyphs, inside that style). */
function contentSecurityPolicy(css: string, scriptHash: string, fonts = false): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${sha256(css)}'`,
    ...(fonts ? ["font-src data:"] : []),
    `script-src 'sha256-${scriptHash}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** A CSS string literal; `<`/`>` escaped too, so it can never close the `<style>` element. */
function cssString(text: string): string {
  return `"${reveal(text).replace(/[\\"<>\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

/** Printed pages: a running header (title, scope, DEMO DATA / PARTIAL) and footer (report id, page x of y) in the
 * page margins, so every printed page says what it is and where it came from. */
function pageMarginCss(report: Report, m: Messages): string {
  const { meta } = report;
  const flags = markingsOf(meta, m).join(" · ");
  const scopes = meta.scopes.length === 1 ? (meta.scopes[0]?.id ?? "") : m.count("meta.scopeCount", meta.scopes.length);
  // "Page {page} of {pages}" becomes "Page " counter(page) " of " counter(pages).
  const pageOf = m
    .t("page")
    .split(/(\{page\}|\{pages\})/)
    .filter((part) => part !== "")
    .map((part) => (part === "{page}" ? "counter(page)" : part === "{pages}" ? "counter(pages)" : cssString(part)))
    .join(" ");
  const box = `font: 8pt system-ui, "${CJK_FAMILY}", sans-serif; color: #616e7c;`;
  return [
    "@page {",
    `  @top-left { content: ${cssString(`${m.t("title")} · ${scopes}`)}; ${box} }`,
    flags ? `  @top-right { content: ${cssString(flags)}; ${box} color: #b3261e; font-weight: 700; }` : "",
    `  @bottom-left { content: ${cssString(`${meta.reportId} · ${m.dateTime(meta.dataTime)}`)}; ${box} }`,
    `  @bottom-right { content: ${pageOf}; ${box} }`,
    "}",
  ]
    .filter(Boolean)
    .join("\n");
}

type Safe = Handlebars.SafeString;
const safe = (html: string): Safe => new Handlebars.SafeString(html);

interface View {
  m: Messages;
  [key: string]: unknown;
}

const LEVEL_LETTER: Record<RiskLevel, string> = { critical: "c", high: "h", medium: "m", low: "l" };
const levelClass = (level: string): string => (level in LEVEL_LETTER ? `lv-${level}` : "lv-unknown");

export function renderHtml(report: Report): string {
  const { template, script, scriptHash } = loadAssets();
  const m = messages(report.meta.lang);
  const view = buildView(report, m);
  const css = pageCss(report, m);
  return template({ ...view, m, css: safe(css), script: safe(script), csp: contentSecurityPolicy(css, scriptHash) });
}

/**
 * `renderHtml`, and when the page has CJK text, the glyphs it uses embedded (see `cjk-font.ts`): what the CLI
 * writes. Only the head changes (its style and CSP), so a 100,000-image page is not rendered twice.
 */
export async function renderHtmlWithFonts(report: Report): Promise<string> {
  const html = renderHtml(report);
  // What the page shows: everything before its script (whose comments are no text of the page).
  const face = await cjkFontFace(cjkCharacters(html.slice(0, html.lastIndexOf("<script>"))));
  if (!face) return html;
  const { scriptHash } = loadAssets();
  const css = pageCss(report, messages(report.meta.lang));
  const end = html.indexOf("</head>");
  let head = html.slice(0, end);
  const swap = (from: string, to: string) => {
    const at = head.indexOf(from);
    if (at < 0) throw new Error("renderHtmlWithFonts: the page head is not the one renderHtml writes");
    head = head.slice(0, at) + to + head.slice(at + from.length);
  };
  const withFace = `${css}\n${face}`;
  swap(
    `content="${Handlebars.escapeExpression(contentSecurityPolicy(css, scriptHash))}"`,
    `content="${Handlebars.escapeExpression(contentSecurityPolicy(withFace, scriptHash, true))}"`,
  );
  swap(`<style>${css}</style>`, `<style>${withFace}</style>`);
  return head + html.slice(end);
}

/** The page's style: report.css and the printed pages' margin boxes. */
function pageCss(report: Report, m: Messages): string {
  return `${loadAssets().css}\n${pageMarginCss(report, m)}`;
}

/** The worst-level sentence, its level as a badge (every key set: the template is strict). */
function worstView(summary: Report["summary"], m: Messages) {
  const worst = worstLevelSentence(summary, m);
  if (!worst) return { before: "", label: "", cls: "", after: "" };
  return {
    before: worst.before,
    label: worst.label ?? "",
    cls: worst.level ? levelClass(worst.level) : "",
    after: worst.after,
  };
}

function imageRef(image: Image): string {
  const path = image.namespace ? `${image.namespace}/${image.name}` : image.name;
  return image.version ? `${path}:${image.version}` : path;
}

function buildView(report: Report, m: Messages): Omit<View, "m"> {
  const { meta, summary } = report;
  const multiScope = meta.scopes.length > 1;
  const scopeById = new Map(meta.scopes.map((s) => [s.id, s]));
  const ruleAnchor = new Map<string, string>();
  // Anchors by rule id: one section per rule, whatever scope or image kind a finding comes from.
  report.sections.forEach((section, i) => {
    ruleAnchor.set(section.ruleId, `r${i + 1}`);
  });
  const hasWaivers = summary.waivedFindings > 0 || [...report.findings.values()].some((f) => f.waiver);
  // Ages matter once there is history (or something is already overdue): then every finding shows first seen and age.
  const hasStatus = hasWaivers || report.changes !== undefined || summary.overdue > 0;
  const cells = new ImageCells(report, m, multiScope);
  const all = m.t("meta.all");
  const list = (values: readonly string[], label: (v: string) => string = (v) => v): string =>
    values.length ? values.map((v) => reveal(label(v))).join(", ") : all;

  const maxLevelImages = Math.max(1, ...RISK_LEVELS.map((l) => summary.byLevel[l].images));
  const failed = new Map(meta.failures.map((f) => [f.scopeId, f]));

  const title = [m.t("title"), ...markingsOf(meta, m)].join(" — ");
  return {
    htmlLang: meta.lang === "zh-cn" ? "zh-CN" : "en-US",
    title,
    demo: meta.demo,
    partial: meta.partial,
    unmaskedSecrets: meta.secrets.unmasked,
    failures: meta.failures.map((f) => ({
      scopeId: reveal(f.scopeId),
      message: reveal(f.message),
      operation: f.operation ? reveal(f.operation) : "",
      requestId: f.requestId ? reveal(f.requestId) : "",
    })),
    subtitle: `${meta.scopes.map((s) => reveal(s.id)).join(", ")} · ${m.dateTime(meta.dataTime)}`,
    meta: {
      dataTime: m.dateTime(meta.dataTime),
      tool: reveal(`${meta.tool.name} ${meta.tool.version}`),
      reportId: reveal(meta.reportId),
      derivedFrom: derivedSentence(report, m),
      evidenceSha256: reveal(meta.evidenceSha256),
      rules: list(meta.parameters.ruleIds),
      riskLevels: list(meta.parameters.riskLevels, (l) => m.level(l)),
      imageTypes: list(meta.parameters.imageTypes, (k) => m.kind(k)),
      failOn: meta.parameters.failOn ? m.level(meta.parameters.failOn) : "",
      sla: RISK_LEVELS.map((l) => `${m.level(l)} ${m.number(meta.slaDays[l])}`).join(" · "),
    },
    scopes: meta.scopes.map((s) => ({
      id: reveal(s.id),
      region: reveal(s.region ?? m.t("none")),
      endpoint: reveal(s.endpoint),
      projectId: reveal(s.projectId),
      enterpriseProjectId: reveal(s.enterpriseProjectId ?? m.t("none")),
      imageTypes: list(s.imageTypes, (k) => m.kind(k)),
      failed: failed.has(s.id),
    })),
    summary: {
      clean: summary.findings === 0,
      sentence: summarySentence(summary, m),
      cards: kpis(summary, (key) => m.t(key)).map((k) => ({ label: k.label, value: m.number(k.value) })),
      gate: summary.gate ? gateSentence(summary.gate, m) : "",
      gateState: summary.gate?.passed === false ? "failed" : "passed",
      worst: worstView(summary, m),
      chart: safe(levelChart(report, m, maxLevelImages)),
      levels: RISK_LEVELS.map((level) => ({
        label: m.level(level),
        cls: levelClass(level),
        rules: m.number(summary.byLevel[level].rules),
        images: m.number(summary.byLevel[level].images),
        findings: m.number(summary.byLevel[level].findings),
      })),
      byImageType: summary.byImageType.map((x) => ({
        label: reveal(m.imageType(x.type)),
        images: m.number(x.images),
      })),
      topNamespaces: summary.topNamespaces.map((x) => ({
        label: x.namespace ? reveal(x.namespace) : m.t("none"),
        images: m.number(x.images),
      })),
    },
    fleet: multiScope
      ? summary.scopes.map((s) => ({
          id: reveal(s.scopeId),
          ok: s.ok,
          error: s.error ? reveal(s.error) : "",
          rules: m.number(s.rulesWithFindings),
          images: m.number(s.affectedImages),
          levels: RISK_LEVELS.map((l) => ({ value: m.number(s.byLevel[l]), cls: levelClass(l) })),
        }))
      : false,
    levelHeads: RISK_LEVELS.map((l) => ({ label: m.level(l), cls: levelClass(l), letter: LEVEL_LETTER[l] })),
    // The filter bar's choices, coded as the rows' data-t / data-s / data-k attributes.
    filterTypes: cells.typeList.map((type, i) => ({ value: i, label: reveal(m.imageType(type)) })),
    filterScopes: multiScope ? cells.scopeList.map((id, i) => ({ value: i, label: reveal(id) })) : false,
    filterStatus: hasStatus ? { isNew: report.changes !== undefined, waived: hasWaivers } : false,
    changes: report.changes ? changesView(report, m, multiScope, ruleAnchor) : false,
    trend: trendView(report, m),
    multiScope,
    toc: report.sections.map((section) => ({
      anchor: ruleAnchor.get(section.ruleId) ?? "",
      ruleId: reveal(section.ruleId),
      name: reveal(section.name),
      level: m.level(section.level),
      cls: levelClass(section.level),
      letter: LEVEL_LETTER[section.level] ?? "",
      scope: [...new Set(section.listings.map((l) => l.rule.scopeId))].map(reveal).join(", "),
      kind: [...new Set(section.listings.map((l) => l.rule.imageKind))].map((k) => m.kind(k, reveal)).join(", "),
      images: m.number(section.findings.length),
    })),
    sections: report.sections.map((section) =>
      sectionView(
        report,
        m,
        section,
        ruleAnchor.get(section.ruleId) ?? "",
        cells,
        hasStatus,
        scopeById.size > 1,
        summary.findings > COMPACT_FINDINGS,
      ),
    ),
    imageIndex: safe(imageIndexTable(report, m, cells, ruleAnchor, hasStatus)),
    imageCount: m.number(report.imageIndex.length),
    footer: m.t("footer", {
      tool: reveal(`${meta.tool.name} ${meta.tool.version}`),
      reportId: reveal(meta.reportId),
      derivedFrom: derivedSentence(report, m),
      dataTime: m.dateTime(meta.dataTime),
    }),
  };
}

/** The history's trend charts, once there are two runs to draw a line between. */
function trendView(report: Report, m: Messages) {
  const points = report.trend;
  if (!points || points.length < 2) return false;
  return {
    levels: safe(levelTrendSvg(points, m, m.t("trend.levels"))),
    changes: safe(changeTrendSvg(points, m, m.t("trend.changes"))),
    levelLegend: RISK_LEVELS.map((level) => ({ label: m.level(level), colour: LEVEL_COLORS[level] })),
    changeLegend: [
      { label: m.t("changes.new"), colour: NEW_COLOR },
      { label: m.t("changes.resolved"), colour: RESOLVED_COLOR },
    ],
  };
}

/** Horizontal bars of affected images per level; colours come from the stylesheet (CSP: no style attributes). */
function levelChart(report: Report, m: Messages, max: number): string {
  const rowHeight = 30;
  const labelWidth = 110;
  const barMax = 300;
  const width = labelWidth + barMax + 90;
  const height = RISK_LEVELS.length * rowHeight + 8;
  let svg = `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="chart-title"><title id="chart-title">${escapeHtml(m.t("summary.chartTitle"))}</title>`;
  RISK_LEVELS.forEach((level, i) => {
    const images = report.summary.byLevel[level].images;
    const y = i * rowHeight + 4;
    const w = images === 0 ? 0 : Math.max(2, Math.round((images / max) * barMax));
    svg += `<text class="cl" x="${labelWidth - 10}" y="${y + 17}" text-anchor="end">${escapeHtml(m.level(level))}</text>`;
    svg += `<rect class="bg" x="${labelWidth}" y="${y + 3}" width="${barMax}" height="${rowHeight - 10}" rx="3"/>`;
    svg += `<rect class="bar ${levelClass(level)}" x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 10}" rx="3"/>`;
    svg += `<text class="cv" x="${labelWidth + barMax + 8}" y="${y + 17}">${escapeHtml(m.number(images))}</text>`;
  });
  return `${svg}</svg>`;
}

/** Escaped cells describing one image, built once per image and reused by every table that lists it. */
class ImageCells {
  private readonly cache = new Map<string, string>();
  private readonly attrCache = new Map<string, string>();
  /** The filter's codes: an image type's or scope's position in these lists (the filter bar lists them in order). */
  readonly typeList: string[];
  readonly scopeList: string[];
  private readonly shortCache = new Map<string, string>();
  private readonly refs = new Map<string, string>();
  private readonly types = new Map<string, string>();
  private readonly none: string;
  constructor(
    private readonly report: Report,
    private readonly m: Messages,
    private readonly multiScope: boolean,
  ) {
    this.none = escapeHtml(m.t("none"));
    this.typeList = [...new Set([...report.images.values()].map((image) => image.type))].sort();
    this.scopeList = report.meta.scopes.map((scope) => scope.id);
  }

  /** A row's filter attributes: ` data-t=<type code>` and, in a fleet report, ` data-s=<scope code>`. */
  attrs(imageKey: string): string {
    let html = this.attrCache.get(imageKey);
    if (html !== undefined) return html;
    const image = this.report.images.get(imageKey);
    html = image ? ` data-t=${this.typeList.indexOf(image.type)}` : "";
    if (image && this.multiScope) html += ` data-s=${this.scopeList.indexOf(image.scopeId)}`;
    this.attrCache.set(imageKey, html);
    return html;
  }

  private type(type: string): string {
    let html = this.types.get(type);
    if (html === undefined) {
      html = escapeHtml(this.m.imageType(type));
      this.types.set(type, html);
    }
    return html;
  }

  /** `<td>` cells: [scope], image, digest, type, size, last scan (only [scope], image when `short`). */
  cells(imageKey: string, short = false): string {
    const cache = short ? this.shortCache : this.cache;
    let html = cache.get(imageKey);
    if (html !== undefined) return html;
    const image = this.report.images.get(imageKey);
    const m = this.m;
    const scope = this.multiScope ? `<td>${escapeHtml(image?.scopeId ?? "")}` : "";
    if (short) {
      html = `${scope}<td>${this.ref(imageKey)}`;
    } else if (!image) {
      html = `${scope}<td>${escapeHtml(imageKey)}<td><td><td><td>`;
    } else {
      // Constant attribute values are unquoted (valid HTML): these cells repeat 100,000s of times.
      html =
        `${scope}<td>${this.ref(imageKey)}` +
        `<td class=dg>${image.digest ? escapeHtml(image.digest) : this.none}` +
        `<td>${this.type(image.type)}` +
        `<td class=n>${escapeHtml(m.bytes(image.size))}` +
        `<td>${escapeHtml(m.dateTime(image.latestScanTime))}`;
    }
    cache.set(imageKey, html);
    return html;
  }

  ref(imageKey: string): string {
    let text = this.refs.get(imageKey);
    if (text === undefined) {
      const image = this.report.images.get(imageKey);
      text = escapeHtml(image ? imageRef(image) : imageKey);
      this.refs.set(imageKey, text);
    }
    return text;
  }
}

/** A column: label, class (width), and how the script sorts it (`n` number, `b` bytes, `d` date, else text). */
type Head = [label: string, cls: string, sort?: "n" | "b" | "d"];

/** Column headers of the image columns, matching `ImageCells.cells`. */
function imageHeads(m: Messages, multiScope: boolean, short = false): Head[] {
  const scope: Head[] = multiScope ? [[m.t("image.scope"), "k-scope"]] : [];
  if (short) return [...scope, [m.t("image.name"), "k-img"]];
  return [
    ...scope,
    [m.t("image.name"), "k-img"],
    [m.t("image.digest"), "k-dg"],
    [m.t("image.type"), "k-type"],
    [m.t("image.size"), "k-size n", "b"],
    [m.t("image.lastScan"), "k-scan", "d"],
  ];
}

/** A table split into chunks of `CHUNK_ROWS` rows, each its own `<table>` with the same fixed column widths and
 * header (sticky on screen, repeated on every printed page). Only the first chunk is live markup: the others sit in
 * `<noscript>`, which a browser with scripting parses as plain text (no DOM to build, so a 100,000-row report opens
 * in a fraction of the time) and the script turns into rows when they come near the screen, when idle, and before
 * filtering, sorting or printing. Without scripting, `<noscript>` content is ordinary markup: every row is there. */
function chunkedTable(kind: string, heads: Head[], rows: string[], caption: string): string {
  const colgroup = `<colgroup>${heads.map(([, cls]) => `<col class="${cls}">`).join("")}</colgroup>`;
  const thead = `<thead><tr>${heads
    .map(
      ([label, cls, sort]) =>
        `<th scope="col" class="${cls}"${sort ? ` data-s="${sort}"` : ""}>${escapeHtml(label)}</th>`,
    )
    .join("")}</tr></thead>`;
  let html = `<div class="tg ${kind}" data-rows="${rows.length}">`;
  for (let start = 0; start < rows.length || start === 0; start += CHUNK_ROWS) {
    const end = Math.min(rows.length, start + CHUNK_ROWS);
    const lazy = start > 0;
    html += `<div class="ch${end - start > 40 ? " cv" : ""}${lazy ? " lz" : ""}">${lazy ? "<noscript>" : ""}<table class="dt">`;
    if (start === 0) html += `<caption class="sr">${escapeHtml(caption)}</caption>`;
    html += `${colgroup}${thead}<tbody>`;
    for (let i = start; i < end; i++) html += rows[i];
    html += `</tbody></table>${lazy ? "</noscript>" : ""}</div>`;
    if (rows.length === 0) break;
  }
  return `${html}</div>`;
}

function instructionsHtml(
  m: Messages,
  finding: Finding,
  remediationRef: ((index: number) => string) | undefined,
): string {
  let html = "";
  finding.instructions.forEach((ins, i) => {
    if (i > 0) html += "<br>";
    html +=
      ins.instruction === "--" || ins.instruction === ""
        ? `<i>${escapeHtml(m.t("missingInstruction"))}</i>`
        : `<code>${escapeHtml(ins.instruction)}</code>`;
    if (remediationRef) html += remediationRef(ins.remediation);
  });
  return html;
}

/** The status filter's flags of a row: ` data-k=` `n` new since the baseline, `w` waived (and not expired). */
function statusFlags(finding: Finding, isNew = finding.change === "new"): string {
  const flags = `${isNew ? "n" : ""}${finding.waiver && !finding.waiver.expired ? "w" : ""}`;
  return flags ? ` data-k=${flags}` : " data-k=-";
}

function statusHtml(m: Messages, finding: Finding): string {
  let html = "";
  if (finding.change === "new") html += `<span class="tag new">${escapeHtml(m.t("changes.new"))}</span>`;
  if (finding.overdue) html += `<span class="tag exp">${escapeHtml(m.t("age.overdue"))}</span>`;
  html +=
    `<span class="age" data-first-seen="${escapeHtml(finding.firstSeen)}">${escapeHtml(m.t("age.firstSeen"))} ` +
    `${escapeHtml(m.dateTime(finding.firstSeen))} · ${escapeHtml(m.count("age.days", finding.ageDays))}</span>`;
  const w = finding.waiver;
  if (w) {
    html += w.expired
      ? `<span class="tag exp">${escapeHtml(m.t("waiver.expired"))}</span>`
      : `<span class="tag wv">${escapeHtml(m.t("waiver.waived"))}</span>`;
    html +=
      `<dl class="wd"><dt>${escapeHtml(m.t("waiver.reason"))}</dt><dd>${escapeHtml(w.reason)}</dd>` +
      `<dt>${escapeHtml(m.t("waiver.approver"))}</dt><dd>${escapeHtml(w.approver)}</dd>` +
      `<dt>${escapeHtml(m.t("waiver.expires"))}</dt><dd>${escapeHtml(m.expiry(w.expires))}${w.expiresSoon ? ` <span class="tag exp">${escapeHtml(m.t("waiver.expiresSoon"))}</span>` : ""}</dd>` +
      (w.ticket ? `<dt>${escapeHtml(m.t("waiver.ticket"))}</dt><dd>${escapeHtml(w.ticket)}</dd>` : "") +
      "</dl>";
  }
  return html;
}

/** A remediation longer than this many characters or lines is collapsed to its opening, with a control to read it
 * all (`<details>`: no script needed, and the script opens them all before printing). */
export const REMEDIATION_PREVIEW_CHARS = 360;
const REMEDIATION_PREVIEW_LINES = 6;

function remediationHtml(m: Messages, raw: string): Safe {
  if (!raw.trim()) return safe(`<div class="txt remt">${escapeHtml(m.t("none"))}</div>`);
  const lines = raw.split("\n");
  const full = `<div class="txt remt">${escapeHtml(raw)}</div>`;
  if (raw.length <= REMEDIATION_PREVIEW_CHARS && lines.length <= REMEDIATION_PREVIEW_LINES) return safe(full);
  const opening = lines.slice(0, REMEDIATION_PREVIEW_LINES).join("\n").slice(0, REMEDIATION_PREVIEW_CHARS);
  return safe(
    `<details class="more"><summary><span class="txt pv">${escapeHtml(opening)}…</span>` +
      `<span class="mo">${escapeHtml(m.count("rule.remediationMore", raw.length))}</span>` +
      `<span class="ml">${escapeHtml(m.t("rule.remediationLess"))}</span></summary>${full}</details>`,
  );
}

function sectionView(
  report: Report,
  m: Messages,
  section: RuleSection,
  anchor: string,
  cells: ImageCells,
  hasStatus: boolean,
  multiScope: boolean,
  compact: boolean,
) {
  const rule = section;
  const shared = section.sharedRemediation;
  // Remediations used by this section when they differ per instruction: listed once under the rule, numbered
  // by their global index, and referenced from each instruction.
  const used: number[] = [];
  let remediationRef: ((index: number) => string) | undefined;
  if (shared === undefined) {
    const seen = new Set<number>();
    for (const f of section.findings) {
      for (const ins of f.instructions) {
        if (!seen.has(ins.remediation)) {
          seen.add(ins.remediation);
          used.push(ins.remediation);
        }
      }
    }
    used.sort((a, b) => a - b);
    const refs = new Map(used.map((i) => [i, ` <a href=#${anchor}-m${i + 1}>[${i + 1}]</a>`]));
    remediationRef = (i) => refs.get(i) ?? "";
  }
  const rows: string[] = new Array(section.findings.length);
  section.findings.forEach((finding, i) => {
    const cls = finding.waiver ? (finding.waiver.expired ? " class=xw" : " class=w") : "";
    rows[i] =
      `<tr${cls}${cells.attrs(finding.imageKey)}${hasStatus ? statusFlags(finding) : ""}>${cells.cells(finding.imageKey, compact)}<td>${instructionsHtml(m, finding, remediationRef)}` +
      (hasStatus ? `<td>${statusHtml(m, finding)}` : "");
  });
  const heads: Head[] = [
    ...imageHeads(m, multiScope, compact),
    [m.t("image.instructions"), "k-ins"],
    ...(hasStatus ? [[m.t("image.status"), "k-st"] as Head] : []),
  ];
  const remediationText = (i: number) => remediationHtml(m, report.remediations[i] ?? "");
  const findingsCount = section.findings.length;
  return {
    anchor,
    cls: levelClass(rule.level),
    letter: LEVEL_LETTER[rule.level] ?? "",
    level: m.level(rule.level),
    ruleId: reveal(rule.ruleId),
    name: reveal(rule.name),
    description: rule.description ? reveal(rule.description) : m.t("none"),
    // The scope and image type sub-groups: where the rule was listed, with its findings there.
    listings: section.listings.map((l) => ({
      scope: multiScope ? reveal(l.rule.scopeId) : "",
      kind: m.kind(l.rule.imageKind, reveal),
      images: m.number(l.findings),
      reported: l.rule.imageNum !== l.findings ? m.count("rule.reported", l.rule.imageNum) : "",
    })),
    images: m.number(findingsCount),
    lastScan: lastScanOf(section) !== undefined ? m.dateTime(lastScanOf(section)) : "",
    sharedRemediation: shared !== undefined ? remediationText(shared) : "",
    remediations: used.map((i) => ({ id: `${anchor}-m${i + 1}`, n: i + 1, text: remediationText(i) })),
    compact,
    table: safe(
      chunkedTable(
        `rt${hasStatus ? " hs" : ""}${multiScope ? " ms" : ""}${compact ? " cp" : ""}`,
        heads,
        rows,
        rule.name,
      ),
    ),
  };
}

/** The latest scan time any listing of the rule reports. */
function lastScanOf(section: RuleSection): number | undefined {
  const times = section.listings.flatMap((l) => (l.rule.latestScanTime === undefined ? [] : [l.rule.latestScanTime]));
  return times.length ? Math.max(...times) : undefined;
}

function imageIndexTable(
  report: Report,
  m: Messages,
  cells: ImageCells,
  ruleAnchor: Map<string, string>,
  hasStatus: boolean,
): string {
  const multiScope = report.meta.scopes.length > 1;
  const badge = new Map<string, string>();
  for (const [key, rule] of report.rules) {
    const anchor = ruleAnchor.get(rule.ruleId);
    badge.set(key, `<a class=${LEVEL_LETTER[rule.level] ?? "u"} href=#${anchor ?? ""}>${escapeHtml(rule.ruleId)}</a>`);
  }
  const rows: string[] = new Array(report.imageIndex.length);
  report.imageIndex.forEach((entry, i) => {
    let rules = "";
    let letters = "";
    let waived = true;
    let isNew = false;
    for (const key of entry.findings) {
      const finding = report.findings.get(key);
      if (!finding) continue;
      if (!finding.waiver || finding.waiver.expired) waived = false;
      if (finding.change === "new") isNew = true;
      const letter = LEVEL_LETTER[finding.level] ?? "";
      if (!letters.includes(letter)) letters += letter;
      rules += badge.get(finding.ruleKey) ?? "";
    }
    const allWaived = waived && entry.findings.length > 0;
    const flags = `${isNew ? "n" : ""}${allWaived ? "w" : ""}`;
    rows[i] =
      `<tr data-l=${letters || "u"}${allWaived ? " class=w" : ""}${cells.attrs(entry.imageKey)}` +
      `${hasStatus ? ` data-k=${flags || "-"}` : ""}>${cells.cells(entry.imageKey)}` +
      `<td class=n>${entry.findings.length}<td>${rules}`;
  });
  const heads: Head[] = [
    ...imageHeads(m, multiScope),
    [m.t("image.ruleCount"), "k-cnt n", "n"],
    [m.t("image.rules"), "k-rules"],
  ];
  return chunkedTable(`it${multiScope ? " ms" : ""}`, heads, rows, m.t("sections.images"));
}

function comparisonView(comparison: Comparison, m: Messages) {
  const text = comparisonText(comparison, m);
  return { ...text, rows: text.rows.map((row) => row.map(reveal)) };
}

function changesView(report: Report, m: Messages, multiScope: boolean, ruleAnchor: Map<string, string>) {
  const changes = report.changes;
  if (!changes) return false;
  const cells = (scope: string) => (multiScope ? `<td>${escapeHtml(scope)}` : "");
  const scopeCode = (scope: string) =>
    multiScope ? ` data-s=${report.meta.scopes.findIndex((s) => s.id === scope)}` : "";
  const newRows: string[] = [];
  for (const key of changes.newFindings) {
    const finding = report.findings.get(key);
    if (!finding) continue;
    const rule = report.rules.get(finding.ruleKey);
    const image = report.images.get(finding.imageKey);
    newRows.push(
      `<tr data-l=${LEVEL_LETTER[finding.level] ?? "u"}${scopeCode(rule?.scopeId ?? "")}${statusFlags(finding, true)}>${cells(rule?.scopeId ?? "")}<td><span class="lvl ${levelClass(finding.level)}">${escapeHtml(m.level(finding.level))}</span>` +
        `<td><a href="#${ruleAnchor.get(rule?.ruleId ?? "") ?? ""}">${escapeHtml(rule?.ruleId ?? finding.ruleKey)}</a>` +
        `<td>${escapeHtml(rule?.name ?? "")}<td class="im">${escapeHtml(image ? imageRef(image) : finding.imageKey)}`,
    );
  }
  const resolvedRows = changes.resolved.map(
    (r) =>
      `<tr data-l=${LEVEL_LETTER[r.level] ?? "u"}${scopeCode(r.scopeId)} data-k=->${cells(r.scopeId)}<td><span class="lvl ${levelClass(r.level)}">${escapeHtml(m.level(r.level))}</span>` +
      `<td>${escapeHtml(r.ruleId)}<td>${escapeHtml(r.ruleName)}<td class="im">${escapeHtml(r.image)}`,
  );
  const heads: Head[] = [
    ...(multiScope ? [[m.t("image.scope"), "k-scope"] as Head] : []),
    [m.t("rule.level"), "k-lvl"],
    [m.t("rule.id"), "k-rid"],
    [m.t("changes.rule"), "k-rname"],
    [m.t("image.name"), "k-img"],
  ];
  return {
    baseline: reveal(changes.baseline.label),
    baselineTime: m.dateTime(changes.baseline.dataTime),
    baselineSha: reveal(changes.baseline.evidenceSha256),
    newCount: m.number(changes.newFindings.length),
    resolvedCount: m.number(changes.resolved.length),
    unchangedCount: m.number(changes.unchanged),
    comparison: changes.comparison ? comparisonView(changes.comparison, m) : false,
    newTable: newRows.length
      ? safe(chunkedTable(`ct${multiScope ? " ms" : ""}`, heads, newRows, m.t("changes.new")))
      : "",
    resolvedTable: resolvedRows.length
      ? safe(chunkedTable(`ct${multiScope ? " ms" : ""}`, heads, resolvedRows, m.t("changes.resolved")))
      : "",
  };
}
