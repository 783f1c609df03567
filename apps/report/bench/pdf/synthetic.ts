// A synthetic, deterministic tenant of any size, for PDF tests and benchmarks (no API, no emulator): the responses
// HSS would give, sealed as evidence and built by the real model builder, so benchmarks measure real reports.
import { sealEvidence } from "../../src/evidence/hash.js";
import {
  EVIDENCE_FORMAT,
  type Evidence,
  type EvidenceResponse,
  type ImageInfo,
  type Lang,
  type RiskLevel,
  type Scope,
} from "../../src/evidence/types.js";
import { buildReport } from "../../src/model/build.js";
import { type Report, RISK_LEVELS } from "../../src/model/types.js";

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
  /** When set, image i breaks 1 + (7i mod n) consecutive rules instead (tall image-index rows). */
  rulesPerImage?: number;
  /** When set, each finding of image i lists 1 + (5i mod n) risky instructions (tall rule-table rows). */
  instructionsPerFinding?: number;
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
  return buildReport(syntheticEvidence(options));
}

/** The responses HSS would give for such a tenant, sealed: the report is then built by the real model builder. */
export function syntheticEvidence(options: SyntheticOptions = {}): Evidence {
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
  const definitions = RULES.slice(0, ruleCount);
  // Images of each (scope, rule), in the order HSS would page them.
  const affected: ImageInfo[][][] = scopes.map(() => definitions.map(() => []));
  for (let i = 0; i < imageCount; i++) {
    const s = i % scopeCount;
    const ruleIdx = [i % ruleCount];
    if (options.rulesPerImage) {
      const count = Math.min(ruleCount, 1 + ((i * 7) % options.rulesPerImage));
      for (let k = 1; k < count; k++) ruleIdx.push((i + k) % ruleCount);
    } else if ((i * 37) % 100 < share * 100) ruleIdx.push((i + 5) % ruleCount);
    const instructions = options.instructionsPerFinding ? 1 + ((i * 5) % options.instructionsPerFinding) : 1;
    for (const r of ruleIdx) {
      const definition = definitions[r] as (typeof RULES)[number];
      affected[s]?.[r]?.push({
        namespace: NAMESPACES[i % NAMESPACES.length] as string,
        image_digest: `sha256:${hex(i + 1, 64)}`,
        image_id: hex(i + 7, 12),
        image_name: `${NAMES[(i >> 2) % NAMES.length]}-${i}`,
        image_version: `v${1 + (i % 7)}.${i % 13}.${i % 5}`,
        image_type: TYPES[i % TYPES.length] as ImageInfo["image_type"],
        image_size: 20_000_000 + ((i * 7_919_113) % 900_000_000),
        latest_scan_time: Date.parse(dataTime) - (i % 90) * 86_400_000,
        risk_detail_info: {
          risk_num: instructions,
          risk_list: Array.from({ length: instructions }, (_, k) => ({
            build_instruction: k === 0 ? definition.instruction : `${definition.instruction} # step ${k + 1}`,
            remediation: definition.remediation,
          })),
        },
      });
    }
  }
  const responses: EvidenceResponse[] = [];
  scopes.forEach((scope, s) => {
    const rules = definitions.map((r, i) => ({
      rule_id: r.id,
      risk_name: lang === "zh-cn" ? r.zh : r.name,
      risk_level: RISK_LEVELS[i % 4] as RiskLevel,
      description: `${lang === "zh-cn" ? r.zh : r.name}. Dockerfile instruction check ${r.id}.`,
      image_type: "registry",
      image_num: affected[s]?.[i]?.length ?? 0,
    }));
    const base = { scopeId: scope.id, requestId: `req-${s}`, receivedAt: dataTime };
    responses.push({
      ...base,
      operation: "ListImageBuildCommandRisks",
      query: { image_type: "registry", offset: 0, limit: 200 },
      body: { total_num: rules.length, data_list: rules },
    });
    definitions.forEach((r, i) => {
      const list = affected[s]?.[i] ?? [];
      for (let offset = 0; offset < list.length; offset += 200) {
        responses.push({
          ...base,
          operation: "ListImageBuildCommandRisksImages",
          query: { image_type: "registry", rule_id: r.id, offset, limit: 200 },
          body: { total_num: list.length, data_list: list.slice(offset, offset + 200) },
        });
      }
    });
  });
  return sealEvidence({
    format: EVIDENCE_FORMAT,
    tool: { name: "hss-reports", version: "0.1.0" },
    run: {
      startedAt: dataTime,
      finishedAt: dataTime,
      lang,
      demo: options.demo ?? false,
      parameters: { ruleIds: [], riskLevels: [], imageTypes: ["cicd", "registry"] },
      scopes,
    },
    responses,
    failures: options.partial
      ? [{ scopeId: "ap-southeast-1/projectXX", message: "401 Unauthorized: token expired" }]
      : [],
  });
}
