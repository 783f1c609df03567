// Pacing per region. HSS throttles per account and API in each region (APIG.0308, "limit:N,time:1 second"),
// whatever the project, so every scope a run reads from one region (one endpoint host) shares one pacer of
// `@hss-reports/api` (`createPacer`): a fleet of ten projects in cn-north-4 sends cn-north-4 at most its rate, not
// ten times it. Each scope's client paces every attempt (retries included) through it, a 429 slows the whole region
// down and its `Retry-After` pauses every client of that region. The run's `concurrency` still bounds requests in
// flight.
import { createPacer, type HssPacer, isLoopbackHost } from "@hss-reports/api";
import type { Scope } from "../evidence/types.js";

/** Requests per second per region when `rate_limits` does not name it: half of the 20/s HSS documents. */
export const DEFAULT_RATE_LIMIT = 10;

/** The endpoint's `host[:port]`: the unit a rate limit applies to. */
export function rateGroup(scope: Pick<Scope, "endpoint">): string {
  return new URL(scope.endpoint).host;
}

/**
 * Requests per second for the scope's region: `rate_limits[region]`, else `rate_limits[host]`, else the default
 * (none on loopback: the emulator, or a local proxy).
 */
export function rateLimitOf(
  scope: Pick<Scope, "endpoint" | "region">,
  limits: Readonly<Record<string, number>> = {},
): number | undefined {
  const host = rateGroup(scope);
  const named = (scope.region !== undefined ? limits[scope.region] : undefined) ?? limits[host];
  if (named !== undefined) return named;
  return isLoopbackHost(host) ? undefined : DEFAULT_RATE_LIMIT;
}

/** One pacer per rate group (the lowest limit any of its scopes names), by scope id; none for unpaced groups. */
export function createPacers(
  scopes: readonly Pick<Scope, "id" | "endpoint" | "region">[],
  limits?: Readonly<Record<string, number>>,
): Map<string, HssPacer> {
  const perGroup = new Map<string, number>();
  for (const scope of scopes) {
    const limit = rateLimitOf(scope, limits);
    if (limit === undefined) continue;
    const group = rateGroup(scope);
    perGroup.set(group, Math.min(limit, perGroup.get(group) ?? Number.POSITIVE_INFINITY));
  }
  const pacers = new Map<string, HssPacer>();
  for (const [group, perSecond] of perGroup) pacers.set(group, createPacer(perSecond));
  const byScope = new Map<string, HssPacer>();
  for (const scope of scopes) {
    const pacer = pacers.get(rateGroup(scope));
    if (pacer) byScope.set(scope.id, pacer);
  }
  return byScope;
}
