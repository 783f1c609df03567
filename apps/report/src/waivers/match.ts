// Decides which findings are accepted risks. The model calls `waive(rule, image)` once per finding; a waiver
// matches when its rule is the finding's rule id (or "*") and its image pattern matches the image:
//   sha256:<hex>             the image digest, exactly
//   ns/name:version glob     `namespace/name:version`            (e.g. `payments/*:1.*`, `**`)
//   ns/name glob             `namespace/name`, any version        (e.g. `library/nginx`)
//   name:version glob        `name:version`, any namespace        (e.g. `nginx:1.2*`)
//   name glob                the image name, any namespace/version (e.g. `app-*`)
// Globs are picomatch globs: `*` stops at `/`, `**` crosses it.
import picomatch from "picomatch";
import type { BuildOptions } from "../model/build.js";
import type { Image, Rule } from "../model/types.js";
import type { Waiver, WaiverSet } from "./load.js";

/** Days before its expiry that a waiver in use is warned about (config `waiver_warn_days`). */
export const DEFAULT_WAIVER_WARN_DAYS = 14;
const DAY_MS = 86_400_000;

type Target = "digest" | "reference" | "repository" | "tag" | "name";

interface CompiledWaiver {
  waiver: Waiver;
  target: Target;
  test: (value: string) => boolean;
  /** The scope glob against the finding's scope id; every scope when the waiver names none. */
  inScope: (scopeId: string) => boolean;
  /** Milliseconds of the start (UTC) of the expiry day: from then on the waiver no longer counts. */
  expiresAt: number;
}

export function targetOf(pattern: string): Target {
  if (pattern.toLowerCase().startsWith("sha256:")) return "digest";
  const slash = pattern.lastIndexOf("/");
  if (slash >= 0) return pattern.slice(slash + 1).includes(":") ? "reference" : "repository";
  return pattern.includes(":") ? "tag" : "name";
}

function subject(target: Target, image: Image): string {
  switch (target) {
    case "digest":
      return image.digest.toLowerCase();
    case "reference":
      return `${image.namespace}/${image.name}:${image.version}`;
    case "repository":
      return `${image.namespace}/${image.name}`;
    case "tag":
      return `${image.name}:${image.version}`;
    case "name":
      return image.name;
  }
}

function compile(waiver: Waiver): CompiledWaiver {
  const target = targetOf(waiver.image);
  const digest = waiver.image.toLowerCase();
  const test =
    target === "digest" ? (value: string) => value === digest : picomatch(waiver.image, { dot: true, nonegate: true });
  const inScope = waiver.scope ? picomatch(waiver.scope, { dot: true, nonegate: true }) : () => true;
  return { waiver, target, test, inScope, expiresAt: Date.parse(`${waiver.expires}T00:00:00Z`) };
}

export interface Waive {
  /** For `buildReport({ waive })`. */
  waive: NonNullable<BuildOptions["waive"]>;
  /** How many findings each waiver (by file index) was applied to, so far. */
  applied: number[];
}

/**
 * `at` is the data time of the run (the evidence's `run.startedAt`): when several waivers match one finding, the
 * first one in the file that has not expired at that time wins, else the first expired one (shown as expired).
 */
export function createWaive(set: WaiverSet, at: string, warnDays = DEFAULT_WAIVER_WARN_DAYS): Waive {
  const compiled = set.waivers.map(compile);
  const now = Date.parse(at);
  const soon = now + warnDays * DAY_MS;
  const applied = set.waivers.map(() => 0);
  const waive = (rule: Rule, image: Image) => {
    let chosen: CompiledWaiver | undefined;
    for (const candidate of compiled) {
      if (candidate.waiver.rule !== "*" && candidate.waiver.rule !== rule.ruleId) continue;
      if (!candidate.inScope(rule.scopeId)) continue;
      if (!candidate.test(subject(candidate.target, image))) continue;
      if (!(candidate.expiresAt < now)) {
        chosen = candidate;
        break;
      }
      chosen ??= candidate;
    }
    if (!chosen) return undefined;
    applied[chosen.waiver.index] = (applied[chosen.waiver.index] ?? 0) + 1;
    const { reason, approver, expires, ticket } = chosen.waiver;
    const expiresSoon = chosen.expiresAt >= now && chosen.expiresAt < soon;
    return { reason, approver, expires, ...(ticket ? { ticket } : {}), ...(expiresSoon ? { expiresSoon } : {}) };
  };
  return { waive, applied };
}

/** Warnings for the run's log (stderr): expired waivers still matching findings, and waivers matching none. */
export function waiverNotes(set: WaiverSet, waive: Waive, at: string, warnDays = DEFAULT_WAIVER_WARN_DAYS): string[] {
  const now = Date.parse(at);
  const notes: string[] = [];
  for (const waiver of set.waivers) {
    const count = waive.applied[waiver.index] ?? 0;
    const ticket = waiver.ticket ? `, ticket ${waiver.ticket}` : "";
    const label = `--waivers ${set.file}: waivers[${waiver.index}] (rule ${waiver.rule}, image ${waiver.image}${ticket})`;
    const expiresAt = Date.parse(`${waiver.expires}T00:00:00Z`);
    if (count === 0) notes.push(`${label} matches no finding`);
    else if (expiresAt >= now && expiresAt < now + warnDays * DAY_MS) {
      const days = Math.ceil((expiresAt - now) / DAY_MS);
      notes.push(
        `${label} expires on ${waiver.expires}, in ${days} day${days === 1 ? "" : "s"}: its ${count} finding${count === 1 ? "" : "s"} count${count === 1 ? "s" : ""} again from then`,
      );
    } else if (expiresAt < now) {
      notes.push(
        `${label} expired on ${waiver.expires}: its ${count} finding${count === 1 ? "" : "s"} count${count === 1 ? "s" : ""} again`,
      );
    }
  }
  return notes;
}
