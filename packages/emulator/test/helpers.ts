import type { RunningEmulator } from "../src/index.js";

export const RULES_PATH = (projectId: string) => `/v5/${encodeURIComponent(projectId)}/image/build-command-risks`;
export const IMAGES_PATH = (projectId: string) =>
  `/v5/${encodeURIComponent(projectId)}/image/build-command-risks/images`;

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are inspected field by field
  json: any;
}

/** GET over real HTTP with the emulator's token unless headers say otherwise. */
export async function get(
  emulator: RunningEmulator,
  path: string,
  query: Record<string, string | number> = {},
  headers: Record<string, string> = { "X-Auth-Token": emulator.token },
): Promise<Reply> {
  const url = new URL(path, emulator.url);
  for (const [key, value] of Object.entries(query)) url.searchParams.append(key, String(value));
  const response = await fetch(url, { headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Walks every page of an endpoint (limit 200) and returns all items and the total_num of each page. */
export async function walk(
  emulator: RunningEmulator,
  path: string,
  query: Record<string, string | number>,
  headers?: Record<string, string>,
  // biome-ignore lint/suspicious/noExplicitAny: see Reply
): Promise<{ items: any[]; totals: number[] }> {
  // biome-ignore lint/suspicious/noExplicitAny: see Reply
  const items: any[] = [];
  const totals: number[] = [];
  for (let offset = 0; ; offset += 200) {
    const reply = await get(emulator, path, { ...query, offset, limit: 200 }, headers);
    if (reply.status !== 200)
      throw new Error(`${path} ${JSON.stringify(query)} offset ${offset}: ${reply.status} ${reply.text}`);
    items.push(...reply.json.data_list);
    totals.push(reply.json.total_num);
    if (offset + 200 >= reply.json.total_num) return { items, totals };
  }
}
