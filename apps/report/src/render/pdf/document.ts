// The PDF as a pdfmake document definition, built from the report model alone. Designed for scale:
// fixed column widths (no auto-sizing), big tables cut into chunks of CHUNK rows, short single-purpose cells,
// remediation printed once per rule (numbered when a rule has several), no `dontBreakRows`.
import type { DocDefinition } from "pdfmake";
import type { RiskLevel } from "../../evidence/types.js";
import { type Messages, messages } from "../../i18n/index.js";
import { imageReference } from "../../model/keys.js";
import type { Finding, Image, Report, RuleSection } from "../../model/types.js";
import { RISK_LEVELS } from "../../model/types.js";
import { LEVEL_COLORS, NEW_COLOR, RESOLVED_COLOR } from "../colours.js";
import { comparisonText } from "../comparison.js";
import { derivedSentence } from "../derived.js";
import { kpis } from "../kpis.js";
import { markingsOf } from "../markings.js";
import { summarySentence, worstLevelSentence } from "../summary-sentence.js";
import { changeTrendSvg, levelTrendSvg } from "../trend.js";
import { gateSentence } from "../verdict.js";
import { type Cell, type CompactRow, type CompactTable, compactTable, type Para, TEXT } from "./compact.js";
import { FAST_FONT as FONT } from "./engine.js";
import { textWidth, wrap } from "./metrics.js";
import { breakLongWords, clean, cleanLine, shortDigest } from "./text.js";

const FONT_SIZE = 7.5;
const INDEX_FONT_SIZE = 7;
const LINE_HEIGHT = 1.1;

const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const MARGIN_X = 36;
const MARGIN_TOP = 44;
const MARGIN_BOTTOM = 36;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
const CELL_PAD = 3;

const MUTED = "#6b7280";
const NEW = NEW_COLOR;
const ALERT = "#b91c1c";
const RULE_LINE = "#d1d5db";
const HEAD_FILL = "#f3f4f6";

type Node = Record<string, unknown> | string;

const tableLayout = {
  hLineWidth: (i: number, node: { table: { body: unknown[] } }) =>
    i === 0 || i === node.table.body.length ? 0.5 : i === 1 ? 0.5 : 0.25,
  vLineWidth: () => 0,
  hLineColor: (i: number) => (i <= 1 ? "#9ca3af" : RULE_LINE),
  paddingLeft: () => CELL_PAD,
  paddingRight: () => CELL_PAD,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
  fillColor: (i: number) => (i === 0 ? HEAD_FILL : null),
};

const kvLayout = {
  hLineWidth: () => 0,
  vLineWidth: () => 0,
  paddingLeft: () => 0,
  paddingRight: () => 8,
  paddingTop: () => 1.5,
  paddingBottom: () => 1.5,
};

/** Fixed widths for `weights` (relative), filling the content width after cell padding. */
function widths(weights: number[], total = CONTENT_WIDTH): number[] {
  const free = total - weights.length * 2 * CELL_PAD;
  const sum = weights.reduce((a, b) => a + b, 0);
  return weights.map((w) => Math.floor((free * w) / sum));
}

/** A data table of any size (see compact.ts), columns sized by relative `weights` over the content width. */
function dataTable(header: string[], weights: number[], rows: CompactRow[], fontSize = FONT_SIZE): CompactTable {
  const w = widths(weights);
  return compactTable(
    header.map((h, i) => ({ header: h, width: w[i] ?? 40 })),
    rows,
    fontSize,
    LINE_HEIGHT,
    placeholders,
    CONTENT_HEIGHT,
  );
}

/** Text lines an unbreakable intro may have besides its heading: with the heading, well under half a page. */
const INTRO_MAX_LINES = 20;

/** The most a heading kept with its table asks to find free below itself: the header and a few rows. */
const MAX_LEAD = CONTENT_HEIGHT / 4;

/**
 * `intro` (a heading and the lines under it) and `table`, the intro never alone at the bottom of a page: it stays
 * with the table's header and first rows (moving to the next page with them when they do not fit), as an unbreakable
 * block that reserves their height and that the table then overlaps. pdfmake keeps only the first page of an
 * unbreakable block, so an intro that may not fit on half a page (`introLines` above INTRO_MAX_LINES) just flows.
 */
function keptWithTable(intro: Node[], table: CompactTable, introLines = 0): Node[] {
  if (introLines > INTRO_MAX_LINES) return [...intro, table.node];
  const lead = Math.min(table.lead, MAX_LEAD);
  return [
    { unbreakable: true, stack: [{ stack: intro, margin: [0, 0, 0, lead] }] },
    { ...table.node, margin: [0, -lead, 0, 0] },
  ];
}

/** How many lines `texts` take as paragraphs of the content width (an upper bound: a little narrower). */
function paragraphLines(texts: string[]): number {
  return texts.reduce((sum, t) => sum + wrap(t, CONTENT_WIDTH - 20, FONT_SIZE).length, 0);
}

/** Placeholders registered while building the current document (building is synchronous). */
let placeholders: string[] = [];

function heading(text: string, id: string, style: string, parent?: string): Node {
  return {
    text,
    style,
    id,
    outline: true,
    outlineText: text.length > 120 ? `${text.slice(0, 117)}...` : text,
    ...(parent ? { outlineParentId: parent } : {}),
  };
}

function levelText(level: RiskLevel, m: Messages): Node {
  return { text: m.level(level), color: LEVEL_COLORS[level], bold: true };
}

function levelCell(level: RiskLevel, m: Messages): Cell {
  return [{ text: m.level(level), color: LEVEL_COLORS[level], bold: true }];
}

/** Above this many findings (rule × image rows) a PDF is too long to read (hundreds of pages): it becomes a summary
 * edition, and the full listing is left to the HTML report and the CSV. */
export const PDF_FULL_LISTING_MAX = 20_000;

/** Rows per rule (and per changes table) the summary edition lists: the first in report order. */
export const PDF_SUMMARY_ROWS = 10;

export interface PdfOptions {
  /** Findings above which the PDF is a summary edition (default `PDF_FULL_LISTING_MAX`). */
  fullListingMax?: number;
}

/** The document and the compact-table placeholders to release (`releaseRowLines`) once it is written. */
export function buildDocument(
  report: Report,
  options: PdfOptions = {},
): { doc: DocDefinition; placeholders: string[]; summaryEdition: boolean } {
  placeholders = [];
  const summaryEdition = report.findings.size > (options.fullListingMax ?? PDF_FULL_LISTING_MAX);
  try {
    return { doc: buildDefinition(report, summaryEdition), placeholders, summaryEdition };
  } finally {
    placeholders = [];
  }
}

function buildDefinition(report: Report, summaryEdition: boolean): DocDefinition {
  const m = messages(report.meta.lang);
  const meta = report.meta;
  const multiScope = meta.scopes.length > 1 || report.summary.scopes.length > 1;
  const markings = markingsOf(meta, m).join(" · ");
  const scopeLine =
    meta.scopes.length === 1 && meta.scopes[0]
      ? cleanLine(meta.scopes[0].id)
      : m.count("meta.scopeCount", meta.scopes.length);
  const dataTime = m.dateTime(meta.dataTime);
  const imageRef = (image: Image | undefined): string =>
    image ? cleanLine(imageReference(image)) || cleanLine(image.imageId) || m.t("none") : m.t("none");

  // The summary edition: the same cover, summary and rules (every remediation), a few rows per table, no index.
  const rowLimit = summaryEdition ? PDF_SUMMARY_ROWS : Number.POSITIVE_INFINITY;
  const content: Node[] = [
    ...cover(report, m, markings),
    ...(summaryEdition ? summaryEditionNote(report, m) : []),
    ...summary(report, m, multiScope),
    ...(report.changes ? changes(report, m, multiScope, imageRef, rowLimit) : []),
    ...ruleSections(report, m, multiScope, imageRef, rowLimit),
    ...(summaryEdition ? [] : imageIndex(report, m, multiScope, imageRef)),
  ];

  const title = m.t("title");
  const created = new Date(meta.dataTime);
  return {
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [MARGIN_X, MARGIN_TOP, MARGIN_X, MARGIN_BOTTOM],
    language: meta.lang,
    compress: true,
    info: {
      title: markings ? `${title} (${markings})` : title,
      author: `${meta.tool.name} ${meta.tool.version}`,
      subject: `${scopeLine} · ${dataTime}`,
      keywords: m.t("pdf.keywords"),
      creator: `${meta.tool.name} ${meta.tool.version}`,
      producer: `${meta.tool.name} ${meta.tool.version} (pdfmake)`,
      creationDate: created,
      modDate: created,
    },
    defaultStyle: { font: FONT, fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT, color: TEXT },
    styles: {
      title: { fontSize: 24, bold: true, margin: [0, 40, 0, 6] },
      h1: { fontSize: 15, bold: true, margin: [0, 0, 0, 8], color: "#111827" },
      h2: { fontSize: 11, bold: true, margin: [0, 12, 0, 3] },
      h3: { fontSize: 9, bold: true, margin: [0, 8, 0, 3] },
      th: { bold: true, color: "#374151" },
      label: { color: MUTED },
      muted: { color: MUTED },
      small: { fontSize: 7 },
      marking: { fontSize: 13, bold: true, color: "#ffffff" },
    },
    header: (page: number) =>
      page === 1
        ? markings
          ? { text: markings, style: "marking", color: ALERT, alignment: "right", margin: [MARGIN_X, 18, MARGIN_X, 0] }
          : null
        : {
            margin: [MARGIN_X, 18, MARGIN_X, 0],
            columns: [
              { text: `${title} · ${scopeLine} · ${dataTime}`, color: MUTED, fontSize: 7.5, width: "*" },
              ...(markings ? [{ text: markings, color: ALERT, bold: true, fontSize: 9, width: "auto" }] : []),
            ],
          },
    footer: (page: number, pages: number) => ({
      margin: [MARGIN_X, 10, MARGIN_X, 0],
      columns: [
        {
          text: `${m.t("meta.reportId")}: ${cleanLine(meta.reportId)} · ${m.t("meta.dataTime")}: ${dataTime}${markings ? ` · ${markings}` : ""}`,
          color: MUTED,
          fontSize: 7,
          width: "*",
        },
        {
          text: m.t("page", { page: m.number(page), pages: m.number(pages) }),
          color: MUTED,
          fontSize: 7,
          alignment: "right",
          width: 120,
        },
      ],
    }),
    content,
  };
}

function cover(report: Report, m: Messages, markings: string): Node[] {
  const meta = report.meta;
  const p = meta.parameters;
  const all = m.t("meta.all");
  const kv = (label: string, value: Node): Node[] => [{ text: label, style: "label" }, value];
  const scopeRows: Node[][] = meta.scopes.map((scope, i) => {
    const details = [
      scope.region ? `${m.t("meta.region")}: ${cleanLine(scope.region)}` : "",
      `${m.t("meta.endpoint")}: ${cleanLine(scope.endpoint)}`,
      `${m.t("meta.project")}: ${cleanLine(scope.projectId)}`,
      scope.enterpriseProjectId ? `${m.t("meta.enterpriseProject")}: ${cleanLine(scope.enterpriseProjectId)}` : "",
      `${m.t("meta.imageTypes")}: ${scope.imageTypes.map((k) => m.kind(k, cleanLine)).join(", ")}`,
    ].filter(Boolean);
    return kv(i === 0 ? m.t("meta.scope") : "", {
      text: [
        { text: `${cleanLine(scope.id)}\n`, bold: true },
        { text: details.join(" · "), style: "muted" },
      ],
    });
  });
  const rows: Node[][] = [
    ...scopeRows,
    kv(m.t("meta.dataTime"), m.dateTime(meta.dataTime)),
    kv(m.t("meta.tool"), `${cleanLine(meta.tool.name)} ${cleanLine(meta.tool.version)}`),
    kv(m.t("meta.reportId"), cleanLine(meta.reportId)),
    ...(meta.derivedFrom ? [kv("", derivedSentence(report, m))] : []),
    kv(m.t("meta.evidenceSha256"), cleanLine(meta.evidenceSha256)),
    kv(
      m.t("meta.parameters"),
      [
        `${m.t("meta.imageTypes")}: ${p.imageTypes.length ? p.imageTypes.map((k) => m.kind(k, cleanLine)).join(", ") : all}`,
        `${m.t("meta.rules")}: ${p.ruleIds.length ? p.ruleIds.map(cleanLine).join(", ") : all}`,
        `${m.t("meta.riskLevels")}: ${p.riskLevels.length ? p.riskLevels.map((l) => m.level(l)).join(", ") : all}`,
        ...(p.failOn ? [`${m.t("pdf.failOn")}: ${m.level(p.failOn)}`] : []),
        `${m.t("meta.sla")}: ${RISK_LEVELS.map((l) => `${m.level(l)} ${m.number(meta.slaDays[l])}`).join(" · ")}`,
      ].join("\n"),
    ),
  ];
  const out: Node[] = [{ text: m.t("title"), style: "title", id: "cover", outline: true }];
  if (markings) {
    const notes = [
      meta.demo ? m.t("pdf.demoNote") : "",
      meta.partial ? m.t("pdf.partialNote") : "",
      meta.secrets.unmasked ? m.t("unmaskedSecrets.message") : "",
    ].filter(Boolean);
    out.push({
      table: {
        widths: ["*"],
        body: [
          [
            {
              text: [
                { text: `${markings}\n`, style: "marking" },
                { text: notes.join(" "), color: "#ffffff" },
              ],
            },
          ],
        ],
      },
      layout: {
        ...kvLayout,
        fillColor: () => ALERT,
        paddingLeft: () => 8,
        paddingTop: () => 6,
        paddingBottom: () => 6,
      },
      margin: [0, 4, 0, 12],
    });
  }
  out.push({ table: { widths: [130, CONTENT_WIDTH - 150], body: rows }, layout: kvLayout, margin: [0, 8, 0, 0] });
  if (meta.failures.length > 0) {
    out.push(
      ...keptWithTable(
        [{ text: m.t("pdf.failures"), style: "h3", color: ALERT }],
        dataTable(
          [m.t("meta.scope"), m.t("pdf.error")],
          [1, 3],
          meta.failures.map((f) => ({
            cells: [
              cleanLine(f.scopeId),
              cleanLine(
                [f.message, f.operation, f.requestId ? `X-Request-Id ${f.requestId}` : ""].filter(Boolean).join(" · "),
              ),
            ],
          })),
        ),
      ),
    );
  }
  return out;
}

function levelChart(report: Report, m: Messages): Node {
  const max = Math.max(1, ...RISK_LEVELS.map((l) => report.summary.byLevel[l].images));
  const barMax = 170;
  const barHeight = 7;
  return {
    table: {
      widths: [60, barMax, 50],
      body: RISK_LEVELS.map((l) => {
        const images = report.summary.byLevel[l].images;
        const w = images > 0 ? Math.max(2, (images / max) * barMax) : 0;
        return [
          { text: m.level(l) },
          {
            canvas: [
              { type: "rect", x: 0, y: 1.5, w: barMax, h: barHeight, color: "#f3f4f6" },
              ...(w > 0 ? [{ type: "rect", x: 0, y: 1.5, w, h: barHeight, color: LEVEL_COLORS[l] }] : []),
            ],
          },
          { text: m.number(images) },
        ];
      }),
    },
    layout: { ...kvLayout, paddingRight: () => 4 },
    margin: [0, 6, 0, 0],
  };
}

/** The history's trend (the same SVG as report.html and the history index), with the legend in the page's text. */
function trendCharts(report: Report, m: Messages): Node[] {
  const points = report.trend;
  if (!points || points.length < 2) return [];
  const legend = (entries: [string, string][]): Node => ({
    text: entries.flatMap(([label, colour]) => [{ text: "■ ", color: colour }, { text: `${label}   ` }]),
    fontSize: 8,
    margin: [0, 2, 0, 0],
  });
  const chart = (title: string, svg: string, entries: [string, string][]): Node => ({
    width: "*",
    stack: [{ text: title, style: "h3" }, { svg, width: 340, font: FONT }, legend(entries)],
  });
  return [
    heading(m.t("trend.title"), "trend", "h2", "summary"),
    {
      columns: [
        chart(
          m.t("trend.levels"),
          levelTrendSvg(points, m, m.t("trend.levels")),
          RISK_LEVELS.map((l) => [m.level(l), LEVEL_COLORS[l]]),
        ),
        chart(m.t("trend.changes"), changeTrendSvg(points, m, m.t("trend.changes")), [
          [m.t("changes.new"), NEW_COLOR],
          [m.t("changes.resolved"), RESOLVED_COLOR],
        ]),
      ],
      columnGap: 20,
    },
  ];
}

/** The worst-level sentence as text runs after the summary sentence, the level in its colour. */
function worstLevelRuns(s: Report["summary"], m: Messages): Node[] {
  const worst = worstLevelSentence(s, m);
  if (!worst) return [];
  return [
    ` ${worst.before}`,
    ...(worst.level ? [{ text: worst.label ?? "", color: LEVEL_COLORS[worst.level], bold: true }] : []),
    worst.after,
  ];
}

function summary(report: Report, m: Messages, multiScope: boolean): Node[] {
  const s = report.summary;
  const n = m.number;
  const kpi = (label: string, value: number, color?: string): Node => ({
    stack: [
      { text: n(value), fontSize: 20, bold: true, color: color ?? "#111827" },
      { text: label, style: "label" },
    ],
  });
  const out: Node[] = [
    { text: "", pageBreak: "before" },
    heading(m.t("summary.title"), "summary", "h1"),
    {
      text: s.findings > 0 ? [summarySentence(s, m), ...worstLevelRuns(s, m)] : m.t("summary.clean"),
      fontSize: 10,
      margin: [0, 0, 0, s.gate ? 4 : 10],
    },
    ...(s.gate
      ? [{ text: gateSentence(s.gate, m), bold: true, color: s.gate.passed ? NEW : ALERT, margin: [0, 0, 0, 10] }]
      : []),
    {
      columns: [
        ...kpis(s, (key) => m.t(key)).map((k) =>
          kpi(
            k.label,
            k.value,
            k.alert ? ALERT : k.key === "affectedImages" && s.worstLevel ? LEVEL_COLORS[s.worstLevel] : undefined,
          ),
        ),
      ],
      columnGap: 12,
      margin: [0, 0, 0, 12],
    },
  ];
  const levelTable: Node = {
    table: {
      widths: [70, 50, 60, 60],
      body: [
        [m.t("rule.level"), m.t("meta.rules"), m.t("summary.affectedImages"), m.t("summary.findings")].map((h) => ({
          text: h,
          style: "th",
        })),
        ...RISK_LEVELS.map((l) => [
          levelText(l, m),
          n(s.byLevel[l].rules),
          n(s.byLevel[l].images),
          n(s.byLevel[l].findings),
        ]),
      ],
    },
    layout: tableLayout,
  };
  const typeTable: Node = {
    table: {
      widths: [110, 60],
      body: [
        [m.t("image.type"), m.t("summary.affectedImages")].map((h) => ({ text: h, style: "th" })),
        ...s.byImageType.map((t) => [breakLongWords(m.imageType(t.type, cleanLine), 25), n(t.images)]),
      ],
    },
    layout: tableLayout,
  };
  const nsTable: Node = {
    table: {
      widths: [150, 60],
      body: [
        [m.t("image.namespace"), m.t("summary.affectedImages")].map((h) => ({ text: h, style: "th" })),
        ...s.topNamespaces.map((t) => [breakLongWords(cleanLine(t.namespace), 30) || m.t("none"), n(t.images)]),
      ],
    },
    layout: tableLayout,
  };
  out.push({
    columns: [
      { width: 270, stack: [{ text: m.t("summary.byLevel"), style: "h3" }, levelTable, levelChart(report, m)] },
      { width: 200, stack: [{ text: m.t("summary.byImageType"), style: "h3" }, typeTable] },
      { width: "*", stack: [{ text: m.t("summary.topNamespaces"), style: "h3" }, nsTable] },
    ],
    columnGap: 20,
  });
  out.push(...trendCharts(report, m));
  if (multiScope) {
    out.push(
      ...keptWithTable(
        [heading(m.t("sections.scopes"), "scopes", "h2", "summary")],
        dataTable(
          [
            m.t("meta.scope"),
            m.t("pdf.status"),
            m.t("summary.rulesWithFindings"),
            m.t("summary.affectedImages"),
            ...RISK_LEVELS.map((l) => m.level(l)),
          ],
          [4, 3, 1.3, 1.3, 1, 1, 1, 1],
          s.scopes.map((sc) => ({
            cells: [
              cleanLine(sc.scopeId),
              sc.ok ? m.t("scope.ok") : [{ text: `${m.t("scope.failed")}: ${cleanLine(sc.error)}`, color: ALERT }],
              n(sc.rulesWithFindings),
              n(sc.affectedImages),
              ...RISK_LEVELS.map((l) => n(sc.byLevel[l] ?? 0)),
            ],
          })),
        ),
      ),
    );
  }
  return out;
}

/** What the summary edition is and where the full listing is: on the cover page, before anything else. */
function summaryEditionNote(report: Report, m: Messages): Node[] {
  return [
    {
      table: {
        widths: ["*"],
        body: [
          [
            {
              stack: [
                { text: m.t("pdf.summaryEdition"), bold: true, fontSize: 11, color: ALERT, margin: [0, 0, 0, 3] },
                {
                  text: m.count("pdf.summaryEditionNote", report.findings.size, {
                    findings: m.number(report.findings.size),
                    rows: m.number(PDF_SUMMARY_ROWS),
                  }),
                  fontSize: 9,
                },
              ],
              margin: [6, 5, 6, 5],
            },
          ],
        ],
      },
      layout: tableLayout,
      margin: [0, 14, 0, 0],
    },
  ];
}

/** The line under a table the summary edition cut short. */
function moreRows(m: Messages, shown: number, total: number): Node[] {
  if (shown >= total) return [];
  return [
    {
      text: m.t("pdf.moreRows", { shown: m.number(shown), total: m.number(total) }),
      style: "muted",
      italics: true,
      margin: [0, 2, 0, 6],
    },
  ];
}

function changes(
  report: Report,
  m: Messages,
  multiScope: boolean,
  imageRef: (i: Image | undefined) => string,
  rowLimit: number,
): Node[] {
  const c = report.changes;
  if (!c) return [];
  const n = m.number;
  const out: Node[] = [
    { text: "", pageBreak: "before" },
    heading(m.t("sections.changes"), "changes", "h1"),
    {
      text: [
        { text: `${m.t("changes.baseline")}: `, style: "label" },
        `${breakLongWords(cleanLine(c.baseline.label))} · ${m.dateTime(c.baseline.dataTime)} · ${m.t("meta.evidenceSha256")} ${cleanLine(c.baseline.evidenceSha256)}`,
      ],
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        widths: [90, 70],
        body: [
          [{ text: m.t("changes.new"), bold: true }, n(c.newFindings.length)],
          [{ text: m.t("changes.resolved"), bold: true }, n(c.resolved.length)],
          [{ text: m.t("changes.unchanged"), bold: true }, n(c.unchanged)],
        ],
      },
      layout: tableLayout,
    },
  ];
  if (c.comparison) {
    const text = comparisonText(c.comparison, m);
    out.push(
      ...keptWithTable(
        [{ text: text.sentence, bold: true, margin: [0, 8, 0, 4] }],
        dataTable(
          text.heads,
          [1.2, 2.5, 2.5, 2.5],
          text.rows.map((row) => ({ cells: row.map((cell) => cleanLine(cell)) })),
        ),
        paragraphLines([text.sentence]),
      ),
    );
  }
  const head = [
    m.t("rule.id"),
    m.t("rule.level"),
    m.t("pdf.rule"),
    m.t("image.name"),
    ...(multiScope ? [m.t("image.scope")] : []),
  ];
  const w = multiScope ? [1.2, 0.8, 3, 4, 2] : [1.2, 0.8, 3.5, 5];
  if (c.newFindings.length > 0) {
    const title = heading(`${m.t("changes.new")} (${n(c.newFindings.length)})`, "changes-new", "h2", "changes");
    const rows: CompactRow[] = [];
    for (const key of c.newFindings.slice(0, rowLimit)) {
      const f = report.findings.get(key);
      const rule = f ? report.rules.get(f.ruleKey) : undefined;
      const image = f ? report.images.get(f.imageKey) : undefined;
      rows.push({
        cells: [
          cleanLine(rule?.ruleId ?? key),
          rule ? levelCell(rule.level, m) : m.t("none"),
          cleanLine(rule?.name) || m.t("none"),
          imageRef(image),
          ...(multiScope ? [cleanLine(rule?.scopeId)] : []),
        ],
      });
    }
    out.push(...keptWithTable([title], dataTable(head, w, rows)), ...moreRows(m, rows.length, c.newFindings.length));
  }
  if (c.resolved.length > 0) {
    out.push(
      ...keptWithTable(
        [heading(`${m.t("changes.resolved")} (${n(c.resolved.length)})`, "changes-resolved", "h2", "changes")],
        dataTable(
          head,
          w,
          c.resolved.slice(0, rowLimit).map((r) => ({
            cells: [
              cleanLine(r.ruleId),
              levelCell(r.level, m),
              cleanLine(r.ruleName),
              cleanLine(r.image),
              ...(multiScope ? [cleanLine(r.scopeId)] : []),
            ],
          })),
        ),
      ),
      ...moreRows(m, Math.min(rowLimit, c.resolved.length), c.resolved.length),
    );
  }
  return out;
}

function ruleSections(
  report: Report,
  m: Messages,
  multiScope: boolean,
  imageRef: (i: Image | undefined) => string,
  rowLimit: number,
): Node[] {
  const out: Node[] = [{ text: "", pageBreak: "before" }, heading(m.t("sections.rules"), "rules", "h1")];
  if (report.sections.length === 0) out.push({ text: m.t("summary.clean") });
  const withChanges = report.changes !== undefined;
  const header = [
    ...(withChanges ? [m.t("pdf.change")] : []),
    ...(multiScope ? [m.t("image.scope")] : []),
    m.t("image.name"),
    m.t("image.digest"),
    m.t("image.type"),
    m.t("image.size"),
    m.t("image.lastScan"),
    m.t("image.instructions"),
  ];
  // Short columns as wide as their widest value (measured), the rest shared by the long ones.
  const fit = (...texts: string[]) => Math.ceil(Math.max(...texts.map((t) => textWidth(t, FONT_SIZE)))) + 2;
  const boldFit = (t: string) => Math.ceil(textWidth(t, FONT_SIZE, true)) + 2;
  const types = new Set<string>();
  for (const image of report.images.values()) types.add(m.imageType(image.type, cleanLine));
  const fixed = [
    ...(withChanges ? [Math.max(fit(m.t("changes.new")), boldFit(m.t("pdf.change")))] : []),
    0, // scope (when several), image: shared
    ...(multiScope ? [0] : []),
    Math.max(fit("sha256:dddddddddddd"), boldFit(m.t("image.digest"))),
    Math.min(90, Math.max(fit(...types, m.t("none")), boldFit(m.t("image.type")))),
    Math.max(fit("999.9 MB"), boldFit(m.t("image.size"))),
    Math.max(fit(m.dateTime("2026-12-28T23:59:00Z")), boldFit(m.t("image.lastScan"))),
    0, // instructions: shared
  ];
  const free = CONTENT_WIDTH - fixed.length * 2 * CELL_PAD - fixed.reduce((a, b) => a + b, 0);
  const shares = multiScope ? [0.2, 0.38, 0.42] : [0.45, 0.55];
  let share = 0;
  const colWidths = fixed.map((w) => (w > 0 ? w : Math.floor(free * (shares[share++] ?? 0.3))));
  report.sections.forEach((section, index) => {
    out.push(...ruleSection(report, m, section, index, multiScope, imageRef, header, colWidths, rowLimit));
  });
  return out;
}

function ruleSection(
  report: Report,
  m: Messages,
  section: RuleSection,
  index: number,
  multiScope: boolean,
  imageRef: (i: Image | undefined) => string,
  header: string[],
  colWidths: number[],
  rowLimit: number,
): Node[] {
  const rule = section;
  const n = m.number;
  const title = breakLongWords(`${cleanLine(rule.ruleId)} · ${cleanLine(rule.name)}`);
  // Where the rule was found: one entry per scope and image kind that lists it, with its findings there.
  const where = section.listings.map(
    (l) =>
      `${multiScope ? `${cleanLine(l.rule.scopeId)} · ` : ""}${m.kind(l.rule.imageKind, cleanLine)}: ${n(l.findings)}`,
  );
  // The heading and everything up to the table: kept with the table's first rows (see keptWithTable).
  const out: Node[] = [
    {
      ...(heading(`${m.level(rule.level)} · ${title}`, `rule-${index}`, "h2", "rules") as Record<string, unknown>),
      text: [{ text: `${m.level(rule.level)} `, color: LEVEL_COLORS[rule.level] }, title],
      outlineText: `${m.level(rule.level)} · ${title}`.replace(/\n/g, "").slice(0, 120),
    },
    {
      text: [
        { text: `${m.t("rule.id")}: `, style: "label" },
        `${cleanLine(rule.ruleId)}    `,
        { text: `${m.t("rule.level")}: `, style: "label" },
        levelText(rule.level, m),
        "    ",
        { text: `${m.t("rule.images")}: `, style: "label" },
        `${n(section.findings.length)}`,
      ],
      margin: [0, 0, 0, 1],
    },
    // One line per listing (a scope id is never cut across lines), aligned under the first, right of the label.
    {
      columns: [
        { text: `${m.t("rule.foundIn")}:`, style: "label", width: "auto" },
        { text: where.join("\n"), width: "*" },
      ],
      columnGap: textWidth(" ", FONT_SIZE),
      margin: [0, 0, 0, 3],
    },
  ];
  // What the intro prints, to bound its height (the heading counted twice: it is set larger).
  const texts = [title, title, ...where];
  if (rule.description) {
    const description = breakLongWords(clean(rule.description));
    texts.push(`${m.t("rule.description")}: ${description}`);
    out.push({
      text: [{ text: `${m.t("rule.description")}: `, style: "label" }, description],
      margin: [0, 0, 0, 3],
    });
  }
  // Remediation once per rule: the shared one, else each distinct text once, numbered and referenced from rows.
  const numbers = new Map<number, number>();
  if (section.sharedRemediation !== undefined) {
    const remediation = breakLongWords(clean(report.remediations[section.sharedRemediation])) || m.t("none");
    texts.push(`${m.t("rule.remediation")}: ${remediation}`);
    out.push({
      text: [{ text: `${m.t("rule.remediation")}: `, style: "label" }, remediation],
      margin: [0, 0, 0, 5],
    });
  } else {
    for (const f of section.findings) {
      for (const ins of f.instructions)
        if (!numbers.has(ins.remediation)) numbers.set(ins.remediation, numbers.size + 1);
    }
    if (numbers.size > 0) {
      const remediations = [...numbers].map(
        ([idx, num]) => `[${num}] ${breakLongWords(clean(report.remediations[idx])) || m.t("none")}`,
      );
      texts.push(m.t("rule.remediation"), ...remediations);
      out.push({ text: `${m.t("rule.remediation")}:`, style: "label" });
      out.push({
        stack: remediations.map((text) => ({ text, margin: [6, 0, 0, 1] })),
        margin: [0, 0, 0, 5],
      });
    }
  }
  const rows: CompactRow[] = [];
  for (const f of section.findings.slice(0, rowLimit))
    rows.push(findingRow(report, m, f, multiScope, imageRef, numbers));
  const table = compactTable(
    header.map((h, i) => ({ header: h, width: colWidths[i] ?? 40 })),
    rows,
    FONT_SIZE,
    LINE_HEIGHT,
    placeholders,
    CONTENT_HEIGHT,
  );
  return [...keptWithTable(out, table, paragraphLines(texts)), ...moreRows(m, rows.length, section.findings.length)];
}

function findingRow(
  report: Report,
  m: Messages,
  f: Finding,
  multiScope: boolean,
  imageRef: (i: Image | undefined) => string,
  numbers: Map<number, number>,
): CompactRow {
  const image = report.images.get(f.imageKey);
  const ins: Para[] = f.instructions.map((i) => {
    const text = i.instruction === "--" ? m.t("missingInstruction") : cleanLine(i.instruction);
    const num = numbers.get(i.remediation);
    return { text: num === undefined ? text : `${text} [${num}]` };
  });
  const waiver = f.waiver;
  if (waiver) {
    ins.push({
      text: `${waiver.expired ? m.t("waiver.expired") : m.t("waiver.waived")} · ${m.t("waiver.expires")} ${m.expiry(waiver.expires)} · ${m.t("waiver.reason")}: ${cleanLine(waiver.reason)} · ${m.t("waiver.approver")}: ${cleanLine(waiver.approver)}${waiver.ticket ? ` · ${m.t("waiver.ticket")}: ${cleanLine(waiver.ticket)}` : ""}${waiver.expiresSoon ? ` · ${m.t("waiver.expiresSoon")}` : ""}`,
      color: waiver.expired ? ALERT : MUTED,
      bold: waiver.expired,
    });
  }
  // As in the HTML: ages once there is history to age against, or something is overdue.
  if (report.changes || report.summary.overdue > 0) {
    ins.push({
      text: `${f.overdue ? `${m.t("age.overdue")} · ` : ""}${m.t("age.firstSeen")} ${m.dateTime(f.firstSeen)} · ${m.count("age.days", f.ageDays)}`,
      color: f.overdue ? ALERT : MUTED,
      bold: f.overdue,
    });
  }
  const cells: Cell[] = [
    ...(report.changes ? [f.change === "new" ? [{ text: m.t("changes.new"), color: NEW, bold: true }] : ""] : []),
    ...(multiScope ? [cleanLine(image?.scopeId)] : []),
    imageRef(image),
    image ? shortDigest(image.digest) || m.t("none") : m.t("none"),
    image ? m.imageType(image.type, cleanLine) : m.t("none"),
    m.bytes(image?.size),
    m.dateTime(image?.latestScanTime),
    ins,
  ];
  // Waived (and not expired) findings are muted: still listed, visibly accepted.
  return waiver && !waiver.expired ? { cells, color: MUTED } : { cells };
}

function imageIndex(
  report: Report,
  m: Messages,
  multiScope: boolean,
  imageRef: (i: Image | undefined) => string,
): Node[] {
  const out: Node[] = [{ text: "", pageBreak: "before" }, heading(m.t("sections.images"), "images", "h1")];
  const header = [
    m.t("image.name"),
    m.t("image.digest"),
    ...(multiScope ? [m.t("image.scope")] : []),
    m.t("image.type"),
    m.t("image.rules"),
  ];
  // The full digest on one line: its column is as wide as a sha256 digest, the others share the rest.
  const digestWidth = Math.ceil(textWidth(`sha256:${"d".repeat(64)}`, INDEX_FONT_SIZE)) + 2;
  const rest = CONTENT_WIDTH - (digestWidth + 2 * CELL_PAD);
  const restWeights = multiScope ? [2.6, 1.6, 1, 2.2] : [3.2, 1, 2.8];
  const restWidths = widths(restWeights, rest);
  const colWidths = [restWidths[0] ?? 100, digestWidth, ...restWidths.slice(1)];
  const rows: CompactRow[] = [];
  for (const entry of report.imageIndex) {
    const image = report.images.get(entry.imageKey);
    const rules: string[] = [];
    for (const key of entry.findings) {
      const f = report.findings.get(key);
      const rule = f ? report.rules.get(f.ruleKey) : undefined;
      if (rule)
        rules.push(`${cleanLine(rule.ruleId)}${f?.waiver && !f.waiver.expired ? ` (${m.t("waiver.waived")})` : ""}`);
    }
    rows.push({
      cells: [
        imageRef(image),
        image ? cleanLine(image.digest) || m.t("none") : m.t("none"),
        ...(multiScope ? [cleanLine(image?.scopeId)] : []),
        image ? m.imageType(image.type, cleanLine) : m.t("none"),
        rules.join(", "),
      ],
    });
  }
  out.push(
    compactTable(
      header.map((h, i) => ({ header: h, width: colWidths[i] ?? 40 })),
      rows,
      INDEX_FONT_SIZE,
      LINE_HEIGHT,
      placeholders,
      CONTENT_HEIGHT,
    ).node,
  );
  return out;
}
