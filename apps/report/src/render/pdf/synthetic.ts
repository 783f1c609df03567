// A synthetic, deterministic report model of any size, for PDF tests and benchmarks (no API, no emulator).
// Shapes follow the real model: rules per scope and image kind, images counted once, shared remediations.
import type { Lang, RiskLevel, Scope } from "../../evidence/types.js";
import type { Finding, Image, Report, Rule, RuleSection } from "../../model/types.js";
import { RISK_LEVELS } from "../../model/types.js";

export interface SyntheticOptions {
  /** Number of distinct affected images (default 100). */
  images?: number;
  /** Number of rules (default 12). */
  rules?: number;
  lang?: Lang;
  demo?: boolean;
  partial?: boolean;
  /** Number of scopes (fleet report when > 1). */
  scopes?: number;
  /** Fraction of images that break a second rule (default 0.1). */
  secondRuleShare?: number;
}

const RULES: { id: string; name: string; zh: string; instruction: string; remediation: string }[] = [
  {
    id: "DL3002",
    name: "Last USER should not be root",
    zh: "最后的 USER 不应为 root",
    instruction: "USER root",
    remediation: "Switch to a non-root user with USER before the entrypoint.",
  },
  {
    id: "DL3004",
    name: "Do not use sudo",
    zh: "不要使用 sudo",
    instruction: "RUN sudo apt-get install -y curl",
    remediation: "Remove sudo; run privileged steps as root in a build stage.",
  },
  {
    id: "CIS-DI-0010",
    name: "Secrets in ENV or ARG",
    zh: "ENV 或 ARG 中包含密钥",
    instruction: "ENV DB_PASSWORD=changeme",
    remediation: "Use build secrets (--mount=type=secret) instead of ENV/ARG.",
  },
  {
    id: "DL3020",
    name: "Use COPY instead of ADD",
    zh: "使用 COPY 代替 ADD",
    instruction: "ADD https://example.com/app.tar.gz /opt/",
    remediation: "Use COPY for local files; download with curl and verify checksums.",
  },
  {
    id: "DL4006",
    name: "Pipe to shell without pipefail",
    zh: "管道到 shell 未设置 pipefail",
    instruction: "RUN curl -fsSL https://get.example.com | sh",
    remediation: 'Set SHELL ["/bin/bash", "-o", "pipefail", "-c"] and verify downloads.',
  },
  {
    id: "DKL-DI-0003",
    name: "Avoid apt-get upgrade",
    zh: "避免 apt-get upgrade",
    instruction: "RUN apt-get update && apt-get upgrade -y",
    remediation: "Pin the base image and package versions instead of upgrading in place.",
  },
  {
    id: "DL3008",
    name: "Pin versions in apt-get install",
    zh: "apt-get install 应固定版本",
    instruction: "RUN apt-get install -y nginx",
    remediation: "Pin versions: apt-get install nginx=1.24.*.",
  },
  {
    id: "DL3007",
    name: "Using latest base image",
    zh: "使用 latest 基础镜像",
    instruction: "FROM ubuntu:latest",
    remediation: "Pin the base image to a version or digest.",
  },
  {
    id: "DS-0004",
    name: "Port 22 exposed",
    zh: "暴露 22 端口",
    instruction: "EXPOSE 22",
    remediation: "Do not run SSH in containers; remove EXPOSE 22.",
  },
  {
    id: "CIS-DI-0006",
    name: "No HEALTHCHECK",
    zh: "缺少 HEALTHCHECK",
    instruction: "--",
    remediation: "Add a HEALTHCHECK instruction.",
  },
  {
    id: "DKL-DI-0005",
    name: "apt caches left in image",
    zh: "镜像中残留 apt 缓存",
    instruction: "RUN apt-get update && apt-get install -y git",
    remediation: "Remove /var/lib/apt/lists/* in the same RUN.",
  },
  {
    id: "CKV2_DOCKER_2",
    name: "Certificate validation disabled",
    zh: "禁用了证书校验",
    instruction: "RUN curl -k https://repo.example.com/key | apt-key add -",
    remediation: "Never disable TLS verification (curl -k, --no-check-certificate).",
  },
];

const NAMESPACES = ["payments", "web", "data", "ml", "platform", "ops", "团队-北京", "edge", "search", "billing"];
const NAMES = ["api", "worker", "frontend", "gateway", "etl", "model-server", "订单服务", "cron", "proxy", "auth"];
const TYPES = ["private_image", "shared_image", "instance_image", "harbor", "jfrog", "cicd"];

function hex(seed: number, length: number): string {
  let out = "";
  let x = (seed * 2654435761) >>> 0;
  while (out.length < length) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    out += x.toString(16).padStart(8, "0");
  }
  return out.slice(0, length);
}

export function syntheticReport(options: SyntheticOptions = {}): Report {
  const imageCount = options.images ?? 100;
  const ruleCount = Math.min(options.rules ?? 12, RULES.length);
  const lang = options.lang ?? "en-us";
  const scopeCount = Math.max(1, options.scopes ?? 1);
  const share = options.secondRuleShare ?? 0.1;
  const dataTime = "2026-11-27T08:00:00.000Z";
  const scopes: Scope[] = Array.from({ length: scopeCount }, (_, i) => ({
    id: `cn-north-4/project${i.toString().padStart(2, "0")}`,
    region: "cn-north-4",
    endpoint: "https://hss.cn-north-4.myhuaweicloud.com",
    projectId: `project${i.toString().padStart(2, "0")}`,
    imageTypes: ["cicd", "registry"],
  }));
  const remediations = RULES.slice(0, ruleCount).map((r) => r.remediation);
  const rules = new Map<string, Rule>();
  const ruleKeys: string[][] = scopes.map(() => []);
  scopes.forEach((scope, s) => {
    RULES.slice(0, ruleCount).forEach((r, i) => {
      const level = RISK_LEVELS[i % 4] as RiskLevel;
      const key = `${scope.id}|registry|${r.id}`;
      rules.set(key, {
        key,
        scopeId: scope.id,
        imageKind: "registry",
        ruleId: r.id,
        name: lang === "zh-cn" ? r.zh : r.name,
        level,
        description: `${lang === "zh-cn" ? r.zh : r.name}. Dockerfile instruction check ${r.id}.`,
        imageNum: 0,
      });
      ruleKeys[s]?.push(key);
    });
  });
  const images = new Map<string, Image>();
  const findings = new Map<string, Finding>();
  const byRule = new Map<string, Finding[]>();
  const imageFindings = new Map<string, string[]>();
  for (let i = 0; i < imageCount; i++) {
    const s = i % scopeCount;
    const scope = scopes[s] as Scope;
    const ns = NAMESPACES[i % NAMESPACES.length] as string;
    const name = `${NAMES[(i >> 2) % NAMES.length]}-${i}`;
    const digest = `sha256:${hex(i + 1, 64)}`;
    const key = `${scope.id}|${digest}`;
    images.set(key, {
      key,
      scopeId: scope.id,
      imageKind: "registry",
      namespace: ns,
      name,
      version: `v${1 + (i % 7)}.${i % 13}.${i % 5}`,
      digest,
      imageId: hex(i + 7, 12),
      type: TYPES[i % TYPES.length] as string,
      size: 20_000_000 + ((i * 7_919_113) % 900_000_000),
      latestScanTime: Date.parse(dataTime) - (i % 90) * 86_400_000,
    });
    const ruleIdx = [i % ruleCount];
    if ((i * 37) % 100 < share * 100) ruleIdx.push((i + 5) % ruleCount);
    for (const r of ruleIdx) {
      const ruleKey = ruleKeys[s]?.[r] as string;
      const rule = rules.get(ruleKey) as Rule;
      const fkey = `${ruleKey}#${key}`;
      const finding: Finding = {
        key: fkey,
        ruleKey,
        imageKey: key,
        level: rule.level,
        instructions: [{ instruction: RULES[r]?.instruction ?? "--", remediation: r }],
      };
      findings.set(fkey, finding);
      const list = byRule.get(ruleKey) ?? [];
      list.push(finding);
      byRule.set(ruleKey, list);
      const fl = imageFindings.get(key) ?? [];
      fl.push(fkey);
      imageFindings.set(key, fl);
    }
  }
  const sections: RuleSection[] = [];
  for (const [ruleKey, list] of byRule) {
    const rule = rules.get(ruleKey) as Rule;
    rule.imageNum = list.length;
    const ref = (f: Finding) => {
      const im = images.get(f.imageKey) as Image;
      return `${im.namespace}/${im.name}:${im.version}`;
    };
    list.sort((a, b) => (ref(a) < ref(b) ? -1 : ref(a) > ref(b) ? 1 : 0));
    sections.push({ rule, findings: list, sharedRemediation: list[0]?.instructions[0]?.remediation });
  }
  sections.sort(
    (a, b) =>
      RISK_LEVELS.indexOf(a.rule.level) - RISK_LEVELS.indexOf(b.rule.level) ||
      b.findings.length - a.findings.length ||
      a.rule.name.localeCompare(b.rule.name),
  );
  const byLevel = Object.fromEntries(
    RISK_LEVELS.map((l) => {
      const secs = sections.filter((s) => s.rule.level === l);
      const imgs = new Set(secs.flatMap((s) => s.findings.map((f) => f.imageKey)));
      return [l, { rules: secs.length, images: imgs.size, findings: secs.reduce((n, s) => n + s.findings.length, 0) }];
    }),
  ) as Report["summary"]["byLevel"];
  const typeCounts = new Map<string, number>();
  const nsCounts = new Map<string, number>();
  for (const im of images.values()) {
    typeCounts.set(im.type, (typeCounts.get(im.type) ?? 0) + 1);
    nsCounts.set(im.namespace, (nsCounts.get(im.namespace) ?? 0) + 1);
  }
  const order = new Map(sections.flatMap((s) => s.findings.map((f) => f.key)).map((k, i) => [k, i]));
  const imageIndex = [...images.values()]
    .sort((a, b) => (a.namespace + a.name < b.namespace + b.name ? -1 : 1))
    .map((im) => ({
      imageKey: im.key,
      findings: (imageFindings.get(im.key) ?? []).sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
    }));
  return {
    meta: {
      reportId: `rpt-${hex(imageCount, 16)}`,
      tool: { name: "hss-reports", version: "0.1.0" },
      dataTime,
      lang,
      demo: options.demo ?? false,
      partial: options.partial ?? false,
      evidenceSha256: hex(imageCount + 99, 64),
      parameters: { ruleIds: [], riskLevels: [], imageTypes: ["cicd", "registry"] },
      scopes,
      failures: options.partial
        ? [{ scopeId: "ap-southeast-1/projectXX", message: "401 Unauthorized: token expired" }]
        : [],
    },
    summary: {
      rulesWithFindings: sections.length,
      affectedImages: images.size,
      findings: findings.size,
      riskyInstructions: findings.size,
      waivedFindings: 0,
      byLevel,
      byImageType: [...typeCounts].map(([type, n]) => ({ type, images: n })).sort((a, b) => b.images - a.images),
      topNamespaces: [...nsCounts]
        .map(([namespace, n]) => ({ namespace, images: n }))
        .sort((a, b) => b.images - a.images)
        .slice(0, 10),
      worstLevel: sections[0]?.rule.level,
      scopes: scopes.map((sc) => ({
        scopeId: sc.id,
        ok: true,
        rulesWithFindings: sections.filter((s) => s.rule.scopeId === sc.id).length,
        affectedImages: [...images.values()].filter((im) => im.scopeId === sc.id).length,
        byLevel: Object.fromEntries(
          RISK_LEVELS.map((l) => [
            l,
            sections
              .filter((s) => s.rule.scopeId === sc.id && s.rule.level === l)
              .reduce((n, s) => n + s.findings.length, 0),
          ]),
        ) as Record<RiskLevel, number>,
      })),
    },
    remediations,
    rules,
    images,
    sections,
    imageIndex,
    findings,
  };
}
