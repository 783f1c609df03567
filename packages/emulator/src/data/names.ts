// Pools that make generated images look like a real registry: SWR organisations, service names (a few in
// Chinese, as Huawei Cloud users often name them), version schemes and the values filled into instructions.

export const NAMESPACES = [
  "library",
  "devops",
  "payment",
  "ai-platform",
  "data-team",
  "frontend",
  "infra",
  "mlops",
  "iot-edge",
  "risk-control",
  "retail-cn",
  "ops-tools",
  "bigdata",
  "security",
] as const;

export const CICD_NAMESPACES = ["ci-build", "pipeline", "codearts", "jenkins", "gitlab-runner"] as const;

export const IMAGE_NAMES = [
  "nginx",
  "order-service",
  "payment-gateway",
  "user-center",
  "redis",
  "mysql-client",
  "jenkins-agent",
  "python-base",
  "node-builder",
  "spark-worker",
  "kafka-connect",
  "grafana",
  "prometheus-exporter",
  "inventory-api",
  "recommendation-engine",
  "auth-server",
  "notification-worker",
  "report-generator",
  "tomcat",
  "openjdk-runtime",
  "golang-builder",
  "etl-job",
  "model-serving",
  "web-portal",
  "search-indexer",
  "订单服务",
  "用户中心",
  "支付网关",
  "数据同步",
  "风控引擎",
] as const;

export const CICD_IMAGE_NAMES = [
  "build-maven",
  "build-node",
  "build-go",
  "unit-test-runner",
  "sonar-scanner",
  "helm-deployer",
  "e2e-tests",
  "镜像构建",
] as const;

export const VERSION_SCHEMES: readonly ((h: number) => string)[] = [
  (h) => `${1 + (h % 4)}.${(h >>> 4) % 20}.${(h >>> 9) % 15}`,
  (h) => `v${(h % 3) + 1}.${(h >>> 3) % 30}.${(h >>> 8) % 10}`,
  (h) => `2026.${String(1 + ((h >>> 2) % 11)).padStart(2, "0")}.${String(1 + ((h >>> 6) % 28)).padStart(2, "0")}`,
  (h) => `release-${1 + (h % 5)}.${(h >>> 5) % 12}`,
  (h) => `sha-${(h >>> 0).toString(16).padStart(8, "0").slice(0, 7)}`,
  (h) => ["3.9-slim", "3.11-slim", "20.11.1-alpine", "1.22-bookworm", "17-jre", "8u392"][h % 6] as string,
  () => "latest",
];

export const CICD_VERSION = (h: number): string => `build-${1000 + (h % 9000)}`;

export const PACKAGES = [
  "curl",
  "wget",
  "git",
  "vim",
  "openssh-server",
  "python3-pip",
  "build-essential",
  "net-tools",
  "nginx",
  "unzip",
  "ca-certificates",
  "gcc make",
] as const;

export const URLS = [
  "https://download.example-vendor.com/agent/latest/agent-linux-amd64.tar.gz",
  "http://mirrors.internal.example/tools/jq-1.7.1",
  "https://obs.cn-north-4.myhuaweicloud.com/devops-tools/install.sh",
  "https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl",
  "https://raw.githubusercontent.com/example/scripts/main/bootstrap.sh",
] as const;

/**
 * Fake tokens in the formats secret scanners know (none was ever issued): with {@link SECRETS}, every kind of
 * secret a report must mask appears in the data. Filled into instructions as `{aws}`, `{github}`, ...
 */
export const TOKENS = {
  aws: "AKIA2E0A8F3B244C9986",
  huaweiAk: "HPUAQ7ZK3N9YDLRW0XTE",
  github: "ghp_a1B2c3D4e5a1B2c3D4e5a1B2c3D4e5F6g7H8",
  gitlab: "glpat-Xy12Ab34Cd56Ef78Gh90",
  npm: "npm_Q1w2E3r4T5Q1w2E3r4T5Q1w2E3r4T5Y6u7i8",
  slack: "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoc3MtZGVtbyJ9.c2lnbmF0dXJlLW5vdC1yZWFs",
  pem: "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0",
} as const;

/** Obviously fake secrets: real-looking enough for a report, harmless to print. */
export const SECRETS = [
  "P@ssw0rd123",
  "changeme",
  "AKIAEXAMPLE0000000000",
  "hss-demo-secret-0000",
  "Admin@2024",
  "root123",
] as const;

/** A secret of the hostile data: markup and template syntax, behind a comment that tries to switch scanners off. */
export const HOSTILE_SECRET = "<b>S3cr3t{{pw}}</b>";

/** Every secret value the data can hold: a report must show none of them. */
export const SECRET_VALUES: readonly string[] = [...SECRETS, ...Object.values(TOKENS), HOSTILE_SECRET];
