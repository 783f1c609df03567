// What a team writes after `npm install @hss-reports/api` from the internal registry. The round-trip test copies
// this file into a fresh project outside the workspace, type-checks it with tsc and runs it with node.
import { type components, operations, signRequest } from "@hss-reports/api";

type ImagesPage = components["schemas"]["ListImageBuildCommandRisksImagesResponse"];

const endpoint = process.env.HSS_ENDPOINT;
if (!endpoint) throw new Error("set HSS_ENDPOINT to the HSS endpoint to query");

const { method, path } = operations.ListImageBuildCommandRisksImages;
const url = new URL(`${endpoint}${path.replace("{project_id}", "project-1")}?image_type=registry&rule_id=rule-1`);
const headers = signRequest({ method, url }, { ak: "AK-ROUND-TRIP", sk: "SK-ROUND-TRIP" }, { projectId: "project-1" });
const response = await fetch(url, { method, headers });
if (!response.ok) throw new Error(`HSS answered ${response.status}: ${await response.text()}`);
const page = (await response.json()) as ImagesPage;

console.log(`total ${page.total_num}`);
for (const image of page.data_list) {
  console.log(`${image.image_name}:${image.image_version} risks=${image.risk_detail_info.risk_num}`);
}

// The published declarations are real types, not `any`: tsc must reject these.
// @ts-expect-error total_num is a number
const wrong: ImagesPage = { total_num: "1", data_list: [] };
// @ts-expect-error there is no such operation
void operations.ListEverything;
void wrong;
