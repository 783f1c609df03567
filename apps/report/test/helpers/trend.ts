// Reads a trend chart back from its SVG (see src/render/trend.ts): each mark declares its run, series and value, and
// its position on the plot's declared axis draws a value too; a test checks both.
import { expect } from "vitest";

/**
 * The points of one trend plot, by `run|series`: the value each declares, and the value its position draws on the
 * plot's declared axis (a circle's centre, a bar's top).
 */
export function plotPoints(html: string, plot: string): Map<string, { declared: number; drawn: number }> {
  const svg = new RegExp(`<svg [^>]*data-plot="${plot}"[^>]*>([\\s\\S]*?)</svg>`).exec(html);
  expect(svg, `the ${plot} plot`).not.toBeNull();
  const head = (svg as RegExpExecArray)[0];
  const attr = (text: string, name: string) => Number(new RegExp(` ${name}="([^"]+)"`).exec(text)?.[1]);
  const [max, top, bottom] = [attr(head, "data-max"), attr(head, "data-top"), attr(head, "data-bottom")];
  const points = new Map<string, { declared: number; drawn: number }>();
  for (const mark of head.match(/<(circle|rect) [^>]*data-run="[^"]+"[^>]*>/g) ?? []) {
    const y = mark.startsWith("<circle") ? attr(mark, "cy") : attr(mark, "y");
    const run = /data-run="([^"]+)"/.exec(mark)?.[1];
    const series = /data-level="([^"]+)"/.exec(mark)?.[1];
    points.set(`${run}|${series}`, {
      declared: attr(mark, "data-value"),
      drawn: ((bottom - y) / (bottom - top)) * max,
    });
  }
  return points;
}

/** The lines of a plot, by series: the number of points each draws (a gap in a series splits its line). */
export function plotLines(html: string, plot: string): Map<string, number[]> {
  const svg = new RegExp(`<svg [^>]*data-plot="${plot}"[^>]*>([\\s\\S]*?)</svg>`).exec(html)?.[0] ?? "";
  const lines = new Map<string, number[]>();
  for (const line of svg.match(/<polyline [^>]*>/g) ?? []) {
    const series = /data-level="([^"]+)"/.exec(line)?.[1] ?? "";
    const points = (/ points="([^"]*)"/.exec(line)?.[1] ?? "").trim().split(/\s+/).length;
    lines.set(series, [...(lines.get(series) ?? []), points]);
  }
  return lines;
}
