// Page-level iteration: every page in offset order (limit 200 unless set), later pages fetched 4 at a time.
// Each page records the exact query sent, the X-Request-Id and when it arrived: evidence for an audit.
import { createHssClient, type HssPage, HssTotalChangedError } from "@hss-reports/api";

const client = createHssClient({
  endpoint: "http://127.0.0.1:8080", // e.g. the local emulator; plain http is only allowed to loopback
  projectId: "demo-project",
  auth: { type: "token", token: "demo" },
});

const evidence: HssPage<"ListImageBuildCommandRisks">[] = [];
try {
  for await (const page of client.pages("ListImageBuildCommandRisks", { image_type: "registry" }, { concurrency: 4 })) {
    evidence.push(page);
    console.log(`offset ${page.query.offset}: ${page.body.data_list.length}/${page.totalNum} (${page.requestId})`);
  }
} catch (error) {
  // total_num changed during the walk: the data moved under us, so a rerun is needed rather than a gap.
  if (error instanceof HssTotalChangedError) console.error(error.message);
  else throw error;
}

// The underlying openapi-fetch client, with the same auth, retries and pacing (but no validation).
const { data } = await client.raw.GET("/v5/{project_id}/image/build-command-risks", {
  params: { path: { project_id: "demo-project" }, query: { image_type: "cicd" } },
});
console.log(data?.total_num);
