// DIR/index.html: the runs of a history folder, newest first, with their headline numbers and links to each file.
// Self-contained (inline CSS, no script, no network), every word from the i18n catalogues, every name escaped.
import type { DeliveryResult } from "../deliver/index.js";
import type { Lang, RiskLevel } from "../evidence/types.js";
import { type Messages, messages } from "../i18n/index.js";
import { levelsRead } from "../model/build.js";
import { type Report, RISK_LEVELS, type TrendPoint } from "../model/types.js";
import { LEVEL_COLORS, NEW_COLOR, RESOLVED_COLOR } from "../render/colours.js";
import { escapeHtml } from "../render/html/escape.js";
import { changeTrendSvg, levelTrendSvg } from "../render/trend.js";
import type { FailedRun } from "./history.js";

export interface RunHeadline {
  name: string;
  files: string[];
  lang?: Lang;
  reportId?: string;
  dataTime?: string;
  demo?: boolean;
  partial?: boolean;
  affectedImages?: number;
  rulesWithFindings?: number;
  findings?: number;
  /** `null` for a level the run did not read (`--risk-level`); entries written before that hold 0 instead. */
  byLevel?: Record<RiskLevel, number | null>;
  waived?: number;
  worstLevel?: RiskLevel;
  /** `notCompared`: findings of the run outside what it and the run before both read (see model/compare.ts). */
  changes?: { new: number; resolved: number; notCompared?: number };
  /** Delivery of the run: targets sent to, and the targets that failed (by name). */
  delivery?: { sent: number; failed: string[] };
}

export function headlineOf(
  name: string,
  report: Report,
  files: string[],
  deliveries?: readonly Pick<DeliveryResult, "target" | "status">[],
): RunHeadline {
  const { summary, meta, changes } = report;
  return {
    name,
    files,
    lang: meta.lang,
    reportId: meta.reportId,
    dataTime: meta.dataTime,
    demo: meta.demo,
    partial: meta.partial,
    affectedImages: summary.affectedImages,
    rulesWithFindings: summary.rulesWithFindings,
    findings: summary.findings,
    byLevel: Object.fromEntries(
      Object.entries(levelsRead(meta.parameters)).map(([l, read]) => [
        l,
        read === null ? null : summary.byLevel[l as RiskLevel].findings,
      ]),
    ) as Record<RiskLevel, number | null>,
    waived: summary.waivedFindings,
    ...(summary.worstLevel ? { worstLevel: summary.worstLevel } : {}),
    ...(changes
      ? {
          changes: {
            new: changes.newFindings.length,
            resolved: changes.resolved.length,
            ...(changes.comparison ? { notCompared: changes.comparison.outside } : {}),
          },
        }
      : {}),
    ...(deliveries?.length
      ? {
          delivery: {
            sent: deliveries.filter((d) => d.status === "sent").length,
            failed: deliveries.filter((d) => d.status === "failed").map((d) => d.target),
          },
        }
      : {}),
  };
}

/** The trend points of the runs with numbers (unreadable runs have none), oldest first. */
export function trendOf(runs: readonly RunHeadline[]): TrendPoint[] {
  return runs.flatMap((run) =>
    run.byLevel && run.dataTime
      ? [
          {
            run: run.name,
            dataTime: run.dataTime,
            byLevel: run.byLevel,
            ...(run.changes ? { new: run.changes.new, resolved: run.changes.resolved } : {}),
          },
        ]
      : [],
  );
}

/** Run names are checked against a strict pattern before they get here; encode anyway. */
const href = (...parts: string[]): string => escapeHtml(parts.map(encodeURIComponent).join("/"));

/** "sent to 2 targets", or "failed: jira AUDIT-123" in red; a run without `deliver` shows the "none" dash. */
function deliveryCell(delivery: RunHeadline["delivery"], m: Messages): string {
  if (!delivery) return escapeHtml(m.t("none"));
  if (delivery.failed.length === 0) return escapeHtml(m.count("deliver.sent", delivery.sent));
  return `<span class="critical">${escapeHtml(m.t("deliver.failed", { targets: delivery.failed.join(", ") }))}</span>`;
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#1f2328}
h1{font-size:1.5rem;margin:0 0 .25rem}p{color:#59636e;margin:.25rem 0 1rem}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #d1d9e0;text-align:right;white-space:nowrap;vertical-align:top}
th{background:#f6f8fa;position:sticky;top:0;white-space:normal}th:first-child,td:first-child,td.files,th.files,td.delivery,th.delivery,td.why{text-align:left}
td.files,td.delivery,td:first-child{white-space:normal}td.files a{margin-right:.5rem;display:inline-block}td.why{color:#a40e26;white-space:pre-line}
.tag.failed{background:#ffebe9;color:#a40e26}.charts{display:flex;flex-wrap:wrap;gap:1rem;margin:0 0 1rem}
.charts figure{margin:0;flex:1 1 520px;max-width:580px}.charts figcaption{font-weight:600;margin:0 0 .25rem}
.charts svg{max-width:100%;height:auto}.legend span{margin-right:.8rem;font-size:.8rem}.tag{font-size:.75rem;border-radius:.6rem;padding:0 .45rem;background:#ddf4ff;color:#0969da;margin-left:.4rem;display:inline-block}
.demo{background:#fff8c5;color:#9a6700}.critical{color:#a40e26;font-weight:600}.high{color:#bc4c00;font-weight:600}
.muted{color:#59636e}@media print{body{margin:0}th{position:static}}`;

export function renderHistoryIndex(
  runs: readonly RunHeadline[],
  options: {
    lang: Lang;
    latest?: string | undefined;
    keep?: number | undefined;
    /** Runs that failed (nothing of them was written), listed among the others with why. */
    failed?: readonly FailedRun[] | undefined;
  },
): string {
  const m = messages(options.lang);
  const t = (key: string, vars?: Record<string, string | number>) => escapeHtml(m.t(key, vars));
  // "—" for what a run did not read (a level outside its --risk-level) or could not say.
  const num = (n: number | null | undefined) => (n === undefined || n === null ? t("none") : escapeHtml(m.number(n)));
  const head = [
    `<th>${t("history.run")}</th>`,
    `<th>${t("meta.dataTime")}</th>`,
    `<th>${t("summary.affectedImages")}</th>`,
    `<th>${t("summary.findings")}</th>`,
    ...RISK_LEVELS.map((level) => `<th>${escapeHtml(m.level(level))}</th>`),
    `<th>${t("summary.waived")}</th>`,
    `<th>${t("changes.new")}</th>`,
    `<th>${t("changes.resolved")}</th>`,
    `<th class="delivery">${t("history.delivery")}</th>`,
    `<th class="files">${t("history.files")}</th>`,
  ].join("");
  const columns = 9 + RISK_LEVELS.length;
  const failedRows = (options.failed ?? []).map((f) => ({
    name: f.name,
    html: `<tr class="failed"><td>${escapeHtml(f.name)}<span class="tag failed">${t("history.failed")}</span></td><td>${escapeHtml(m.dateTime(f.dataTime))}</td><td class="why" colspan="${columns - 2}">${t("history.exit", { code: f.exitCode })}: ${escapeHtml(f.message)}</td></tr>`,
  }));
  const runRows = runs.map((run) => ({ name: run.name, html: runRow(run) }));
  const rows = [...runRows, ...failedRows]
    .sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
    .map((row) => row.html);
  function runRow(run: RunHeadline): string {
    const tags = [
      run.name === options.latest ? `<span class="tag">${t("history.latest")}</span>` : "",
      run.demo ? `<span class="tag demo">${t("demoData")}</span>` : "",
      run.partial ? `<span class="tag demo">${t("partial")}</span>` : "",
      // New and resolved cover only what this run and the one before both read.
      run.changes?.notCompared !== undefined
        ? `<span class="tag demo">${escapeHtml(m.count("history.notCompared", run.changes.notCompared))}</span>`
        : "",
    ].join("");
    const main = ["report.html", "report.pdf", "summary.md"].find((file) => run.files.includes(file)) ?? run.files[0];
    const name = main ? `<a href="${href(run.name, main)}">${escapeHtml(run.name)}</a>` : escapeHtml(run.name);
    const files = run.files.map((file) => `<a href="${href(run.name, file)}">${escapeHtml(file)}</a>`).join("");
    if (run.findings === undefined) {
      return `<tr><td>${name}${tags}</td><td class="muted" colspan="${6 + RISK_LEVELS.length}">${t("history.unreadable")}</td><td class="files">${files}</td></tr>`;
    }
    const cells = [
      `<td>${name}${tags}</td>`,
      `<td>${escapeHtml(m.dateTime(run.dataTime))}</td>`,
      `<td>${num(run.affectedImages)}</td>`,
      `<td>${num(run.findings)}</td>`,
      ...RISK_LEVELS.map((level) => {
        const n = run.byLevel?.[level];
        return `<td${n && (level === "critical" || level === "high") ? ` class="${level}"` : ""}>${num(n)}</td>`;
      }),
      `<td>${num(run.waived)}</td>`,
      `<td>${run.changes ? num(run.changes.new) : t("none")}</td>`,
      `<td>${run.changes ? num(run.changes.resolved) : t("none")}</td>`,
      `<td class="delivery">${deliveryCell(run.delivery, m)}</td>`,
      `<td class="files">${files}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  }
  const points = trendOf(runs);
  const legend = (entries: [string, string][]) =>
    `<p class="legend">${entries.map(([label, colour]) => `<span><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${colour}"/></svg> ${escapeHtml(label)}</span>`).join("")}</p>`;
  const charts =
    points.length > 1
      ? `<div class="charts"><figure><figcaption>${t("trend.levels")}</figcaption>${levelTrendSvg(points, m, m.t("trend.levels"))}${legend(RISK_LEVELS.map((l) => [m.level(l), LEVEL_COLORS[l]]))}</figure><figure><figcaption>${t("trend.changes")}</figcaption>${changeTrendSvg(points, m, m.t("trend.changes"))}${legend(
          [
            [m.t("changes.new"), NEW_COLOR],
            [m.t("changes.resolved"), RESOLVED_COLOR],
          ],
        )}</figure></div>`
      : "";
  const kept = options.keep !== undefined ? ` · ${escapeHtml(m.count("history.kept", options.keep))}` : "";
  return `<!doctype html>
<html lang="${escapeHtml(options.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${t("history.title")} · ${t("title")}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${t("history.title")}</h1>
<p>${t("title")}${kept}</p>
${charts}
${
  rows.length
    ? `<table>
<thead><tr>${head}</tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>`
    : `<p>${t("history.empty")}</p>`
}
</body>
</html>
`;
}
