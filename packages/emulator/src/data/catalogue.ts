// The build-command risk rules the emulator serves, modelled on the checks of Dockle, Hadolint, Trivy and Checkov
// (see ../shared/reference/reports.md). Texts exist in both languages HSS answers in (`X-Language`).
import type { components } from "@hss-reports/api";

export type Lang = components["parameters"]["XLanguage"];
export type RiskLevel = components["schemas"]["RiskLevel"];
export type QueryImageType = components["parameters"]["ImageType"];

export interface Localized {
  "en-us": string;
  "zh-cn": string;
}

export interface RuleDefinition {
  rule_id: string;
  /** The catalogue check this rule mirrors. */
  risk_id: string;
  risk_level: RiskLevel;
  risk_name: Localized;
  description: Localized;
  remediation: Localized;
  /**
   * Instructions found in affected images; `"--"` alone marks a missing-instruction rule. `{pkg}`, `{url}`,
   * `{secret}` and `{port}` are filled per image, `{aws}`, `{github}`, ... with the fake tokens of names.ts.
   */
  instructions: readonly string[];
  /** Probability that an image of each query type breaks the rule (0 = never: a rule with no images). */
  weight: Record<QueryImageType, number>;
  /** Upper bound of risky instructions per image for this rule (1 for missing-instruction rules). */
  maxPerImage: number;
  /**
   * Every instruction appears in the data, whatever the seed: image `i` (for `i` below the number of instructions)
   * breaks the rule with instruction `i`. Set on the rules that carry secrets, so that every kind a report must mask
   * is in every data set (the demo's, `--hostile`, the tests').
   */
  showcase?: boolean;
}

export const MISSING_INSTRUCTION = "--";

export const RULES: readonly RuleDefinition[] = [
  {
    rule_id: "BCR-0001",
    risk_id: "CIS-DI-0001",
    risk_level: "high",
    risk_name: {
      "en-us": "Container runs as root: no USER instruction",
      "zh-cn": "容器以 root 用户运行：缺少 USER 指令",
    },
    description: {
      "en-us":
        "The Dockerfile never switches to a non-root user, so every process in the container runs as root. A compromised process then has root privileges inside the container and an easier path to the host.",
      "zh-cn":
        "Dockerfile 中没有切换到非 root 用户，容器内的所有进程都以 root 身份运行。一旦进程被攻破，攻击者即在容器内拥有 root 权限，更容易逃逸到宿主机。",
    },
    remediation: {
      "en-us":
        "Add the following line to the Dockerfile: USER <non root username>. Create the user first, for example: RUN groupadd -r app && useradd -r -g app app",
      "zh-cn":
        "在 Dockerfile 中添加以下指令：USER <非 root 用户名>。请先创建该用户，例如：RUN groupadd -r app && useradd -r -g app app",
    },
    instructions: [MISSING_INSTRUCTION],
    weight: { registry: 0.52, cicd: 0.61 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0002",
    risk_id: "DL3002",
    risk_level: "high",
    risk_name: { "en-us": "Last USER is root", "zh-cn": "最后一条 USER 指令为 root" },
    description: {
      "en-us":
        "The image explicitly switches to root and never switches back, so the container's default user is root.",
      "zh-cn": "镜像显式切换到 root 用户后没有再切换回普通用户，容器的默认用户仍为 root。",
    },
    remediation: {
      "en-us": "Switch back to an unprivileged user after the steps that need root: end the Dockerfile with USER app.",
      "zh-cn": "在需要 root 权限的步骤完成后切换回非特权用户：在 Dockerfile 末尾添加 USER app。",
    },
    instructions: ["USER root", "USER 0", "USER root:root"],
    weight: { registry: 0.11, cicd: 0.14 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0003",
    risk_id: "DL3004",
    risk_level: "medium",
    risk_name: { "en-us": "sudo used in RUN", "zh-cn": "RUN 指令中使用了 sudo" },
    description: {
      "en-us":
        "sudo in a build step has unpredictable TTY and signal behaviour and usually means the image ships sudo, which lets any process regain root.",
      "zh-cn":
        "构建步骤中使用 sudo 会导致不可预期的 TTY 和信号行为，且通常意味着镜像中安装了 sudo，任何进程都可借此重新获得 root 权限。",
    },
    remediation: {
      "en-us":
        "Remove sudo from RUN instructions; run the step as root with USER root and switch back afterwards, or use gosu.",
      "zh-cn": "删除 RUN 指令中的 sudo；需要特权的步骤请先 USER root 执行，完成后再切换回普通用户，或改用 gosu。",
    },
    instructions: [
      "RUN sudo apt-get install -y {pkg}",
      "RUN sudo chown -R app:app /opt/app",
      "RUN sudo pip install -r requirements.txt",
      "RUN sudo mkdir -p /var/log/app && sudo chmod 755 /var/log/app",
    ],
    weight: { registry: 0.08, cicd: 0.1 },
    maxPerImage: 2,
  },
  {
    rule_id: "BCR-0004",
    risk_id: "CIS-DI-0010",
    risk_level: "critical",
    risk_name: { "en-us": "Secret stored in ENV", "zh-cn": "ENV 指令中存储了敏感信息" },
    description: {
      "en-us":
        "A password, access key or token is set with ENV. It is stored in the image configuration and visible to anyone who can pull the image (docker inspect, docker history).",
      "zh-cn":
        "通过 ENV 设置了密码、访问密钥或令牌。该值会保存在镜像配置中，任何能够拉取镜像的人都可以通过 docker inspect 或 docker history 看到。",
    },
    remediation: {
      "en-us":
        "Remove secrets from ENV. Inject them at run time from a secret store (Kubernetes Secret, CSMS/DEW) or use BuildKit secret mounts: RUN --mount=type=secret,id=token. Rotate the exposed credential.",
      "zh-cn":
        "从 ENV 中删除敏感信息，改为在运行时从密钥管理服务（Kubernetes Secret、CSMS/DEW）注入，或使用 BuildKit 的密钥挂载：RUN --mount=type=secret,id=token。并立即轮换已泄露的凭据。",
    },
    instructions: [
      "ENV MYSQL_ROOT_PASSWORD={secret}",
      "ENV AWS_SECRET_ACCESS_KEY={secret}",
      "ENV DB_PASSWORD={secret}",
      "ENV HUAWEICLOUD_SDK_SK={secret}",
      "ENV REDIS_PASSWORD={secret}",
      "ENV API_TOKEN={secret}",
      // Next to look-alikes that must stay readable, and token formats a scanner knows by their shape.
      "ENV PATH=/opt/app/bin:$PATH APP_SECRET={secret}",
      "ENV NODE_ENV=production API_KEY={secret}",
      "ENV KEYCLOAK_URL=https://sso.example.com KEYCLOAK_CLIENT_SECRET={secret}",
      "ENV AWS_ACCESS_KEY_ID={aws}",
      "ENV HUAWEICLOUD_SDK_AK={huaweiAk}",
      "ENV DATABASE_URL=postgres://app:{secret}@db:5432/app",
      'ENV SMTP_PASSWORD "{secret}"',
    ],
    weight: { registry: 0.07, cicd: 0.09 },
    maxPerImage: 3,
    showcase: true,
  },
  {
    rule_id: "BCR-0005",
    risk_id: "DL3064",
    risk_level: "high",
    risk_name: { "en-us": "Secret passed as build ARG", "zh-cn": "通过构建参数 ARG 传递敏感信息" },
    description: {
      "en-us":
        "Build arguments are recorded in the image history, so a secret passed with ARG can be read from the image.",
      "zh-cn": "构建参数会被记录在镜像历史中，通过 ARG 传入的敏感信息可以从镜像中读取出来。",
    },
    remediation: {
      "en-us": "Do not pass secrets as ARG; use BuildKit secrets (docker build --secret id=npm,src=.npmrc) instead.",
      "zh-cn": "不要通过 ARG 传递敏感信息；请改用 BuildKit 密钥（docker build --secret id=npm,src=.npmrc）。",
    },
    instructions: [
      "ARG NPM_TOKEN",
      "ARG GITHUB_TOKEN={secret}",
      "ARG PIP_INDEX_PASSWORD",
      "ARG SWR_LOGIN_KEY",
      "ARG VERSION=1.2.3 NPM_TOKEN={npm}",
      "ARG GITLAB_TOKEN={gitlab}",
    ],
    weight: { registry: 0.05, cicd: 0.12 },
    maxPerImage: 2,
    showcase: true,
  },
  {
    rule_id: "BCR-0006",
    risk_id: "DS-0005",
    risk_level: "medium",
    risk_name: { "en-us": "ADD fetches a remote URL", "zh-cn": "ADD 指令下载远程 URL" },
    description: {
      "en-us":
        "ADD <url> downloads a file at build time without verifying its checksum, so a tampered or replaced file ends up in the image.",
      "zh-cn": "ADD <url> 在构建时下载文件且不校验其摘要，被篡改或替换的文件会被直接打入镜像。",
    },
    remediation: {
      "en-us":
        "Download with curl or wget in a RUN step and verify the checksum (sha256sum -c), or use ADD --checksum=sha256:<digest> <url>.",
      "zh-cn":
        "请在 RUN 步骤中使用 curl 或 wget 下载并校验摘要（sha256sum -c），或使用 ADD --checksum=sha256:<摘要> <url>。",
    },
    instructions: [
      "ADD {url} /opt/",
      "ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini",
      "ADD https://repo.huaweicloud.com/java/jdk/8u202-b08/jdk-8u202-linux-x64.tar.gz /usr/local/",
    ],
    weight: { registry: 0.06, cicd: 0.05 },
    maxPerImage: 2,
  },
  {
    rule_id: "BCR-0007",
    risk_id: "CIS-DI-0009",
    risk_level: "low",
    risk_name: { "en-us": "ADD used instead of COPY", "zh-cn": "使用 ADD 而非 COPY" },
    description: {
      "en-us":
        "ADD silently extracts archives and accepts URLs; COPY does only what it says. Using ADD for local files hides what ends up in the image.",
      "zh-cn":
        "ADD 会自动解压归档文件并支持 URL，而 COPY 只做复制。对本地文件使用 ADD 会让镜像中实际写入的内容不够直观。",
    },
    remediation: {
      "en-us": "Replace ADD with COPY for local files and directories: COPY ./app /app",
      "zh-cn": "对本地文件和目录，请将 ADD 替换为 COPY：COPY ./app /app",
    },
    instructions: [
      "ADD . /app",
      "ADD ./config /etc/app/",
      "ADD target/app.jar /app/app.jar",
      "ADD requirements.txt /tmp/",
    ],
    weight: { registry: 0.16, cicd: 0.12 },
    maxPerImage: 2,
  },
  {
    rule_id: "BCR-0008",
    risk_id: "DL4006",
    risk_level: "high",
    risk_name: { "en-us": "Remote script piped to a shell", "zh-cn": "远程脚本通过管道直接交给 shell 执行" },
    description: {
      "en-us":
        "A script is downloaded and piped straight into a shell: whatever the server returns runs as root during the build, and without pipefail a failed download goes unnoticed.",
      "zh-cn":
        "脚本被下载后直接通过管道交给 shell 执行：服务器返回的任何内容都会在构建时以 root 身份运行，且未设置 pipefail 时下载失败也不会被发现。",
    },
    remediation: {
      "en-us":
        'Download the script to a file, verify its checksum or signature, then run it; set SHELL ["/bin/bash", "-o", "pipefail", "-c"] before any RUN with a pipe.',
      "zh-cn":
        '先将脚本下载到文件，校验摘要或签名后再执行；在包含管道的 RUN 之前设置 SHELL ["/bin/bash", "-o", "pipefail", "-c"]。',
    },
    instructions: [
      "RUN curl -fsSL https://get.docker.com | sh",
      "RUN curl -sL https://deb.nodesource.com/setup_18.x | bash -",
      "RUN wget -qO- https://install.python-poetry.org | python3 -",
      "RUN curl -s {url} | bash",
    ],
    weight: { registry: 0.08, cicd: 0.11 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0009",
    risk_id: "CIS-DI-0007",
    risk_level: "medium",
    risk_name: {
      "en-us": "apt-get upgrade / dist-upgrade in build",
      "zh-cn": "构建中执行 apt-get upgrade / dist-upgrade",
    },
    description: {
      "en-us":
        "Upgrading every package during the build makes the image content depend on the day it was built and can pull in untested versions.",
      "zh-cn": "在构建中升级全部软件包会使镜像内容取决于构建当天的软件源状态，并可能引入未经测试的版本。",
    },
    remediation: {
      "en-us":
        "Use an up-to-date base image instead of upgrading in the Dockerfile, and install pinned versions of what you need.",
      "zh-cn": "请使用已更新的基础镜像，而不是在 Dockerfile 中执行升级；按需安装固定版本的软件包。",
    },
    instructions: [
      "RUN apt-get update && apt-get upgrade -y",
      "RUN apt-get dist-upgrade -y",
      "RUN yum update -y",
      "RUN apk upgrade --no-cache",
    ],
    weight: { registry: 0.12, cicd: 0.09 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0010",
    risk_id: "DKL-DI-0003",
    risk_level: "low",
    risk_name: { "en-us": "apt-get update alone", "zh-cn": "单独执行 apt-get update" },
    description: {
      "en-us":
        "apt-get update in its own RUN is cached as a layer; later installs then use a stale package index and may install outdated, vulnerable versions.",
      "zh-cn":
        "单独一条 RUN 执行 apt-get update 会被缓存为独立镜像层，之后的安装会使用过期的软件包索引，可能安装到存在漏洞的旧版本。",
    },
    remediation: {
      "en-us":
        "Combine update and install in one RUN: RUN apt-get update && apt-get install -y --no-install-recommends <pkg>=<version>",
      "zh-cn":
        "请在同一条 RUN 中执行更新和安装：RUN apt-get update && apt-get install -y --no-install-recommends <软件包>=<版本>",
    },
    instructions: ["RUN apt-get update", "RUN apt update", "RUN yum makecache"],
    weight: { registry: 0.09, cicd: 0.07 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0011",
    risk_id: "DL3008",
    risk_level: "low",
    risk_name: { "en-us": "Packages installed without pinned versions", "zh-cn": "安装软件包时未固定版本" },
    description: {
      "en-us":
        "Packages are installed without a version, so rebuilding the same Dockerfile can produce a different, untested image.",
      "zh-cn": "安装软件包时未指定版本，使用同一 Dockerfile 重新构建可能得到内容不同且未经测试的镜像。",
    },
    remediation: {
      "en-us":
        "Pin versions: apt-get install -y curl=7.88.1-10+deb12u5, pip install flask==3.0.3, npm install -g yarn@1.22.22, apk add bash=5.2.21-r0.",
      "zh-cn":
        "请固定版本：apt-get install -y curl=7.88.1-10+deb12u5、pip install flask==3.0.3、npm install -g yarn@1.22.22、apk add bash=5.2.21-r0。",
    },
    instructions: [
      "RUN apt-get install -y {pkg}",
      "RUN pip install flask gunicorn requests",
      "RUN npm install -g yarn pm2",
      "RUN apk add --no-cache bash curl",
      "RUN yum install -y {pkg}",
      "RUN gem install bundler",
    ],
    weight: { registry: 0.34, cicd: 0.41 },
    maxPerImage: 3,
  },
  {
    rule_id: "BCR-0012",
    risk_id: "DL3007",
    risk_level: "medium",
    risk_name: { "en-us": "Base image uses the latest tag", "zh-cn": "基础镜像使用 latest 标签" },
    description: {
      "en-us":
        "FROM refers to :latest (or no tag), so the base image changes under you and builds are not reproducible.",
      "zh-cn": "FROM 引用了 :latest 标签（或未指定标签），基础镜像会在不知情的情况下发生变化，构建结果不可复现。",
    },
    remediation: {
      "en-us": "Pin the base image to a version tag and digest: FROM ubuntu:22.04@sha256:<digest>",
      "zh-cn": "请将基础镜像固定到具体版本标签和摘要：FROM ubuntu:22.04@sha256:<摘要>",
    },
    instructions: [
      "FROM ubuntu:latest",
      "FROM centos",
      "FROM node:latest",
      "FROM python",
      "FROM swr.cn-north-4.myhuaweicloud.com/library/openjdk:latest",
      "FROM nginx:latest AS web",
    ],
    weight: { registry: 0.24, cicd: 0.3 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0013",
    risk_id: "DS-0004",
    risk_level: "high",
    risk_name: { "en-us": "SSH port 22 exposed", "zh-cn": "暴露了 SSH 端口 22" },
    description: {
      "en-us":
        "The image exposes port 22, which usually means an SSH server runs inside the container: a remote login surface that bypasses the orchestrator.",
      "zh-cn": "镜像暴露了 22 端口，通常意味着容器内运行了 SSH 服务，这是一个绕过编排平台的远程登录入口。",
    },
    remediation: {
      "en-us": "Remove EXPOSE 22 and the SSH server; use kubectl exec or CCE's web terminal for debugging.",
      "zh-cn": "删除 EXPOSE 22 并移除 SSH 服务；调试请使用 kubectl exec 或 CCE 的 Web 终端。",
    },
    instructions: ["EXPOSE 22", "EXPOSE 22/tcp", "EXPOSE 22 8080"],
    weight: { registry: 0.04, cicd: 0.03 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0014",
    risk_id: "CIS-DI-0006",
    risk_level: "low",
    risk_name: { "en-us": "No HEALTHCHECK instruction", "zh-cn": "缺少 HEALTHCHECK 指令" },
    description: {
      "en-us": "Without HEALTHCHECK the runtime cannot tell a hung container from a healthy one.",
      "zh-cn": "缺少 HEALTHCHECK 时，容器运行时无法区分已挂起的容器和正常运行的容器。",
    },
    remediation: {
      "en-us":
        "Add a HEALTHCHECK instruction, for example: HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1",
      "zh-cn":
        "添加 HEALTHCHECK 指令，例如：HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1",
    },
    instructions: [MISSING_INSTRUCTION],
    weight: { registry: 0.57, cicd: 0.48 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0015",
    risk_id: "DL3009",
    risk_level: "low",
    risk_name: { "en-us": "Package manager cache left in the image", "zh-cn": "镜像中残留软件包管理器缓存" },
    description: {
      "en-us":
        "The apt lists or package caches are not removed in the same layer, making the image larger and carrying stale metadata.",
      "zh-cn": "未在同一镜像层中删除 apt 列表或软件包缓存，导致镜像体积增大并残留过期的元数据。",
    },
    remediation: {
      "en-us":
        "Clean up in the same RUN: && rm -rf /var/lib/apt/lists/* (apt), yum clean all, apk add --no-cache, pip install --no-cache-dir.",
      "zh-cn":
        "请在同一条 RUN 中清理：&& rm -rf /var/lib/apt/lists/*（apt）、yum clean all、apk add --no-cache、pip install --no-cache-dir。",
    },
    instructions: [
      "RUN apt-get update && apt-get install -y {pkg}",
      "RUN yum install -y {pkg}",
      "RUN pip install -r requirements.txt",
    ],
    weight: { registry: 0.21, cicd: 0.18 },
    maxPerImage: 2,
  },
  {
    rule_id: "BCR-0016",
    risk_id: "CKV2_DOCKER_2",
    risk_level: "high",
    risk_name: { "en-us": "TLS certificate verification disabled", "zh-cn": "禁用了 TLS 证书校验" },
    description: {
      "en-us":
        "curl -k, wget --no-check-certificate or pip --trusted-host accept any certificate, so a man in the middle can replace what is downloaded.",
      "zh-cn": "curl -k、wget --no-check-certificate 或 pip --trusted-host 会接受任意证书，中间人可以替换下载的内容。",
    },
    remediation: {
      "en-us":
        "Remove -k / --insecure / --no-check-certificate / --trusted-host; install the CA certificate your mirror needs instead.",
      "zh-cn":
        "删除 -k / --insecure / --no-check-certificate / --trusted-host 参数；如内部镜像源需要，请安装其 CA 证书。",
    },
    instructions: [
      "RUN curl -k -o /tmp/agent.tar.gz {url}",
      "RUN wget --no-check-certificate {url}",
      "RUN pip install --trusted-host mirrors.internal.example -r requirements.txt",
      "RUN curl --insecure -L {url} -o /usr/local/bin/kubectl",
    ],
    weight: { registry: 0.05, cicd: 0.06 },
    maxPerImage: 2,
  },
  {
    rule_id: "BCR-0017",
    risk_id: "CKV2_DOCKER_17",
    risk_level: "critical",
    risk_name: { "en-us": "Password set with chpasswd", "zh-cn": "使用 chpasswd 设置密码" },
    description: {
      "en-us":
        "A user password is set in the Dockerfile: the clear-text password is in the image history and every container shares it.",
      "zh-cn": "在 Dockerfile 中设置了用户密码：明文密码保存在镜像历史中，且所有容器共用同一密码。",
    },
    remediation: {
      "en-us": "Remove the chpasswd step. Do not give container users passwords; authenticate at the platform level.",
      "zh-cn": "删除 chpasswd 步骤。不要为容器内用户设置密码，请在平台层面进行身份认证。",
    },
    instructions: ["RUN echo 'root:{secret}' | chpasswd", 'RUN echo "admin:{secret}" | chpasswd'],
    weight: { registry: 0.02, cicd: 0.015 },
    maxPerImage: 1,
    showcase: true,
  },
  {
    rule_id: "BCR-0018",
    risk_id: "CKV2_DOCKER_9",
    risk_level: "high",
    risk_name: { "en-us": "apt installs unauthenticated packages", "zh-cn": "apt 安装未经认证的软件包" },
    description: {
      "en-us": "--allow-unauthenticated (or --force-yes) installs packages whose signatures are not checked.",
      "zh-cn": "--allow-unauthenticated（或 --force-yes）会安装未经签名校验的软件包。",
    },
    remediation: {
      "en-us": "Remove --allow-unauthenticated / --force-yes and import the repository's signing key instead.",
      "zh-cn": "删除 --allow-unauthenticated / --force-yes，并导入软件源的签名密钥。",
    },
    instructions: ["RUN apt-get install -y --allow-unauthenticated {pkg}", "RUN apt-get install -y --force-yes {pkg}"],
    // Never seen in CI images here: a rule HSS lists with image_num 0.
    weight: { registry: 0.012, cicd: 0 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0019",
    risk_id: "DKL-LI-0003",
    risk_level: "medium",
    risk_name: { "en-us": "World-writable permissions", "zh-cn": "设置了全局可写权限" },
    description: {
      "en-us":
        "chmod 777 makes files writable by any user in the container, so a low-privileged process can replace binaries or configuration.",
      "zh-cn": "chmod 777 使容器内任意用户都可写这些文件，低权限进程可借此替换程序或配置文件。",
    },
    remediation: {
      "en-us": "Grant only what is needed: chown the files to the application user and use chmod 750 / 640.",
      "zh-cn": "仅授予必要权限：将文件属主改为应用用户，并使用 chmod 750 / 640。",
    },
    instructions: ["RUN chmod -R 777 /app", "RUN chmod 777 /tmp/entrypoint.sh", "RUN chmod -R 0777 /var/www/html"],
    weight: { registry: 0.05, cicd: 0.04 },
    maxPerImage: 1,
  },
  {
    rule_id: "BCR-0020",
    risk_id: "DS-0031",
    risk_level: "critical",
    risk_name: {
      "en-us": "Credential in a RUN command or LABEL",
      "zh-cn": "RUN 命令或 LABEL 中包含凭据",
    },
    description: {
      "en-us":
        "A password, token or private key is written into a RUN command line or a LABEL. Every layer keeps the command that built it, so anyone who can pull the image can read the credential with docker history.",
      "zh-cn":
        "RUN 命令行或 LABEL 中写入了密码、令牌或私钥。每个镜像层都会保存构建它的命令，任何能够拉取镜像的人都可以通过 docker history 读取该凭据。",
    },
    remediation: {
      "en-us":
        "Pass credentials with BuildKit secret mounts (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci) or docker login --password-stdin, never on the command line, and rotate the exposed credential.",
      "zh-cn":
        "请使用 BuildKit 密钥挂载（RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci）或 docker login --password-stdin 传递凭据，不要写在命令行中，并立即轮换已泄露的凭据。",
    },
    instructions: [
      "RUN docker login -u deploy -p {secret} swr.cn-north-4.myhuaweicloud.com",
      "RUN mysql -u root -p{secret} -e 'CREATE DATABASE app'",
      "RUN useradd -m -p {secret} app",
      "RUN echo '{secret}' | passwd --stdin app",
      "RUN git clone https://deploy:{secret}@codehub.example.com/team/app.git /src",
      "RUN export NPM_TOKEN={npm} && npm ci",
      "RUN docker build --build-arg GITHUB_TOKEN={github} -t app .",
      "RUN mvn -B deploy -Drepo.password={secret} -DskipTests=true",
      "RUN ./install.sh --password {secret} --prefix=/opt/app",
      "RUN curl -fsS -H 'Authorization: Bearer {jwt}' https://api.example.com/v1/register",
      `RUN curl -fsS -H 'Accept: application/json' -H "X-Auth-Token: {secret}" https://api.example.com/v1/agents`,
      "RUN wget -q --header='Cookie: SESSION={secret}' https://repo.internal.example/tools/agent.tgz",
      "RUN curl -fsSLO -H X-JFrog-Art-Api:{secret} https://art.example.com/artifactory/libs-release/app.jar",
      "RUN wget --http-user=deploy --http-password {secret} https://repo.internal.example/app.tar.gz",
      `RUN echo '{"auths":{"swr.cn-north-4.myhuaweicloud.com":{"auth":"{secret}"}}}' > /root/.docker/config.json`,
      "RUN apt-get install -y --no-install-recommends git && echo {github} > /root/.git-token",
      "RUN curl -X POST -d 'token={slack}' https://slack.com/api/chat.postMessage",
      'RUN echo "-----BEGIN RSA PRIVATE KEY-----\\n{pem}" > /root/.ssh/id_rsa',
      "LABEL org.example.deploy-token={secret}",
    ],
    weight: { registry: 0.07, cicd: 0.09 },
    maxPerImage: 3,
    showcase: true,
  },
];

export const RULE_INDEX: ReadonlyMap<string, number> = new Map(RULES.map((rule, index) => [rule.rule_id, index]));
