// The emulated HSS data, generated on demand. An image is a pure function of (seed, project, index); only the
// per-rule membership lists are stored (a Uint32Array of image indices per rule and image type, built lazily), so
// 100,000+ images cost a few megabytes and any page can be served in O(limit).

import { createHash } from "node:crypto";
import type { components } from "@hss-reports/api";
import { hashInts, hashString, pick, unit } from "../prng.js";
import {
  type Lang,
  type Localized,
  MISSING_INSTRUCTION,
  type QueryImageType,
  type RiskLevel,
  RULES,
  type RuleDefinition,
} from "./catalogue.js";
import {
  HOSTILE_INSTRUCTIONS,
  HOSTILE_NAMES,
  HOSTILE_REMEDIATIONS,
  hostileNamespace,
  LONG_REMEDIATION,
} from "./hostile.js";
import {
  CICD_IMAGE_NAMES,
  CICD_NAMESPACES,
  CICD_VERSION,
  IMAGE_NAMES,
  NAMESPACES,
  PACKAGES,
  SECRETS,
  TOKENS,
  URLS,
  VERSION_SCHEMES,
} from "./names.js";

/** The rule object the rules endpoint serves (`ImageBuildCommandRiskResponseInfo`). */
export interface RuleInfo {
  rule_id: string;
  risk_id: string;
  risk_name: string;
  risk_level: RiskLevel;
  description: string;
  image_type: QueryImageType;
  image_num: number;
  latest_scan_time?: number;
}

export interface RiskDetail {
  build_instruction: string;
  remediation: string;
}

/** The image object the images endpoint serves (`BuildCommandRisksImageResponseInfo`). */
export interface ImageInfo {
  namespace: string;
  image_digest: string;
  image_id: string;
  image_name: string;
  image_version: string;
  image_type: ImageType;
  image_size: number;
  latest_scan_time: number;
  risk_detail_info: { risk_num: number; risk_list: RiskDetail[] };
}

export type ImageType = components["schemas"]["ImageType"];

export interface Page<T> {
  total_num: number;
  data_list: T[];
}

export interface RuleFilters {
  risk_name?: string | undefined;
  risk_level?: string | undefined;
  image_id?: string | undefined;
  enterprise_project_id?: string | undefined;
}

export interface ImageFilters {
  image_id?: string | undefined;
  enterprise_project_id?: string | undefined;
}

export interface ProjectSpec {
  projectId: string;
  region: string;
  /** Affected images in this project at revision 0. */
  images: number;
  /**
   * Enterprise project ids the images are spread over (default `["0"]`, the default enterprise project). A query
   * without `enterprise_project_id` reads `"0"`, as the spec says; `all_granted_eps` reads them all.
   */
  enterpriseProjects?: string[];
}

export interface DatasetOptions {
  seed: string | number;
  projects: ProjectSpec[];
  hostile?: boolean;
  /** Scan times end shortly before this instant (ms). Fixed by default so that the same seed gives the same bytes. */
  anchorTime?: number;
}

/** 2026-11-26T02:00:00Z: a fixed "now" for scan times, so that data never depends on the wall clock. */
export const DEFAULT_ANCHOR_TIME = Date.UTC(2026, 10, 26, 2, 0, 0);

const LEVEL_ORDER: Record<RiskLevel, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Registry image types with their share of the registry; `cicd` images are the CI/CD query type. */
const IMAGE_TYPE_WEIGHTS: readonly [ImageType, number][] = [
  ["private_image", 0.38],
  ["shared_image", 0.09],
  ["instance_image", 0.15],
  ["harbor", 0.12],
  ["jfrog", 0.08],
  ["cicd", 0.18],
];

/** The default enterprise project, which a query without `enterprise_project_id` reads. */
const DEFAULT_ENTERPRISE_PROJECT = "0";
const ALL_ENTERPRISE_PROJECTS = "all_granted_eps";

/** A hostile rule only present with `hostile: true`. */
const HOSTILE_RULE: RuleDefinition = {
  rule_id: "BCR-9999",
  risk_id: "HOSTILE-0001",
  risk_level: "critical",
  risk_name: {
    "en-us": "<script>alert('rule')</script> =HYPERLINK(\"http://evil.example\") {{rule}}",
    "zh-cn": "<script>alert('规则')</script> =HYPERLINK(\"http://evil.example\") {{规则}} 🚨",
  },
  description: {
    "en-us": `\u202E${LONG_REMEDIATION.slice(0, 4000)}`,
    "zh-cn": `\u202E${LONG_REMEDIATION.slice(0, 4000)}`,
  },
  remediation: { "en-us": HOSTILE_REMEDIATIONS[0], "zh-cn": HOSTILE_REMEDIATIONS[1] },
  instructions: HOSTILE_INSTRUCTIONS,
  weight: { registry: 0.05, cicd: 0.05 },
  maxPerImage: 2,
  showcase: true,
};

/** Odd multiplier for the image-id permutation, and its inverse mod 2^32 (so an id maps back to its index). */
const ID_MULTIPLIER = 0x9e3779b1;
const ID_INVERSE = (() => {
  let inv = ID_MULTIPLIER;
  for (let i = 0; i < 5; i++) inv = Math.imul(inv, 2 - Math.imul(ID_MULTIPLIER, inv));
  return inv >>> 0;
})();

interface Membership {
  /** Per rule: image indices affected, newest first (the order pages are served in). */
  members: Uint32Array[];
  /** Per rule: the latest scan time among its images, or undefined with no images. */
  latestScan: (number | undefined)[];
}

/** One project's data: its seed, size and revision; memberships are derived and cached. */
class ProjectData {
  readonly hash: number;
  readonly idMask: number;
  readonly step: number;
  readonly start: number;
  readonly enterpriseProjects: readonly string[];
  imageCount: number;
  revision = 0;
  private cache = new Map<string, Membership>();

  constructor(
    readonly spec: ProjectSpec,
    readonly seedText: string,
    readonly rules: readonly RuleDefinition[],
    readonly hostile: boolean,
    anchorTime: number,
  ) {
    this.hash = hashString(`${seedText}|${spec.projectId}`);
    this.idMask = hashInts(this.hash, 77);
    this.imageCount = spec.images;
    this.enterpriseProjects = spec.enterpriseProjects?.length ? spec.enterpriseProjects : [DEFAULT_ENTERPRISE_PROJECT];
    // Spread the initial images over ~45 days of scans ending before the anchor; later images are newer.
    this.step = Math.max(37_000, Math.floor((45 * 86_400_000) / Math.max(1, spec.images)));
    this.start = anchorTime - 2 * 3_600_000 - spec.images * this.step;
  }

  invalidate(): void {
    this.cache.clear();
  }

  imageType(index: number): ImageType {
    const u = unit(hashInts(this.hash, index, 1));
    let acc = 0;
    for (const [type, weight] of IMAGE_TYPE_WEIGHTS) {
      acc += weight;
      if (u < acc) return type;
    }
    return "private_image";
  }

  queryType(index: number): QueryImageType {
    return this.imageType(index) === "cicd" ? "cicd" : "registry";
  }

  /** Whether image `index` breaks rule `r` at the current revision: a base draw, then a walk of resolve/new steps. */
  private breaks(index: number, r: number, q: QueryImageType): boolean {
    const rule = this.rules[r] as RuleDefinition;
    const weight = rule.weight[q];
    if (weight <= 0) return false;
    if (showcased(rule, index)) return true;
    let present = unit(hashInts(this.hash, index, r, 2)) < weight;
    for (let k = 1; k <= this.revision; k++) {
      const u = unit(hashInts(this.hash, index, r, 3, k));
      // Each revision resolves ~8% of findings and adds new ones at the rule's own rate.
      present = present ? u >= 0.08 : u < weight * 0.08;
    }
    return present;
  }

  /** The rules image `index` breaks; never empty, since every image the endpoint lists is an affected image. */
  ruleIndices(index: number, q: QueryImageType): number[] {
    const result: number[] = [];
    for (let r = 0; r < this.rules.length; r++) if (this.breaks(index, r, q)) result.push(r);
    if (result.length === 0) {
      const eligible = this.rules.map((_, r) => r).filter((r) => (this.rules[r] as RuleDefinition).weight[q] > 0);
      result.push(pick(eligible, hashInts(this.hash, index, 4)));
    }
    return result;
  }

  enterpriseProject(index: number): string {
    const eps = this.enterpriseProjects;
    return eps.length === 1 ? (eps[0] as string) : pick(eps, hashInts(this.hash, index, 8));
  }

  /**
   * Which images an `enterprise_project_id` value selects: undefined for all of them, or one enterprise project
   * (which may hold none of this project's images).
   */
  selectEnterpriseProject(requested: string | undefined): string | undefined {
    const ep = requested ?? DEFAULT_ENTERPRISE_PROJECT;
    if (ep === ALL_ENTERPRISE_PROJECTS) return undefined;
    // With a single enterprise project, selecting it is selecting everything: no filtered copy is needed.
    if (this.enterpriseProjects.length === 1 && this.enterpriseProjects[0] === ep) return undefined;
    return ep;
  }

  /** The memberships of one query type, optionally narrowed to one enterprise project. */
  membership(q: QueryImageType, enterpriseProject?: string): Membership {
    const key = `${q}|${enterpriseProject ?? "*"}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    if (enterpriseProject !== undefined) {
      const members = this.membership(q).members.map((list) =>
        list.filter((index) => this.enterpriseProject(index) === enterpriseProject),
      );
      // Lists are newest first and scan times grow with the index: the first member is the latest scan.
      const narrowed = {
        members,
        latestScan: members.map((list) => (list.length ? this.scanTime(list[0] as number) : undefined)),
      };
      this.cache.set(key, narrowed);
      return narrowed;
    }
    const lists: number[][] = this.rules.map(() => []);
    const latestScan: (number | undefined)[] = this.rules.map(() => undefined);
    for (let index = this.imageCount - 1; index >= 0; index--) {
      if (this.queryType(index) !== q) continue;
      for (const r of this.ruleIndices(index, q)) {
        (lists[r] as number[]).push(index);
        // Scan times grow with the index and we walk downwards: the first one seen is the latest.
        if (latestScan[r] === undefined) latestScan[r] = this.scanTime(index);
      }
    }
    const membership = { members: lists.map((list) => Uint32Array.from(list)), latestScan };
    this.cache.set(key, membership);
    return membership;
  }

  scanTime(index: number): number {
    return this.start + index * this.step + Math.floor(unit(hashInts(this.hash, index, 5)) * this.step * 0.8);
  }

  imageId(index: number): string {
    const permuted = (Math.imul((index ^ this.idMask) >>> 0, ID_MULTIPLIER) >>> 0).toString(16).padStart(8, "0");
    return permuted + this.digestHex(index, "id").slice(0, 24);
  }

  /** The index an image id was generated from, or undefined when it is not one of ours. */
  indexOfImageId(imageId: string): number | undefined {
    if (!/^[0-9a-f]{32}$/.test(imageId)) return undefined;
    const index = ((Math.imul(Number.parseInt(imageId.slice(0, 8), 16), ID_INVERSE) >>> 0) ^ this.idMask) >>> 0;
    if (index >= this.imageCount || this.imageId(index) !== imageId) return undefined;
    return index;
  }

  private digestHex(index: number, purpose: string): string {
    return createHash("sha256").update(`${this.seedText}|${this.spec.projectId}|${index}|${purpose}`).digest("hex");
  }

  isHostile(index: number): boolean {
    return this.hostile && (index < 3 || unit(hashInts(this.hash, index, 9)) < 0.08);
  }

  image(index: number, r: number, lang: Lang): ImageInfo {
    const h = hashInts(this.hash, index, 6);
    const type = this.imageType(index);
    const cicd = type === "cicd";
    const hostile = this.isHostile(index);
    let namespace: string = cicd ? pick(CICD_NAMESPACES, h) : pick(NAMESPACES, h);
    let name: string = cicd ? pick(CICD_IMAGE_NAMES, h >>> 5) : pick(IMAGE_NAMES, h >>> 5);
    let version = cicd ? CICD_VERSION(hashInts(h, 1)) : pick(VERSION_SCHEMES, h >>> 11)(hashInts(h, 2));
    if (hostile) {
      const k = hashInts(h, 3);
      namespace = hostileNamespace(k);
      name = pick(HOSTILE_NAMES, k >>> 4).slice(0, 128);
      version = pick(HOSTILE_NAMES, k >>> 9).slice(0, 128);
    }
    // Sizes are log-uniform between ~5 MB and ~3 GB, like real application images.
    const size = Math.round(5e6 * Math.exp(unit(hashInts(h, 4)) * Math.log(600)));
    const risks = this.risks(index, r, lang, hostile);
    return {
      namespace,
      image_digest: `sha256:${this.digestHex(index, "digest")}`,
      image_id: this.imageId(index),
      image_name: name,
      image_version: version,
      image_type: type,
      image_size: size,
      latest_scan_time: this.scanTime(index),
      risk_detail_info: { risk_num: risks.length, risk_list: risks },
    };
  }

  private risks(index: number, r: number, lang: Lang, hostile: boolean): RiskDetail[] {
    const rule = this.rules[r] as RuleDefinition;
    const h = hashInts(this.hash, index, r, 7);
    let remediation = rule.remediation[lang];
    if (hostile) remediation = index === 0 ? LONG_REMEDIATION : pick(HOSTILE_REMEDIATIONS, h >>> 3);
    if (rule.instructions[0] === MISSING_INSTRUCTION) return [{ build_instruction: MISSING_INSTRUCTION, remediation }];
    // Mostly one risky instruction, sometimes more (several secrets in ENV, several unpinned installs).
    const wanted = 1 + Math.floor(unit(hashInts(h, 1)) ** 3 * rule.maxPerImage);
    const showcase = showcased(rule, index);
    const start = showcase ? index : h % rule.instructions.length;
    const count = Math.min(wanted, rule.instructions.length);
    const result: RiskDetail[] = [];
    for (let k = 0; k < count; k++) {
      const template = rule.instructions[(start + k) % rule.instructions.length] as string;
      let instruction = fill(template, hashInts(h, 10 + k));
      if (hostile && k === 0 && !showcase) instruction = pick(HOSTILE_INSTRUCTIONS, hashInts(h, 2));
      result.push({ build_instruction: instruction, remediation });
    }
    return result;
  }
}

/** Whether image `index` shows one of the rule's instructions whatever the seed (see `RuleDefinition.showcase`). */
function showcased(rule: RuleDefinition, index: number): boolean {
  return rule.showcase === true && index < rule.instructions.length;
}

function fill(template: string, h: number): string {
  return template
    .replace("{pkg}", () => pick(PACKAGES, h))
    .replace("{url}", () => pick(URLS, h >>> 4))
    .replace("{secret}", () => pick(SECRETS, h >>> 8))
    .replace(/\{(\w+)\}/g, (placeholder, name: string) => TOKENS[name as keyof typeof TOKENS] ?? placeholder);
}

/**
 * Everything the emulated HSS holds, with the exact objects its endpoints serve: tests compute what a complete
 * report must contain from here.
 */
export class Dataset {
  private projectsById = new Map<string, ProjectData>();
  private seedText: string;
  readonly rulesCatalogue: readonly RuleDefinition[];

  constructor(private readonly options: DatasetOptions) {
    this.seedText = String(options.seed);
    this.rulesCatalogue = options.hostile ? [...RULES, HOSTILE_RULE] : RULES;
    this.build();
  }

  private build(): void {
    this.projectsById.clear();
    for (const spec of this.options.projects) {
      this.projectsById.set(
        spec.projectId,
        new ProjectData(
          spec,
          this.seedText,
          this.rulesCatalogue,
          this.options.hostile ?? false,
          this.options.anchorTime ?? DEFAULT_ANCHOR_TIME,
        ),
      );
    }
  }

  get seed(): string {
    return this.seedText;
  }

  /** Replaces all data with that of another seed (same projects and sizes). */
  setSeed(seed: string | number): void {
    this.seedText = String(seed);
    this.build();
  }

  projectIds(): string[] {
    return [...this.projectsById.keys()];
  }

  hasProject(projectId: string): boolean {
    return this.projectsById.has(projectId);
  }

  /** Which enterprise project an image (by id) belongs to; undefined for an unknown id. */
  enterpriseProjectOf(projectId: string, imageId: string): string | undefined {
    const data = this.data(projectId);
    const index = data.indexOfImageId(imageId);
    return index === undefined ? undefined : data.enterpriseProject(index);
  }

  project(projectId: string): ProjectSpec & { imageCount: number; revision: number } {
    const data = this.data(projectId);
    return { ...data.spec, imageCount: data.imageCount, revision: data.revision };
  }

  private data(projectId: string): ProjectData {
    const data = this.projectsById.get(projectId);
    if (!data) throw new Error(`unknown project ${projectId}; known: ${this.projectIds().join(", ")}`);
    return data;
  }

  /**
   * Moves the data on, as between two scheduled scans: some findings are resolved, some appear, and about 2% new
   * images are scanned (they come first in every list). `projectId` limits it to one project.
   */
  mutate(options: { steps?: number; projectId?: string; newImages?: number } = {}): void {
    const targets = options.projectId ? [this.data(options.projectId)] : [...this.projectsById.values()];
    for (const data of targets) {
      const steps = options.steps ?? 1;
      data.revision += steps;
      data.imageCount += options.newImages ?? Math.max(1, Math.round(data.spec.images * 0.02)) * steps;
      data.invalidate();
    }
  }

  /** Adds `delta` newly scanned images to a project (they come first in every list, shifting later pages). */
  grow(projectId: string, delta: number): void {
    const data = this.data(projectId);
    data.imageCount = Math.max(0, data.imageCount + delta);
    data.invalidate();
  }

  /**
   * New scans land while a client walks a rule: `delta` images, or more until at least one of them is in this
   * rule's list (a rare rule might not be hit by a few new images), so its `total_num` really moves. A negative
   * delta removes the newest images, again until the rule loses one. Returns how many images came or went.
   */
  driftRule(projectId: string, imageType: QueryImageType, ruleId: string, delta: number): number {
    const data = this.data(projectId);
    const r = this.rulesCatalogue.findIndex((rule) => rule.rule_id === ruleId);
    const hits = (index: number) =>
      data.queryType(index) === imageType && data.ruleIndices(index, imageType).includes(r);
    const adding = delta > 0;
    const available = adding ? Number.MAX_SAFE_INTEGER : data.imageCount;
    // The k-th image that comes (appended after the newest) or goes (the newest first).
    const nth = (k: number) => (adding ? data.imageCount + k : data.imageCount - 1 - k);
    let count = Math.min(Math.abs(delta), available);
    let touched = r < 0;
    for (let k = 0; k < count && !touched; k++) touched = hits(nth(k));
    const limit = Math.min(count + 10_000, available);
    while (!touched && count < limit) {
      touched = hits(nth(count));
      count++;
    }
    this.grow(projectId, adding ? count : -count);
    return count;
  }

  private sortedRuleIndices(): number[] {
    return this.rulesCatalogue
      .map((_, r) => r)
      .sort((a, b) => {
        const left = this.rulesCatalogue[a] as RuleDefinition;
        const right = this.rulesCatalogue[b] as RuleDefinition;
        return (
          LEVEL_ORDER[left.risk_level] - LEVEL_ORDER[right.risk_level] || left.rule_id.localeCompare(right.rule_id)
        );
      });
  }

  /** Every rule for a project and query type, in the order the endpoint pages them (level, then id). */
  rules(projectId: string, imageType: QueryImageType, lang: Lang = "en-us", filters: RuleFilters = {}): RuleInfo[] {
    const data = this.data(projectId);
    const ep = data.selectEnterpriseProject(filters.enterprise_project_id);
    const membership = data.membership(imageType, ep);
    let onlyImage: number | undefined;
    if (filters.image_id) {
      onlyImage = data.indexOfImageId(filters.image_id);
      if (onlyImage === undefined || data.queryType(onlyImage) !== imageType) return [];
      if (ep !== undefined && data.enterpriseProject(onlyImage) !== ep) return [];
    }
    const imageRules = onlyImage === undefined ? undefined : new Set(data.ruleIndices(onlyImage, imageType));
    const nameFilter = filters.risk_name?.toLowerCase();
    const result: RuleInfo[] = [];
    for (const r of this.sortedRuleIndices()) {
      const rule = this.rulesCatalogue[r] as RuleDefinition;
      if (imageRules && !imageRules.has(r)) continue;
      if (filters.risk_level && rule.risk_level !== filters.risk_level) continue;
      if (nameFilter && !matchesName(rule.risk_name, nameFilter)) continue;
      const count = onlyImage === undefined ? (membership.members[r] as Uint32Array).length : 1;
      const latest = onlyImage === undefined ? membership.latestScan[r] : data.scanTime(onlyImage);
      const info: RuleInfo = {
        rule_id: rule.rule_id,
        risk_id: rule.risk_id,
        risk_name: rule.risk_name[lang],
        risk_level: rule.risk_level,
        description: rule.description[lang],
        image_type: imageType,
        image_num: count,
      };
      if (latest !== undefined) info.latest_scan_time = latest;
      result.push(info);
    }
    return result;
  }

  rulesPage(
    projectId: string,
    imageType: QueryImageType,
    lang: Lang,
    offset: number,
    limit: number,
    filters: RuleFilters = {},
  ): Page<RuleInfo> {
    const all = this.rules(projectId, imageType, lang, filters);
    return { total_num: all.length, data_list: all.slice(offset, offset + limit) };
  }

  /** The indices of the images a rule lists, newest first; empty for an unknown rule. */
  private members(data: ProjectData, imageType: QueryImageType, ruleId: string, ep: string | undefined): Uint32Array {
    const r = this.rulesCatalogue.findIndex((rule) => rule.rule_id === ruleId);
    if (r < 0) return new Uint32Array(0);
    return data.membership(imageType, ep).members[r] as Uint32Array;
  }

  imagesPage(
    projectId: string,
    imageType: QueryImageType,
    ruleId: string,
    lang: Lang,
    offset: number,
    limit: number,
    filters: ImageFilters = {},
  ): Page<ImageInfo> {
    const data = this.data(projectId);
    const ep = data.selectEnterpriseProject(filters.enterprise_project_id);
    const r = this.rulesCatalogue.findIndex((rule) => rule.rule_id === ruleId);
    let members = this.members(data, imageType, ruleId, ep);
    if (filters.image_id) {
      const index = data.indexOfImageId(filters.image_id);
      members = index !== undefined && members.includes(index) ? Uint32Array.of(index) : new Uint32Array(0);
    }
    const data_list: ImageInfo[] = [];
    for (let k = offset; k < Math.min(members.length, offset + limit); k++) {
      data_list.push(data.image(members[k] as number, r, lang));
    }
    return { total_num: members.length, data_list };
  }

  /** Every image a rule lists, in page order. */
  images(
    projectId: string,
    imageType: QueryImageType,
    ruleId: string,
    lang: Lang = "en-us",
    filters: ImageFilters = {},
  ): ImageInfo[] {
    return this.imagesPage(projectId, imageType, ruleId, lang, 0, Number.MAX_SAFE_INTEGER, filters).data_list;
  }

  /** How many distinct affected images a project holds for a query type. */
  imageCount(projectId: string, imageType?: QueryImageType): number {
    const data = this.data(projectId);
    if (!imageType) return data.imageCount;
    let count = 0;
    for (let index = 0; index < data.imageCount; index++) if (data.queryType(index) === imageType) count++;
    return count;
  }
}

function matchesName(name: Localized, needle: string): boolean {
  return name["en-us"].toLowerCase().includes(needle) || name["zh-cn"].toLowerCase().includes(needle);
}
