// Trend charts of a history folder as inline SVG: findings by level over the kept runs (one line per level) and new
// vs resolved per run (paired bars). One SVG for the history index, report.html and the PDF (pdfmake draws `svg`
// nodes): colours are presentation attributes (no CSS, no style attribute: the pages' CSP allows none), no script,
// no network. The words (title, legend) stay outside the SVG, in the page's own text; inside are numbers and dates.
// Each point carries `data-run`, `data-level` and `data-value` (each line its `data-level`), and its position follows
// the axis declared on its plot (`data-max`, `data-top`, `data-bottom`), so a reader (or a test) can take the values
// back from the picture. A run that did not read a level (`null`) leaves a gap in that level's line.
import type { Messages } from "../i18n/index.js";
import { RISK_LEVELS, type TrendPoint } from "../model/types.js";
import { LEVEL_COLORS, NEW_COLOR, RESOLVED_COLOR } from "./colours.js";
import { escapeHtml } from "./html/escape.js";

const WIDTH = 560;
const HEIGHT = 200;
const LEFT = 44;
const RIGHT = 12;
const TOP = 12;
const BOTTOM = 168;
const FONT = 10;
/** Between the two lines of an x label (day, then time of day). */
const LINE = 11;

/** A round axis maximum at or above `value` whose half is a whole number too (the middle grid line): 2, 4, 6, 8,
 * 10, 20, 40, 50, 60 ... */
export function niceMax(value: number): number {
  if (value <= 2) return 2;
  const power = 10 ** Math.floor(Math.log10(value));
  const steps = power >= 10 ? [1, 2, 4, 5, 6, 8, 10] : [2, 4, 6, 8, 10];
  for (const step of steps) if (step * power >= value) return step * power;
  return 10 * power;
}

const fmt = (n: number): string => String(Math.round(n * 100) / 100);

/** x of run `i` of `n`, spread over the plot width (a single run in the middle). */
function xOf(i: number, n: number): number {
  const span = WIDTH - LEFT - RIGHT;
  return n <= 1 ? LEFT + span / 2 : LEFT + (span * (i + 0.5)) / n;
}

function yOf(value: number, max: number): number {
  return BOTTOM - ((BOTTOM - TOP) * value) / max;
}

/**
 * The x label of each run, one or two lines: its UTC day (`MM-DD`; `YYYY-MM-DD` when a kept run of another year has
 * the same day), and under it the time of day (`HH:MM`; `HH:MM:SS` when another run shares the minute) when another
 * kept run has the same day, so that no two runs read alike.
 */
export function runLabels(points: readonly Pick<TrendPoint, "dataTime">[]): string[][] {
  // In UTC, as the folder names (an unreadable time is shown as recorded).
  const iso = points.map((p) =>
    Number.isNaN(Date.parse(p.dataTime)) ? p.dataTime : new Date(p.dataTime).toISOString(),
  );
  // How many runs share each part of the time: `MM-DD`, `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM`.
  const counter = (part: (at: string) => string) => {
    const counts = new Map<string, number>();
    for (const at of iso) counts.set(part(at), (counts.get(part(at)) ?? 0) + 1);
    return (at: string) => counts.get(part(at)) ?? 0;
  };
  const monthDay = counter((at) => at.slice(5, 10));
  const day = counter((at) => at.slice(0, 10));
  const minute = counter((at) => at.slice(0, 16));
  return iso.map((at) => {
    const date = monthDay(at) > day(at) ? at.slice(0, 10) : at.slice(5, 10);
    if (day(at) === 1) return [date];
    return [date, minute(at) > 1 ? at.slice(11, 19) : at.slice(11, 16)];
  });
}

/** Grid lines and y labels at 0, max/2 and max; x labels (`runLabels`) under each run, thinned to fit. */
function axes(points: readonly TrendPoint[], max: number, m: Messages): string {
  let svg = "";
  for (const value of [0, max / 2, max]) {
    const y = fmt(yOf(value, max));
    svg += `<line x1="${LEFT}" y1="${y}" x2="${WIDTH - RIGHT}" y2="${y}" stroke="#d1d5db" stroke-width="1"/>`;
    svg += `<text x="${LEFT - 6}" y="${fmt(yOf(value, max) + 3.5)}" font-size="${FONT}" fill="#4b5563" text-anchor="end">${m.number(value)}</text>`;
  }
  const every = Math.max(1, Math.ceil(points.length / 8));
  const labels = runLabels(points);
  points.forEach((point, i) => {
    if ((points.length - 1 - i) % every !== 0) return;
    const x = fmt(xOf(i, points.length));
    // One line under the other, each placed (a PDF's SVG reader lays out tspans only where they say).
    const lines = (labels[i] ?? [])
      .map((line, n) => `<tspan x="${x}" y="${BOTTOM + 16 + n * LINE}">${escapeHtml(line)}</tspan>`)
      .join("");
    svg += `<text font-size="${FONT}" fill="#4b5563" text-anchor="middle" data-x-label="${escapeHtml(point.run)}">${lines}</text>`;
  });
  return svg;
}

const open = (name: string, max: number, label: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}" data-plot="${name}" data-max="${max}" data-top="${TOP}" data-bottom="${BOTTOM}">`;

/** Findings per level over the runs, one line per level; `label` is the chart's accessible name. */
export function levelTrendSvg(points: readonly TrendPoint[], m: Messages, label: string): string {
  const max = niceMax(Math.max(0, ...points.flatMap((p) => RISK_LEVELS.map((l) => p.byLevel[l] ?? 0))));
  let svg = open("levels", max, label) + axes(points, max, m);
  for (const level of RISK_LEVELS) {
    const colour = LEVEL_COLORS[level];
    // A run that did not read the level (null) is a gap: no point, and the line stops on either side of it.
    const segments: string[][] = [[]];
    points.forEach((p, i) => {
      const value = p.byLevel[level];
      if (value === null || value === undefined) segments.push([]);
      else segments.at(-1)?.push(`${fmt(xOf(i, points.length))},${fmt(yOf(value, max))}`);
    });
    for (const xy of segments.filter((s) => s.length > 1)) {
      svg += `<polyline points="${xy.join(" ")}" fill="none" stroke="${colour}" stroke-width="2" data-level="${level}"/>`;
    }
    points.forEach((p, i) => {
      const value = p.byLevel[level];
      if (value === null || value === undefined) return;
      svg += `<circle cx="${fmt(xOf(i, points.length))}" cy="${fmt(yOf(value, max))}" r="3" fill="${colour}" data-run="${escapeHtml(p.run)}" data-level="${level}" data-value="${value}"><title>${escapeHtml(`${m.level(level)} ${m.number(value)} · ${p.run}`)}</title></circle>`;
    });
  }
  return `${svg}</svg>`;
}

/** New (left bar) and resolved (right bar) findings of each run against the run before it. */
export function changeTrendSvg(points: readonly TrendPoint[], m: Messages, label: string): string {
  const max = niceMax(Math.max(0, ...points.flatMap((p) => [p.new ?? 0, p.resolved ?? 0])));
  let svg = open("changes", max, label) + axes(points, max, m);
  const slot = (WIDTH - LEFT - RIGHT) / Math.max(1, points.length);
  const bar = Math.max(2, Math.min(18, slot / 3));
  points.forEach((p, i) => {
    const x = xOf(i, points.length);
    for (const [kind, value, colour, offset] of [
      ["new", p.new, NEW_COLOR, -bar],
      ["resolved", p.resolved, RESOLVED_COLOR, 0],
    ] as const) {
      if (value === undefined) continue;
      const y = yOf(value, max);
      svg += `<rect x="${fmt(x + offset)}" y="${fmt(y)}" width="${fmt(bar)}" height="${fmt(BOTTOM - y)}" fill="${colour}" data-run="${escapeHtml(p.run)}" data-level="${kind}" data-value="${value}"><title>${escapeHtml(`${m.t(`changes.${kind}`)} ${m.number(value)} · ${p.run}`)}</title></rect>`;
    }
  });
  return `${svg}</svg>`;
}
