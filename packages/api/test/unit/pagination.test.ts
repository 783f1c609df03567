import { afterEach, describe, expect, it } from "vitest";
import { HssParameterError, HssTotalChangedError } from "../../src/index.js";
import { testClient } from "../helpers/client.js";
import { image, imagesHandler, sendJson, startServer, type TestServer } from "../helpers/server.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const query = { image_type: "registry" as const, rule_id: "rule-1" };

describe("pages", () => {
  it("walks every page in offset order, limit 200 by default, each with its exact query and request id", async () => {
    server = await startServer(imagesHandler(450));
    const { client } = testClient(server.url);
    const pages = [];
    for await (const page of client.pages("ListImageBuildCommandRisksImages", query)) pages.push(page);
    expect(pages.map((page) => page.query)).toEqual([
      { ...query, offset: 0, limit: 200 },
      { ...query, offset: 200, limit: 200 },
      { ...query, offset: 400, limit: 200 },
    ]);
    expect(pages.map((page) => page.requestId)).toEqual(["req-0", "req-200", "req-400"]);
    expect(pages.map((page) => page.body.data_list.length)).toEqual([200, 200, 50]);
    expect(pages.every((page) => page.totalNum === 450)).toBe(true);
  });

  it("items yields every item exactly once, in order", async () => {
    server = await startServer(imagesHandler(1234));
    const { client } = testClient(server.url);
    const ids: string[] = [];
    for await (const item of client.items("ListImageBuildCommandRisksImages", { ...query, limit: 100 }))
      ids.push(item.image_id ?? "");
    expect(ids).toEqual(Array.from({ length: 1234 }, (_, i) => `img-${i}`));
  });

  it("fetches later pages with bounded concurrency", async () => {
    // The first later page is answered only once another request has come in (the first page, it, one more): the
    // requests overlap on any machine, by the order of events rather than by a delay; a client that waited for each
    // answer before the next request would never be answered.
    const serve = imagesHandler(2000);
    let held: TestServer | undefined;
    server = held = await startServer(async (request, res) => {
      if (request.query.get("offset") === "100") await held?.received(3);
      serve(request, res);
    });
    const { client } = testClient(server.url);
    let count = 0;
    for await (const page of client.pages(
      "ListImageBuildCommandRisksImages",
      { ...query, limit: 100 },
      { concurrency: 3 },
    )) {
      count += page.body.data_list.length;
    }
    expect(count).toBe(2000);
    expect(server.requests).toHaveLength(20);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  it("an empty listing is one page", async () => {
    server = await startServer(imagesHandler(0));
    const { client } = testClient(server.url);
    const pages = [];
    for await (const page of client.pages("ListImageBuildCommandRisks", { image_type: "cicd" })) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.totalNum).toBe(0);
  });

  it("raises HssTotalChangedError when total_num changes during the walk", async () => {
    server = await startServer(imagesHandler(500, { totalAt: (offset) => (offset >= 400 ? 501 : 500) }));
    const { client } = testClient(server.url);
    const seen: number[] = [];
    const walk = async () => {
      for await (const page of client.pages("ListImageBuildCommandRisksImages", query))
        seen.push(page.query.offset ?? -1);
    };
    const error = await walk().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssTotalChangedError);
    expect(error).toMatchObject({ expectedTotal: 500, actualTotal: 501, offset: 400, requestId: "req-400" });
    expect(seen).toEqual([0, 200]);
  });

  it("raises HssTotalChangedError when a page is short of what total_num promises", async () => {
    server = await startServer((request, res) => {
      const offset = Number(request.query.get("offset"));
      const data_list = Array.from({ length: offset === 200 ? 150 : 200 }, (_, i) => image(offset + i));
      sendJson(res, 200, { total_num: 600, data_list });
    });
    const { client } = testClient(server.url);
    const error = await (async () => {
      for await (const _ of client.items("ListImageBuildCommandRisksImages", query)) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssTotalChangedError);
    expect((error as Error).message).toMatch(/held 150 items.*imply 200/);
  });

  it("refuses, before sending, a walk that would need offsets beyond 2,000,000", async () => {
    server = await startServer((request, res) => {
      const offset = Number(request.query.get("offset"));
      sendJson(res, 200, { total_num: 3_000_000, data_list: Array.from({ length: 200 }, (_, i) => image(offset + i)) });
    });
    const { client } = testClient(server.url);
    const error = await (async () => {
      for await (const _ of client.pages("ListImageBuildCommandRisksImages", query)) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HssParameterError);
    expect((error as Error).message).toMatch(/total_num 3000000 needs offsets up to 2999800.*from 0 to 2000000/);
    expect(server.requests).toHaveLength(1);
    await expect(client.listImageBuildCommandRisksImages({ ...query, offset: 2_000_001 })).rejects.toThrow(
      /offset=2000001 is not allowed: must be an integer from 0 to 2000000/,
    );
  });

  it("stops fetching when the consumer stops early", async () => {
    server = await startServer(imagesHandler(10_000));
    const { client } = testClient(server.url);
    for await (const page of client.pages("ListImageBuildCommandRisksImages", query, { concurrency: 2 })) {
      if (page.query.offset === 200) break;
    }
    expect(server.requests.length).toBeLessThanOrEqual(4);
  });
});
