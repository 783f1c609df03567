// One full walk of the emulator, in this process alone: every page of the rules of both image types, then every
// page of the images of every rule (limit 200), with one of the clients below. Prints one JSON line.
//   node fetch-walk.mjs <variant> <url> <projectId> <token> <ak> <sk>
// Variants:
//   floor        plain fetch + JSON.parse, offset loop until total_num, one request at a time
//   api-serial   @hss-reports/api client.pages with concurrency 1 (client and pages): validation included
//   api-default  @hss-reports/api with its defaults (8 requests in flight per client, pages 4 ahead per listing),
//                every rule's listing started at once (as the report's fetch does): the client bounds the load
//   api-paced    api-default with maxRequestsPerSecond (the RPS env variable): the known limit, no 429 expected
//   api-adaptive api-default, no pacing hint: 429s absorbed by Retry-After and the adaptive pacer
//   peer         the official @huaweicloud/huaweicloud-sdk-core HcClient (ClientBuilder, AK/SK), sendRequest page by
//                page, serial: what a user of the HSS SDK writes, since the SDK has no pagination help
import { createRequire } from "node:module";
import { childResult } from "./lib.mjs";

const [variant, url, projectId, token, ak, sk] = process.argv.slice(2);
const LIMIT = 200;
const TYPES = ["registry", "cicd"];
const RULES_PATH = "/v5/{project_id}/image/build-command-risks";
const IMAGES_PATH = "/v5/{project_id}/image/build-command-risks/images";

const stats = { pages: 0, requests: 0, rows: 0, expectedRows: 0, throttled: 0, retries: 0 };

/** The walk a user writes without pagination help: offset += limit until total_num, one page at a time. */
async function offsetWalk(getPage) {
  const all = async (path, query, onPage) => {
    let total = 1;
    for (let offset = 0; offset < total; offset += LIMIT) {
      const body = await getPage(path, { ...query, offset, limit: LIMIT });
      total = body.total_num;
      onPage(body);
    }
  };
  for (const image_type of TYPES) {
    const rules = [];
    await all(RULES_PATH, { image_type }, (body) => rules.push(...body.data_list));
    for (const rule of rules) {
      stats.expectedRows += rule.image_num;
      await all(IMAGES_PATH, { image_type, rule_id: rule.rule_id }, (body) => {
        stats.rows += body.data_list.length;
      });
    }
  }
}

async function floorWalk() {
  const headers = { "X-Auth-Token": token, "X-Language": "en-us" };
  const get = async (path, query) => {
    const target = `${url}${path.replace("{project_id}", projectId)}?${new URLSearchParams(query)}`;
    const response = await fetch(target, { headers });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${response.status} ${text.slice(0, 200)}`);
    stats.pages++;
    return JSON.parse(text);
  };
  await offsetWalk(get);
}

// Module loading and client construction happen before the clock starts (reported as loadMs).
async function apiWalk() {
  const { createHssClient, tokenAuth } = api;
  const serial = variant === "api-serial";
  const client = createHssClient({
    endpoint: url,
    projectId,
    auth: tokenAuth(token),
    ...(serial ? { concurrency: 1 } : {}),
    ...(variant === "api-paced" ? { maxRequestsPerSecond: Number(process.env.RPS) } : {}),
    onEvent: (event) => {
      if (event.type === "retry") stats.retries++;
      if (event.type === "response") {
        stats.requests++;
        if (event.status === 429) stats.throttled++;
      }
    },
  });
  const pageOptions = serial ? { concurrency: 1 } : {};
  const walkType = async (image_type) => {
    const rules = [];
    for await (const page of client.pages("ListImageBuildCommandRisks", { image_type, limit: LIMIT }, pageOptions)) {
      stats.pages++;
      rules.push(...page.body.data_list);
    }
    const walkRule = async (rule) => {
      stats.expectedRows += rule.image_num;
      const query = { image_type, rule_id: rule.rule_id, limit: LIMIT };
      for await (const page of client.pages("ListImageBuildCommandRisksImages", query, pageOptions)) {
        stats.pages++;
        stats.rows += page.body.data_list.length;
      }
    };
    if (serial) for (const rule of rules) await walkRule(rule);
    else await Promise.all(rules.map(walkRule));
  };
  // Serial: one request at a time. Otherwise every listing at once: the client's own bound (8 requests in flight,
  // pages 4 ahead per listing) and its pacer decide what is sent when.
  if (serial) for (const type of TYPES) await walkType(type);
  else await Promise.all(TYPES.map(walkType));
}

async function peerWalk() {
  const { BasicCredentials, ClientBuilder } = peer;
  const credential = new BasicCredentials().withAk(ak).withSk(sk).withProjectId(projectId);
  // As HssClient.newBuilder() does: a ClientBuilder whose init wraps the HcClient (here: the HcClient itself).
  const client = new ClientBuilder((hcClient) => hcClient).withEndpoint(url).withCredential(credential).build();
  // As the generated HssClient request builders do: path template, query, JSON content type, X-Language.
  const send = async (path, queryParams) => {
    const body = await client.sendRequest({
      method: "GET",
      url: path,
      contentType: "application/json",
      queryParams,
      pathParams: { project_id: projectId },
      headers: { "X-Language": "en-us" },
    });
    if (body.httpStatusCode !== 200) throw new Error(`peer: HTTP ${body.httpStatusCode}`);
    stats.pages++;
    return body;
  };
  await offsetWalk(send);
}

const walks = {
  floor: floorWalk,
  "api-serial": apiWalk,
  "api-default": apiWalk,
  "api-paced": apiWalk,
  "api-adaptive": apiWalk,
  peer: peerWalk,
};
const walk = walks[variant];
if (!walk) throw new Error(`unknown variant ${variant}; known: ${Object.keys(walks).join(", ")}`);

const loadStarted = performance.now();
const api = variant.startsWith("api-") ? await import("@hss-reports/api") : undefined;
const peer = variant === "peer" ? loadPeer() : undefined;
const loadMs = performance.now() - loadStarted;

function loadPeer() {
  const require = createRequire(import.meta.url);
  return {
    BasicCredentials: require("@huaweicloud/huaweicloud-sdk-core").BasicCredentials,
    ClientBuilder: require("@huaweicloud/huaweicloud-sdk-core/ClientBuilder").ClientBuilder,
  };
}

const cpuStart = process.cpuUsage();
const started = performance.now();
await walk();
const ms = performance.now() - started;
if (stats.rows !== stats.expectedRows) {
  throw new Error(`${variant}: read ${stats.rows} rows where the rules list ${stats.expectedRows}`);
}
process.stdout.write(`${childResult({ variant, ms, loadMs, ...stats }, cpuStart)}\n`);
