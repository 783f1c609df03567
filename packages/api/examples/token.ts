// Token authentication: an IAM token you already have (valid 24 h), sent as X-Auth-Token.
import { createHssClient } from "@hss-reports/api";

const client = createHssClient({
  region: "ap-southeast-1",
  projectId: process.env.HUAWEICLOUD_SDK_PROJECT_ID ?? "your-project-id",
  auth: { type: "token", token: process.env.HSS_AUTH_TOKEN ?? "" },
  language: "en-us",
});

// One validated page: { operation, query, requestId, receivedAt, totalNum, body }.
const page = await client.listImageBuildCommandRisks({ image_type: "registry", limit: 50 });
for (const rule of page.body.data_list) {
  console.log(`${rule.risk_level}\t${rule.image_num} images\t${rule.risk_name}`);
}
