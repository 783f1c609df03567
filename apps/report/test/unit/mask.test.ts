// The masker over every kind of secret the report must not spread, and over the look-alikes it must leave readable.
// Every expected text is written out by hand: the value goes, the key (and everything else) stays.
import { describe, expect, it } from "vitest";
import { isSecretHeader, isSecretName, MASK, maskAll, maskText } from "../../src/mask/text.js";

// Fake, format-valid tokens (none of them was ever issued).
const GITHUB = `ghp_${"a1B2c3D4e5".repeat(3)}F6g7H8`;
const GITHUB_FINE = `github_pat_11ABCDEFG0${"x".repeat(12)}_${"Yz9".repeat(19)}Yz`;
const GITLAB = "glpat-Xy12Ab34Cd56Ef78Gh90";
const NPM = `npm_${"Q1w2E3r4T5".repeat(3)}Y6u7i8`;
const SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx";
const AWS_AK = "AKIA2E0A8F3B244C9986";
const HUAWEI_AK = "HPUAQ7ZK3N9YDLRW0XTE";
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJoc3MtZGVtbyJ9.c2lnbmF0dXJlLW5vdC1yZWFs";
const PEM_BODY = "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun";

// [what, input, expected]
const MASKED: [string, string, string][] = [
  // KEY=VALUE and KEY VALUE in ENV, ARG, LABEL
  ["ENV password", "ENV DB_PASSWORD=Admin@2024", `ENV DB_PASSWORD=${MASK}`],
  ["ENV passwd", "ENV MYSQL_ROOT_PASSWD=root123", `ENV MYSQL_ROOT_PASSWD=${MASK}`],
  ["ENV pwd", "ENV SMTP_PWD=changeme", `ENV SMTP_PWD=${MASK}`],
  ["ENV secret key", "ENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG", `ENV AWS_SECRET_ACCESS_KEY=${MASK}`],
  ["ENV api key", "ENV API_KEY=k-123456", `ENV API_KEY=${MASK}`],
  ["ENV huawei sk", "ENV HUAWEICLOUD_SDK_SK=hss-demo-secret-0000", `ENV HUAWEICLOUD_SDK_SK=${MASK}`],
  ["ENV token", "ENV API_TOKEN=P@ssw0rd123", `ENV API_TOKEN=${MASK}`],
  ["ENV credential", "ENV GIT_CREDENTIALS=u:p", `ENV GIT_CREDENTIALS=${MASK}`],
  ["ENV auth", "ENV REGISTRY_AUTH=dXNlcjpwYXNz", `ENV REGISTRY_AUTH=${MASK}`],
  ["ENV private", "ENV PRIVATE_KEY_PEM=abc", `ENV PRIVATE_KEY_PEM=${MASK}`],
  ["ENV glued", "ENV DBPASSWORD=hunter2", `ENV DBPASSWORD=${MASK}`],
  ["ENV camelCase", "ENV githubToken=abc123", `ENV githubToken=${MASK}`],
  ["ENV double quotes", 'ENV DB_PASSWORD="Admin 2024"', `ENV DB_PASSWORD="${MASK}"`],
  ["ENV single quotes", "ENV DB_PASSWORD='Admin 2024'", `ENV DB_PASSWORD='${MASK}'`],
  [
    "ENV several pairs",
    "ENV APP_USER=app APP_PASSWORD=s3cret APP_PORT=8080",
    `ENV APP_USER=app APP_PASSWORD=${MASK} APP_PORT=8080`,
  ],
  ["ENV space form", "ENV DB_PASSWORD Admin 2024", `ENV DB_PASSWORD ${MASK}`],
  ["ARG with default", "ARG GITHUB_TOKEN=abc123", `ARG GITHUB_TOKEN=${MASK}`],
  ["ARG space form lower case", "arg npm_token abc123", `arg npm_token ${MASK}`],
  ["LABEL", 'LABEL deploy.secret="s3cr3t"', `LABEL deploy.secret="${MASK}"`],
  // inside RUN
  ["RUN export", "RUN export DB_PASSWORD=s3cret && ./start", `RUN export DB_PASSWORD=${MASK} && ./start`],
  [
    "RUN --build-arg",
    "RUN docker build --build-arg NPM_TOKEN=abc123 .",
    `RUN docker build --build-arg NPM_TOKEN=${MASK} .`,
  ],
  [
    "RUN -D",
    "RUN mvn deploy -Drepo.password=s3cret -DskipTests=true",
    `RUN mvn deploy -Drepo.password=${MASK} -DskipTests=true`,
  ],
  [
    "RUN --K=V",
    "RUN ./configure --auth-token=abc123 --prefix=/opt",
    `RUN ./configure --auth-token=${MASK} --prefix=/opt`,
  ],
  ["RUN --password=", "RUN app --password=s3cret", `RUN app --password=${MASK}`],
  ["RUN --password space", "RUN app --password s3cret --verbose", `RUN app --password ${MASK} --verbose`],
  // passwords handed to commands
  ["chpasswd single quotes", "RUN echo 'root:P@ss' | chpasswd", `RUN echo 'root:${MASK}' | chpasswd`],
  ["chpasswd double quotes", 'RUN echo "admin:Admin@2024" | chpasswd', `RUN echo "admin:${MASK}" | chpasswd`],
  ["chpasswd bare", "RUN echo root:toor | sudo chpasswd", `RUN echo root:${MASK} | sudo chpasswd`],
  ["chpasswd here-string", "RUN chpasswd <<< 'root:toor'", `RUN chpasswd <<< 'root:${MASK}'`],
  ["passwd --stdin", "RUN echo 'p4ss' | passwd --stdin app", `RUN echo '${MASK}' | passwd --stdin app`],
  ["useradd -p", "RUN useradd -m -p s3cretHash app", `RUN useradd -m -p ${MASK} app`],
  ["chpasswd quoted with a space", "RUN echo 'admin:my pass' | chpasswd", `RUN echo 'admin:${MASK}' | chpasswd`],
  ["useradd -p quoted with a space", "RUN useradd -p 'my pass' app", `RUN useradd -p '${MASK}' app`],
  [
    "passwd --stdin quoted with a space",
    'RUN echo "my pass" | passwd --stdin app',
    `RUN echo "${MASK}" | passwd --stdin app`,
  ],
  ["--password quoted with a space", "RUN app --password 'my pass' -v", `RUN app --password '${MASK}' -v`],
  [
    "curl -u quoted with a space",
    "RUN curl -u 'deploy:my pass' https://repo.example.com/a",
    `RUN curl -u 'deploy:${MASK}' https://repo.example.com/a`,
  ],
  [
    "assignment inside quotes keeps its closing quote",
    `RUN curl -d 'token=${SLACK}' https://hooks.example.com/x`,
    `RUN curl -d 'token=${MASK}' https://hooks.example.com/x`,
  ],
  [
    "assignment inside double quotes keeps its closing quote",
    'RUN sh -c "DB_PASSWORD=s3cret ./migrate"',
    `RUN sh -c "DB_PASSWORD=${MASK} ./migrate"`,
  ],
  [
    "assignment further inside double quotes keeps their closing quote",
    'RUN sh -c "cd /app && DB_PASSWORD=s3cret ./migrate"; echo done',
    `RUN sh -c "cd /app && DB_PASSWORD=${MASK} ./migrate"; echo done`,
  ],
  [
    "assignment at the end of double quotes keeps their closing quote",
    'RUN sh -c "./migrate --db-password=s3cret" && echo done',
    `RUN sh -c "./migrate --db-password=${MASK}" && echo done`,
  ],
  [
    "htpasswd -b",
    "RUN htpasswd -b -c /etc/nginx/.htpasswd admin Adm1nPass",
    `RUN htpasswd -b -c /etc/nginx/.htpasswd admin ${MASK}`,
  ],
  [
    "htpasswd -cb quoted",
    "RUN htpasswd -cb /etc/nginx/.htpasswd admin 'my pass'",
    `RUN htpasswd -cb /etc/nginx/.htpasswd admin '${MASK}'`,
  ],
  ["htpasswd -nb", "RUN htpasswd -nbB admin Adm1nPass > users", `RUN htpasswd -nbB admin ${MASK} > users`],
  [
    "aws configure set secret key",
    "RUN aws configure set aws_secret_access_key wJalrXUtnFEMIK7MDENGbPxRfiCY",
    `RUN aws configure set aws_secret_access_key ${MASK}`,
  ],
  [
    "aws configure set profile session token",
    "RUN aws configure set default.aws_session_token FwoGZXIvYXdzEBY",
    `RUN aws configure set default.aws_session_token ${MASK}`,
  ],
  ["MYSQL_PWD", "ENV MYSQL_PWD=r00tpw", `ENV MYSQL_PWD=${MASK}`],
  ["glued *PWD", "ENV PGPWD=r00tpw", `ENV PGPWD=${MASK}`],
  ["mysql -p", "RUN mysql -u root -pS3cret -e 'select 1'", `RUN mysql -u root -p${MASK} -e 'select 1'`],
  [
    "docker login -p",
    "RUN docker login -u admin -p s3cret swr.cn-north-4.myhuaweicloud.com",
    `RUN docker login -u admin -p ${MASK} swr.cn-north-4.myhuaweicloud.com`,
  ],
  [
    "curl -u",
    "RUN curl -u deploy:s3cret https://repo.example.com/a",
    `RUN curl -u deploy:${MASK} https://repo.example.com/a`,
  ],
  // credentials in URLs
  [
    "URL credentials",
    "RUN git clone https://deploy:s3cret@git.example.com/app.git",
    `RUN git clone https://deploy:${MASK}@git.example.com/app.git`,
  ],
  ["URL without user", "ENV REDIS_URL=redis://:s3cret@redis:6379/0", `ENV REDIS_URL=redis://:${MASK}@redis:6379/0`],
  [
    "database URL",
    "ENV DATABASE_URL=postgres://app:Admin2024@db:5432/app",
    `ENV DATABASE_URL=postgres://app:${MASK}@db:5432/app`,
  ],
  [
    "URL password holding @",
    "RUN git clone https://deploy:P@ssw0rd123@codehub.example.com/team/app.git /src",
    `RUN git clone https://deploy:${MASK}@codehub.example.com/team/app.git /src`,
  ],
  [
    "URL password holding @ and :",
    "ENV DATABASE_URL=postgres://app:P@ss:w0rd@db:5432/app",
    `ENV DATABASE_URL=postgres://app:${MASK}@db:5432/app`,
  ],
  [
    "URL with @ after the authority",
    "RUN curl https://ci:t0k@n@repo.example.com/u/jane@example.com?x=a@b",
    `RUN curl https://ci:${MASK}@repo.example.com/u/jane@example.com?x=a@b`,
  ],
  // HTTP credentials and registry config
  [
    "Authorization Basic",
    'RUN curl -H "Authorization: Basic ZGVwbG95OnMzY3JldA==" https://repo.example.com',
    `RUN curl -H "Authorization: Basic ${MASK}" https://repo.example.com`,
  ],
  [
    "Authorization Bearer opaque",
    "RUN curl -H 'Authorization: Bearer opaque-t0k3n' https://api.example.com",
    `RUN curl -H 'Authorization: Bearer ${MASK}' https://api.example.com`,
  ],
  [
    "X-Api-Key",
    'RUN curl -H "X-Api-Key: k3y-12345" https://api.example.com',
    `RUN curl -H "X-Api-Key: ${MASK}" https://api.example.com`,
  ],
  // any header whose name says it holds a credential, however it is quoted; the scheme word stays
  [
    "Proxy-Authorization",
    "RUN curl -x http://proxy:3128 -H 'Proxy-Authorization: Basic cHJveHk6czNjcmV0' https://x.example.com",
    `RUN curl -x http://proxy:3128 -H 'Proxy-Authorization: Basic ${MASK}' https://x.example.com`,
  ],
  [
    "Authorization without a scheme",
    'RUN curl -H "Authorization: s3cr3t-k3y" https://api.example.com',
    `RUN curl -H "Authorization: ${MASK}" https://api.example.com`,
  ],
  [
    "Authorization Digest with parameters",
    `RUN curl -H 'Authorization: Digest username="u", response="6629fae4"' https://x`,
    `RUN curl -H 'Authorization: Digest ${MASK}' https://x`,
  ],
  [
    "Cookie, the whole value",
    'RUN curl -H "Cookie: SESSION=7f3a9c; csrftoken=b41e" https://app.example.com/export',
    `RUN curl -H "Cookie: ${MASK}" https://app.example.com/export`,
  ],
  [
    "X-Auth-Token bare",
    "RUN curl -H X-Auth-Token:a1b2c3d4 https://api.example.com",
    `RUN curl -H X-Auth-Token:${MASK} https://api.example.com`,
  ],
  [
    "GitLab Private-Token with --header",
    'RUN curl --header "PRIVATE-TOKEN: s3cret-t0ken" https://gitlab.example.com/api/v4/projects',
    `RUN curl --header "PRIVATE-TOKEN: ${MASK}" https://gitlab.example.com/api/v4/projects`,
  ],
  [
    "X-JFrog-Art-Api",
    "RUN curl -H 'X-JFrog-Art-Api: art-k3y-0042' -O https://art.example.com/libs/app.jar",
    `RUN curl -H 'X-JFrog-Art-Api: ${MASK}' -O https://art.example.com/libs/app.jar`,
  ],
  [
    "X-Amz-Security-Token",
    'RUN curl -H "X-Amz-Security-Token: FwoGZXIvYXdzEBYaDH" https://s3.example.com/b/k',
    `RUN curl -H "X-Amz-Security-Token: ${MASK}" https://s3.example.com/b/k`,
  ],
  [
    "X-Goog-Api-Key lower case",
    "RUN curl -H 'x-goog-api-key: g00gle-k3y' https://translation.googleapis.com",
    `RUN curl -H 'x-goog-api-key: ${MASK}' https://translation.googleapis.com`,
  ],
  [
    "one credential header among others",
    "RUN curl -H 'Accept: application/json' -H 'X-Session-Id: 9c1f' -H 'X-Request-Id: 42' https://x",
    `RUN curl -H 'Accept: application/json' -H 'X-Session-Id: ${MASK}' -H 'X-Request-Id: 42' https://x`,
  ],
  [
    "curl --proxy-header",
    "RUN curl --proxy-header 'Proxy-Authorization: Bearer pr0xy' https://x",
    `RUN curl --proxy-header 'Proxy-Authorization: Bearer ${MASK}' https://x`,
  ],
  [
    "wget --header= single quotes, GitHub's token scheme",
    "RUN wget --header='Authorization: token s3cret' https://api.github.com/repos/o/r/tarball",
    `RUN wget --header='Authorization: token ${MASK}' https://api.github.com/repos/o/r/tarball`,
  ],
  [
    "wget --header= bare",
    "RUN wget -q --header=X-Auth-Token:a1b2c3d4 https://x",
    `RUN wget -q --header=X-Auth-Token:${MASK} https://x`,
  ],
  [
    "wget --header= double quotes",
    'RUN wget --header="Signature: sig-0042" https://x',
    `RUN wget --header="Signature: ${MASK}" https://x`,
  ],
  [
    "git http.extraHeader",
    'RUN git -c http.extraHeader="AUTHORIZATION: basic ZGVwbG95OnMzY3JldA==" clone https://git.example.com/a.git',
    `RUN git -c http.extraHeader="AUTHORIZATION: basic ${MASK}" clone https://git.example.com/a.git`,
  ],
  [
    "quoted header with no space after its colon",
    'RUN git config --global http.extraHeader "X-Api-Key:k3y-12345"',
    `RUN git config --global http.extraHeader "X-Api-Key:${MASK}"`,
  ],
  [
    "httpie headers",
    "RUN http --ignore-stdin GET https://api.example.com/x X-Auth-Token:a1b2c3d4 Accept:application/json",
    `RUN http --ignore-stdin GET https://api.example.com/x X-Auth-Token:${MASK} Accept:application/json`,
  ],
  [
    "httpie header with a quoted value",
    'RUN http POST https://api.example.com/x Authorization:"Bearer s3cret"',
    `RUN http POST https://api.example.com/x Authorization:"Bearer ${MASK}"`,
  ],
  [
    "escaped quotes inside sh -c",
    'RUN sh -c "curl -H \\"X-Auth-Token: a1b2c3d4\\" https://x"',
    `RUN sh -c "curl -H \\"X-Auth-Token: ${MASK}\\" https://x"`,
  ],
  [
    "a quoted credential line",
    'RUN echo "password: s3cret" >> /etc/app/config.yml',
    `RUN echo "password: ${MASK}" >> /etc/app/config.yml`,
  ],
  [
    "YAML lines written by printf",
    "RUN printf 'db:\\n  user: app\\n  password: s3cret\\n  port: 5432\\n' > /etc/app.yml",
    `RUN printf 'db:\\n  user: app\\n  password: ${MASK}\\n  port: 5432\\n' > /etc/app.yml`,
  ],
  // JSON members named for a secret
  [
    "docker config.json auth",
    `RUN echo '{"auths":{"swr.example.com":{"auth":"ZGVwbG95OnMzY3JldA=="}}}' > /root/.docker/config.json`,
    `RUN echo '{"auths":{"swr.example.com":{"auth":"${MASK}"}}}' > /root/.docker/config.json`,
  ],
  [
    "JSON with escaped quotes inside double quotes",
    'RUN echo "{\\"auths\\":{\\"swr.example.com\\":{\\"auth\\":\\"ZGVwbG95OnMzY3JldA==\\"}}}" > config.json',
    `RUN echo "{\\"auths\\":{\\"swr.example.com\\":{\\"auth\\":\\"${MASK}\\"}}}" > config.json`,
  ],
  [
    "JSON login body",
    `RUN curl -d '{"username": "admin", "password": "my s3cret", "otp": 1}' https://x`,
    `RUN curl -d '{"username": "admin", "password": "${MASK}", "otp": 1}' https://x`,
  ],
  // other credential files and config commands
  [
    ".netrc",
    'RUN echo "machine git.example.com login deploy password s3cret" > /root/.netrc',
    `RUN echo "machine git.example.com login deploy password ${MASK}" > /root/.netrc`,
  ],
  [
    "npm config set _authToken",
    "RUN npm config set //registry.example.com/:_authToken abc123def",
    `RUN npm config set //registry.example.com/:_authToken ${MASK}`,
  ],
  [
    "yarn config set npmAuthToken",
    "RUN yarn config set npmAuthToken abc123def",
    `RUN yarn config set npmAuthToken ${MASK}`,
  ],
  [
    "curl --user",
    "RUN curl --user deploy:s3cret https://repo.example.com/a",
    `RUN curl --user deploy:${MASK} https://repo.example.com/a`,
  ],
  [
    "curl -U proxy user",
    "RUN curl -U proxy:s3cret -x http://proxy:3128 https://x",
    `RUN curl -U proxy:${MASK} -x http://proxy:3128 https://x`,
  ],
  [
    "curl --proxy-user",
    "RUN curl --proxy-user proxy:s3cret https://x",
    `RUN curl --proxy-user proxy:${MASK} https://x`,
  ],
  [
    "wget --http-password=",
    "RUN wget --http-user=deploy --http-password=s3cret https://x",
    `RUN wget --http-user=deploy --http-password=${MASK} https://x`,
  ],
  [
    "wget --http-password space",
    "RUN wget --http-user deploy --http-password s3cret https://x",
    `RUN wget --http-user deploy --http-password ${MASK} https://x`,
  ],
  [
    "wget --proxy-password space",
    "RUN wget --proxy-password 'my pass' https://x",
    `RUN wget --proxy-password '${MASK}' https://x`,
  ],
  [
    ".npmrc _authToken of any registry",
    'RUN echo "//npm.example.com/:_authToken=abc123def" > .npmrc',
    `RUN echo "//npm.example.com/:_authToken=${MASK}" > .npmrc`,
  ],
  [
    ".npmrc _auth",
    "RUN echo //npm.example.com/:_auth=ZGVwbG95OnMzY3JldA== >> .npmrc",
    `RUN echo //npm.example.com/:_auth=${MASK} >> .npmrc`,
  ],
  // well-known token formats wherever they stand
  [
    "AWS access key id",
    `RUN aws configure set aws_access_key_id ${AWS_AK}`,
    `RUN aws configure set aws_access_key_id ${MASK}`,
  ],
  [
    "Huawei Cloud AK",
    `RUN hcloud configure set --cli-access-key ${HUAWEI_AK}`,
    `RUN hcloud configure set --cli-access-key ${MASK}`,
  ],
  [
    "GitHub token",
    `RUN git clone https://${GITHUB}@github.com/o/r.git`,
    `RUN git clone https://${MASK}@github.com/o/r.git`,
  ],
  ["GitHub fine-grained token", `RUN echo ${GITHUB_FINE} > /tmp/t`, `RUN echo ${MASK} > /tmp/t`],
  [
    "GitLab token",
    `RUN curl -H "PRIVATE-TOKEN: ${GITLAB}" https://gitlab.example.com`,
    `RUN curl -H "PRIVATE-TOKEN: ${MASK}" https://gitlab.example.com`,
  ],
  [
    "npm token",
    `RUN echo //registry.npmjs.org/:_authToken=${NPM} > .npmrc`,
    `RUN echo //registry.npmjs.org/:_authToken=${MASK} > .npmrc`,
  ],
  ["Slack token", `RUN notify ${SLACK}`, `RUN notify ${MASK}`],
  [
    "JWT",
    `RUN curl -H "Authorization: Bearer ${JWT}" https://api`,
    `RUN curl -H "Authorization: Bearer ${MASK}" https://api`,
  ],
  [
    "PEM block cut short",
    `RUN echo "-----BEGIN RSA PRIVATE KEY-----\\n${PEM_BODY}" > /root/.ssh/id_rsa`,
    `RUN echo "-----BEGIN RSA PRIVATE KEY-----${MASK}" > /root/.ssh/id_rsa`,
  ],
  [
    "PEM block whole",
    `-----BEGIN PRIVATE KEY-----\n${PEM_BODY}\n${PEM_BODY}\n-----END PRIVATE KEY-----`,
    `-----BEGIN PRIVATE KEY-----\n${MASK}\n-----END PRIVATE KEY-----`,
  ],
  // remediation texts and rule descriptions quote instructions too
  [
    "remediation quoting the instruction",
    "Remove ENV DB_PASSWORD=Admin@2024 and rotate it; use RUN --mount=type=secret,id=token instead.",
    `Remove ENV DB_PASSWORD=${MASK} and rotate it; use RUN --mount=type=secret,id=token instead.`,
  ],
  [
    "zh-cn description quoting the instruction",
    "镜像中发现 ENV API_TOKEN=abc123，请立即轮换。",
    `镜像中发现 ENV API_TOKEN=${MASK}，请立即轮换。`,
  ],
  // secretlint's comment filter must not switch masking off
  [
    "disable comment in the instruction",
    `RUN echo ${SLACK} # secretlint-disable-line`,
    `RUN echo ${MASK} # secretlint-disable-line`,
  ],
];

// Look-alikes: exactly as they came.
const KEPT: [string, string][] = [
  ["PATH", "ENV PATH=/usr/local/bin:$PATH"],
  ["NODE_ENV", "ENV NODE_ENV=production"],
  ["VERSION", "ARG VERSION=1.2.3"],
  ["KEYCLOAK_URL", "ENV KEYCLOAK_URL=https://sso.example.com"],
  ["no-install-recommends", "RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5"],
  ["ARG without value", "ARG NPM_TOKEN"],
  ["variable reference", "ENV DB_PASSWORD=$DB_PASSWORD"],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable, meant literally
  ["braced variable reference", "RUN export API_TOKEN=${API_TOKEN}"],
  ["BuildKit secret mount", "RUN --mount=type=secret,id=token cat /run/secrets/token"],
  ["docker build --secret", "docker build --secret id=npm,src=.npmrc"],
  ["password-stdin", "RUN docker login --password-stdin -u admin swr.example.com"],
  ["mysql -p alone", "RUN mysql -u root -p -e 'select 1'"],
  [
    "URL without credentials",
    "ADD https://repo.huaweicloud.com/java/jdk/8u202-b08/jdk-8u202-linux-x64.tar.gz /usr/local/",
  ],
  ["e-mail address in a URL path", "RUN curl https://repo.example.com/users/jane@example.com/keys"],
  ["port and @ in a URL path", "RUN curl https://repo.example.com:8443/u/jane@example.com"],
  ["working directory", "ENV PWD=/app OLDPWD=/"],
  ["Authorization header from a variable", 'RUN curl -H "Authorization: Bearer $TOKEN" https://api'],
  ["header from a variable", "RUN wget --header='PRIVATE-TOKEN: $GITLAB_TOKEN' https://x"],
  [
    "Authorization header from a secret mount",
    'RUN curl -H "Authorization: Bearer $(cat /run/secrets/token)" https://x',
  ],
  [
    "headers that hold no credential",
    `RUN curl -H 'Content-Type: application/json' -H "Accept: */*" -H X-Request-Id:42 --header=Cache-Control:no-cache https://x`,
  ],
  ["an image named like a credential", "FROM swr.example.com/auth-server:1.2.3 AS token-builder"],
  ["an image in an option", "COPY --from=session-cache:2.0 /data /data"],
  ["a quoted image", 'RUN docker pull "token-service:1.4" && docker pull swr.example.com/auth/private-registry:2'],
  ["prose naming a credential", "Remove the token: it stays in every layer. Authorization header values are masked."],
  ["a header without a value", "RUN curl -H 'X-Auth-Token:' https://x"],
  ["YAML lines without a secret", "RUN printf 'db:\\n  user: app\\n  port: 5432\\n' > /etc/app.yml"],
  [
    "JSON without a secret",
    `RUN echo '{"auths":{},"credHelpers":{"swr.example.com":"ecr-login"},"username":"app","retries":3}' > c.json`,
  ],
  ["git credential helper", "RUN git config --global credential.helper store"],
  ["quoted prose", `RUN echo "Note: the token is read from /run/secrets/token" && ./build.sh`],
  ["htpasswd without -b", "RUN htpasswd -c /etc/nginx/.htpasswd admin"],
  ["aws configure set region", "RUN aws configure set region cn-north-4"],
  ["SSH remote", "RUN git clone git@github.com:org/repo.git /src"],
  ["SSH URL with user only", "RUN git clone ssh://git@github.com:22/org/repo.git"],
  ["image digest", "FROM ubuntu:22.04@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"],
  [
    "checksum option",
    "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://x/y /y",
  ],
  ["healthcheck", "HEALTHCHECK --interval=30s CMD curl -f http://localhost:8080/health || exit 1"],
  ["USER root:root", "USER root:root"],
  ["monkey is not a key", "ENV MONKEY_PATCH=1 AUTHOR=jane"],
  ["upper-case word without digits", "RUN echo ABCDEFGHIJKLMNOPQRST"],
  ["risk id", "CIS-DI-0010 DL3008 CKV2_DOCKER_17"],
  ["missing instruction", "--"],
  ["already masked", `ENV DB_PASSWORD=${MASK}`],
  ["zh-cn remediation", "从 ENV 中删除敏感信息，改为在运行时从密钥管理服务（Kubernetes Secret、CSMS/DEW）注入。"],
];

describe("maskText", () => {
  it.each(MASKED)("masks the value, keeps the key: %s", async (_what, input, expected) => {
    const masked = await maskText(input);
    expect(masked.text).toBe(expected);
    expect(masked.count).toBe(expected.split(MASK).length - 1);
  });

  it.each(KEPT)("keeps look-alikes readable: %s", async (_what, input) => {
    expect(await maskText(input)).toEqual({ text: input, count: 0 });
  });

  it("counts each value once, however many rules find it", async () => {
    // A URL password is found by our rule and by secretlint's basic-auth rule: one value, masked once.
    const masked = await maskText("RUN curl https://admin:s3cr3t@example.com/x && export TOKEN=abc");
    expect(masked).toEqual({ text: `RUN curl https://admin:${MASK}@example.com/x && export TOKEN=${MASK}`, count: 2 });
  });

  it("is idempotent: masking masked text changes nothing", async () => {
    for (const [, input] of MASKED) {
      const once = await maskText(input);
      expect(await maskText(once.text)).toEqual({ text: once.text, count: 0 });
    }
  });
});

describe("maskAll", () => {
  it("masks each distinct text once and answers for every text", async () => {
    const texts = ["ENV DB_PASSWORD=a1", "ENV NODE_ENV=production", "ENV DB_PASSWORD=a1"];
    const masked = await maskAll(texts);
    expect(masked.size).toBe(2);
    expect(masked.get("ENV DB_PASSWORD=a1")).toEqual({ text: `ENV DB_PASSWORD=${MASK}`, count: 1 });
    expect(masked.get("ENV NODE_ENV=production")).toEqual({ text: "ENV NODE_ENV=production", count: 0 });
  });
});

describe("isSecretName", () => {
  it.each([
    "DB_PASSWORD",
    "AWS_SECRET_ACCESS_KEY",
    "HUAWEICLOUD_SDK_SK",
    "API_KEY",
    "apiKey",
    "NPM_TOKEN",
    "auth",
    "PRIVATE_KEY",
    "GIT_CREDENTIALS",
    "repo.password",
  ])("%s names a secret", (name) => {
    expect(isSecretName(name)).toBe(true);
  });
  it.each(["KEYCLOAK_URL", "PATH", "NODE_ENV", "VERSION", "MONKEY", "AUTHOR", "KEYBOARD_LAYOUT", "skipTests"])(
    "%s does not",
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe("isSecretHeader", () => {
  it.each([
    "Authorization",
    "Proxy-Authorization",
    "Cookie",
    "Set-Cookie",
    "X-Auth-Token",
    "PRIVATE-TOKEN",
    "X-JFrog-Art-Api",
    "X-Amz-Security-Token",
    "x-goog-api-key",
    "X-Api-Key",
    "X-Session-Id",
    "X-Hub-Signature-256",
  ])("%s holds a credential", (name) => {
    expect(isSecretHeader(name)).toBe(true);
  });
  it.each(["Content-Type", "Accept", "X-Request-Id", "Cache-Control", "User-Agent", "X-Api-Version", "Author"])(
    "%s does not",
    (name) => {
      expect(isSecretHeader(name)).toBe(false);
    },
  );
});
