// Evidence and reports for the HTML renderer's tests: realistic rules and images at any size, several scopes,
// waivers, a baseline, failed scopes, and a hostile corpus. Reports are built with the real `buildReport`.
import { sealEvidence } from "../src/evidence/hash.js";
import type {
  Evidence,
  EvidenceResponse,
  ImageInfo,
  ImageKind,
  Lang,
  RuleInfo,
  Scope,
  ScopeFailure,
} from "../src/evidence/types.js";
import { buildReport } from "../src/model/build.js";
import type { Report } from "../src/model/types.js";

export interface HtmlFixtureOptions {
  lang?: Lang;
  demo?: boolean;
  /** Distinct images per scope. */
  images?: number;
  scopes?: number;
  hostile?: boolean;
  /** Add a scope that failed (the report is PARTIAL). */
  failure?: boolean;
  waivers?: boolean;
  /** Compare with a previous run that had some other findings. */
  baseline?: boolean;
}

/** Strings that must show as text, never act: markup, script, handlebars, attribute breaks, controls, bidi. */
export const HOSTILE = [
  "<img src=x onerror=window.__pwned=1>",
  "<script>window.__pwned=1</script>",
  "{{constructor.constructor('window.__pwned=1')()}}",
  '" onmouseover="window.__pwned=1" x="',
  "</style><script>window.__pwned=1</script>",
  "<svg onload=window.__pwned=1>",
  "evil\u202Egnp.exe",
  "ctl\u0000\u0007\u001b[31mred",
  '=HYPERLINK("http://x.invalid")',
  "镜像-仓库🚀",
] as const;

const NAMESPACES = [
  "payments",
  "platform",
  "data-eng",
  "web",
  "ml",
  "infra",
  "security",
  "mobile",
  "search",
  "billing",
];
const NAMES = ["api", "worker", "gateway", "frontend", "batch", "scheduler", "auth", "ledger", "indexer", "proxy"];
const TYPES = ["private_image", "shared_image", "instance_image", "harbor", "jfrog"] as const;

interface RuleSpec {
  info: Omit<RuleInfo, "image_num">;
  affects: (i: number) => boolean;
  instructions: (i: number) => { build_instruction: string; remediation: string }[];
}

function ruleSpecs(hostile: boolean): RuleSpec[] {
  const h = (i: number, plain: string) => (hostile ? (HOSTILE[i % HOSTILE.length] as string) : plain);
  return [
    {
      info: {
        rule_id: "IMG-CURL-PIPE",
        risk_name: h(0, "Remote script piped to a shell"),
        risk_level: "critical",
        description: hostile
          ? `${HOSTILE[1]} ${HOSTILE[2]}`
          : "A RUN instruction downloads a script and pipes it into a shell, so whatever the server returns runs at build time.",
        latest_scan_time: 1_764_200_000_000,
      },
      affects: (i) => i % 7 === 0,
      instructions: () => [
        {
          build_instruction: "RUN curl -fsSL https://get.example.com/install.sh | sh",
          remediation: "Download the script, verify its checksum or signature, then run it.",
        },
      ],
    },
    {
      info: {
        rule_id: "IMG-NO-USER",
        risk_name: "Container runs as root (no USER instruction)",
        risk_level: "high",
        description: "The image never switches to a non-root user, so its processes run as root.",
        latest_scan_time: 1_764_200_000_000,
      },
      affects: (i) => i % 2 === 0,
      instructions: () => [
        {
          build_instruction: "--",
          remediation: hostile
            ? `${HOSTILE[0]}\n${"Add USER 10001 before the entrypoint. ".repeat(1724)}`.slice(0, 65_534)
            : "Add `USER 10001` (a non-root user) before the ENTRYPOINT.",
        },
      ],
    },
    {
      info: {
        rule_id: "IMG-ENV-SECRET",
        risk_name: "Secret in ENV or ARG",
        risk_level: "high",
        description: "A credential is set with ENV or ARG and stays readable in the image history.",
        latest_scan_time: 1_764_200_000_000,
      },
      affects: (i) => i % 5 === 0,
      instructions: (i) => [
        {
          build_instruction: hostile && i === 0 ? `ENV TOKEN=${"x".repeat(246)}` : "ENV DB_PASSWORD=changeme",
          remediation: "Pass secrets at run time (mounted secret files or a secret manager), never in the image.",
        },
        { build_instruction: "ARG NPM_TOKEN", remediation: "Use a BuildKit secret mount for build-time tokens." },
      ],
    },
    {
      info: {
        rule_id: "IMG-ADD-URL",
        risk_name: "ADD used instead of COPY",
        risk_level: "medium",
        description: "ADD fetches URLs and unpacks archives implicitly; COPY does only what it says.",
        latest_scan_time: 1_764_200_000_000,
      },
      affects: (i) => i % 4 === 3 || i % 9 === 0,
      instructions: (i) => [
        {
          build_instruction: i % 2 ? "ADD https://example.com/app.tar.gz /opt/" : "ADD . /app",
          remediation:
            i % 2
              ? "Download with curl, verify the checksum, then extract explicitly."
              : "Replace ADD with COPY for local files.",
        },
      ],
    },
    {
      info: {
        rule_id: "IMG-APT-CACHE",
        risk_name: "Package manager cache left in the image",
        risk_level: "low",
        description: "apt lists or caches remain in a layer and enlarge the image.",
        latest_scan_time: 1_764_200_000_000,
      },
      affects: (i) => i % 4 === 1,
      instructions: () => [
        {
          build_instruction: h(3, "RUN apt-get update && apt-get install -y curl"),
          remediation: "Add `&& rm -rf /var/lib/apt/lists/*` to the same RUN instruction.",
        },
      ],
    },
  ];
}

function imageInfo(i: number, scope: number, hostile: boolean, kind: ImageKind): ImageInfo {
  const hostileName = hostile && i < HOSTILE.length * 2 ? HOSTILE[i % HOSTILE.length] : undefined;
  const base = kind === "cicd" ? 7_000_000 : 0;
  return {
    ...(kind === "cicd" ? {} : { namespace: hostile && i === 1 ? HOSTILE[6] : NAMESPACES[i % NAMESPACES.length] }),
    image_digest: `sha256:${(((i + base) * 2654435761) >>> 0).toString(16).padStart(8, "0").repeat(8)}`,
    image_id: `img-${scope}-${kind}-${i}`,
    image_name: hostileName ?? `${NAMES[(i >> 1) % NAMES.length]}-${Math.floor(i / 20)}`,
    image_version: hostile && i === 2 ? HOSTILE[2] : `v1.${i % 13}.${i % 7}`,
    image_type: kind === "cicd" ? "cicd" : TYPES[i % TYPES.length],
    image_size: 30_000_000 + ((i * 7919) % 900_000_000),
    latest_scan_time: 1_764_000_000_000 + i * 60_000,
    risk_detail_info: { risk_num: 0, risk_list: [] },
  };
}

export function makeHtmlEvidence(options: HtmlFixtureOptions = {}): Evidence {
  const count = options.images ?? 40;
  const scopeCount = options.scopes ?? 1;
  const hostile = options.hostile ?? false;
  const at = "2026-11-27T08:00:00.000Z";
  const scopes: Scope[] = [];
  const responses: EvidenceResponse[] = [];
  const specs = ruleSpecs(hostile);
  for (let s = 0; s < scopeCount; s++) {
    const region = ["cn-north-4", "cn-east-3", "ap-southeast-1"][s % 3] as string;
    const scopeId = `${region}/proj-${s + 1}`;
    const kinds: ImageKind[] = s === 0 ? ["registry", "cicd"] : ["registry"];
    scopes.push({
      id: scopeId,
      region,
      endpoint: `https://hss.${region}.myhuaweicloud.com`,
      projectId: `proj-${s + 1}`,
      ...(s === 1 ? { enterpriseProjectId: "ep-finance" } : {}),
      imageTypes: kinds,
    });
    for (const kind of kinds) {
      const n = kind === "cicd" ? Math.max(1, Math.floor(count / 10)) : count;
      const perRule = specs.map((spec) => {
        const list: ImageInfo[] = [];
        for (let i = 0; i < n; i++) {
          if (!spec.affects(i)) continue;
          const info = imageInfo(i, s, hostile, kind);
          const risks = spec.instructions(i);
          info.risk_detail_info = { risk_num: risks.length, risk_list: risks };
          list.push(info);
        }
        return list;
      });
      const rules = specs
        .map((spec, r) => ({ ...spec.info, image_type: kind, image_num: perRule[r]?.length ?? 0 }))
        .filter((rule) => rule.image_num > 0);
      responses.push({
        scopeId,
        operation: "ListImageBuildCommandRisks",
        query: { image_type: kind, offset: 0, limit: 200 },
        requestId: `req-${s}-${kind}-rules`,
        receivedAt: at,
        body: { total_num: rules.length, data_list: rules },
      });
      specs.forEach((spec, r) => {
        const list = perRule[r] ?? [];
        for (let offset = 0; offset < list.length; offset += 200) {
          responses.push({
            scopeId,
            operation: "ListImageBuildCommandRisksImages",
            query: { image_type: kind, rule_id: spec.info.rule_id, offset, limit: 200 },
            requestId: `req-${s}-${kind}-${r}-${offset}`,
            receivedAt: at,
            body: { total_num: list.length, data_list: list.slice(offset, offset + 200) },
          });
        }
      });
    }
  }
  const failures: ScopeFailure[] = [];
  if (options.failure) {
    const scopeId = "ap-southeast-3/proj-down";
    scopes.push({
      id: scopeId,
      region: "ap-southeast-3",
      endpoint: "https://hss.ap-southeast-3.myhuaweicloud.com",
      projectId: "proj-down",
      imageTypes: ["registry"],
    });
    failures.push({
      scopeId,
      message: hostile ? `401 ${HOSTILE[0]}` : "401 Unauthorized: the token was rejected (IAM.0007)",
      operation: "ListImageBuildCommandRisks",
      requestId: "b3f1c2d4-0000-4000-8000-000000000001",
    });
  }
  return sealEvidence({
    format: "hss-reports/evidence@1",
    tool: { name: "hss-reports", version: "0.1.0" },
    run: {
      startedAt: at,
      finishedAt: at,
      lang: options.lang ?? "en-us",
      demo: options.demo ?? false,
      parameters: { ruleIds: [], riskLevels: [], imageTypes: ["registry", "cicd"], failOn: "high" },
      scopes,
    },
    responses,
    failures,
  });
}

export function makeHtmlReport(options: HtmlFixtureOptions = {}): Report {
  const evidence = makeHtmlEvidence(options);
  const baseline = options.baseline
    ? {
        report: buildReport(
          (() => {
            // The previous run: a smaller fleet (so some findings are new) plus one image since fixed.
            const before = makeHtmlEvidence({ ...options, images: Math.floor((options.images ?? 40) * 0.8) });
            const extra = imageInfo(99_999, 0, false, "registry");
            extra.risk_detail_info = {
              risk_num: 1,
              risk_list: [
                { build_instruction: "--", remediation: "Add `USER 10001` (a non-root user) before the ENTRYPOINT." },
              ],
            };
            const target = before.responses.find(
              (r) => r.operation === "ListImageBuildCommandRisksImages" && r.query.rule_id === "IMG-NO-USER",
            );
            if (target && target.operation === "ListImageBuildCommandRisksImages") target.body.data_list.push(extra);
            return sealEvidence({ ...before, run: { ...before.run, startedAt: "2026-11-20T08:00:00.000Z" } });
          })(),
        ),
        label: "reports/2026-11-20T080000Z",
      }
    : undefined;
  return buildReport(evidence, {
    ...(options.waivers
      ? {
          waive: (rule, image) =>
            rule.ruleId === "IMG-APT-CACHE" && image.namespace === "infra"
              ? {
                  reason: "Base image rebuilt weekly; cache cleaned upstream.",
                  approver: "sec-lead@example.com",
                  expires: "2027-06-30",
                }
              : rule.ruleId === "IMG-NO-USER" && image.namespace === "ml"
                ? {
                    reason: hostile(options) ? HOSTILE[0] : "GPU driver needs root.",
                    approver: "cto@example.com",
                    expires: "2026-10-01",
                  }
                : undefined,
        }
      : {}),
    ...(baseline ? { baseline } : {}),
  });
}

const hostile = (options: HtmlFixtureOptions): boolean => options.hostile ?? false;
