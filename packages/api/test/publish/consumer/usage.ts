// What a team writes after `npm install @hss-reports/api` from the internal registry. The round-trip test copies
// this file into a fresh project outside the workspace, type-checks it with tsc and runs it with node against the
// HSS emulator: AK/SK signing, one page of rules, every image of the most common rule (several pages, one of them failing
// once with a 503 that must be retried), then an API error from a wrong token.
import { akskAuth, createHssClient, HssApiError, type HssEvent, type OperationItem, tokenAuth } from "@hss-reports/api";

const { HSS_ENDPOINT: endpoint, HUAWEICLOUD_SDK_PROJECT_ID: projectId } = process.env;
const { HUAWEICLOUD_SDK_AK: ak, HUAWEICLOUD_SDK_SK: sk } = process.env;
if (!endpoint || !projectId || !ak || !sk) {
  throw new Error("set HSS_ENDPOINT, HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK");
}

const retries: string[] = [];
const client = createHssClient({
  endpoint,
  projectId,
  auth: akskAuth({ ak, sk }),
  retry: { baseDelayMs: 10, maxDelayMs: 50 },
  onEvent: (event: HssEvent) => {
    if (event.type === "retry") retries.push(`${event.reason} ${event.status ?? ""}`.trim());
  },
});

const rules = await client.listImageBuildCommandRisks({ image_type: "registry", limit: 200 });
// The rule that affects the most images (the first of those on a tie).
const first = rules.body.data_list.reduce<(typeof rules.body.data_list)[number] | undefined>(
  (most, rule) => (most && most.image_num >= rule.image_num ? most : rule),
  undefined,
);
if (!first) throw new Error("HSS listed no rules");
console.log(`rules ${rules.totalNum}`);

const images: OperationItem<"ListImageBuildCommandRisksImages">[] = [];
const query = { image_type: "registry", rule_id: first.rule_id, limit: 10 } as const;
for await (const image of client.items("ListImageBuildCommandRisksImages", query)) images.push(image);
const ids = new Set(images.map((image) => image.image_id));
console.log(`images of ${first.rule_id} ${images.length} distinct ${ids.size}`);
console.log(`retries ${retries.join(",") || "none"}`);

const wrongToken = createHssClient({ endpoint, projectId, auth: tokenAuth("not-the-token"), retry: false });
try {
  await wrongToken.listImageBuildCommandRisks({ image_type: "registry" });
  console.log("error none");
} catch (error) {
  if (!(error instanceof HssApiError)) throw error;
  console.log(`error ${error.status} retryable ${error.retryable}`);
}

// The published declarations are real types, not `any`: tsc must reject each of these (never called).
export function typeErrors(): void {
  // @ts-expect-error image_type is "cicd" or "registry"
  void client.listImageBuildCommandRisks({ image_type: "everything" });
  // @ts-expect-error rule_id is required for the images of a rule
  void client.listImageBuildCommandRisksImages({ image_type: "registry" });
  // @ts-expect-error image_size is a number
  const size: string = images[0]?.image_size;
  void size;
}
