// AK/SK signing (SDK-HMAC-SHA256), with credentials from the environment under the official SDK's names:
// HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN (temporary credentials),
// HUAWEICLOUD_SDK_PROJECT_ID. credentialsFromEnv also reads HSS_AUTH_TOKEN and HSS_IAM_USER/PASSWORD/DOMAIN.
import { createHssClient, credentialsFromEnv } from "@hss-reports/api";

// Undefined when nothing is set; an HssConfigurationError naming the missing variable when a set is incomplete.
const found = credentialsFromEnv(process.env);
if (!found) throw new Error("set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID");

const client = createHssClient({
  region: "eu-west-101", // -> https://hss.eu-west-101.myhuaweicloud.eu
  projectId: found.projectId,
  auth: found.auth,
});
const page = await client.listImageBuildCommandRisksImages({ image_type: "cicd", rule_id: "rule-1" });
console.log(page.totalNum, page.requestId);
