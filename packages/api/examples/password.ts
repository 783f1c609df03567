// IAM password authentication: the client exchanges user/password/domain for a token at
// POST https://iam.{region}.myhuaweicloud.com/v3/auth/tokens, caches it and renews it before it expires.
import { createHssClient, passwordAuth } from "@hss-reports/api";

const client = createHssClient({
  region: "cn-north-4",
  // Optional with password auth: without it, the token is scoped to the region and its project is used.
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID,
  // passwordAuth() (like tokenAuth/akskAuth) returns an object that prints and serializes with the secret redacted.
  auth: passwordAuth({
    user: process.env.HSS_IAM_USER ?? "",
    password: process.env.HSS_IAM_PASSWORD ?? "",
    domain: process.env.HSS_IAM_DOMAIN ?? "",
  }),
});

for await (const image of client.items("ListImageBuildCommandRisksImages", {
  image_type: "registry",
  rule_id: "rule-1",
})) {
  console.log(`${image.image_name}:${image.image_version} ${image.risk_detail_info.risk_num} risks`);
}
