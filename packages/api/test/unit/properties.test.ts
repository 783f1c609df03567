// Property tests that complement test/unit/signer.test.ts: a signature made by signRequest verifies for any
// request and breaks when anything signed changes; and response validation through the real client: random bodies
// within the spec's limits pass, and one field mutated out of its limits fails with exactly that field's path.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signRequest, verifySignature } from "../../src/auth/signer.js";
import { tokenAuth } from "../../src/auth/types.js";
import { createHssClient } from "../../src/client.js";
import { HssResponseValidationError } from "../../src/errors.js";
import {
  ListImageBuildCommandRisksImagesResponseSchema,
  ListImageBuildCommandRisksResponseSchema,
} from "../../src/generated/zod.js";
import { arbitraryOf } from "../helpers/arbitrary.js";

const printable = fc.string({ unit: "grapheme", maxLength: 16 }).filter((s) => !/[\uD800-\uDFFF]/.test(s));
const at = new Date("2026-11-27T12:00:00Z");

describe("signer: sign then verify", () => {
  const request = fc.record({
    method: fc.constantFrom("GET", "POST", "DELETE"),
    segments: fc.array(
      printable.filter((s) => s !== "." && s !== ".." && s.length > 0),
      { minLength: 1, maxLength: 4 },
    ),
    query: fc.array(fc.tuple(printable, printable), { maxLength: 6 }),
    header: printable.map((s) => s.replace(/[\r\n\0]/g, "").trim()),
    body: fc.option(printable, { nil: undefined }),
  });
  const credentials = fc.record({
    ak: fc.stringMatching(/^[A-Z0-9]{20}$/),
    sk: fc.string({ minLength: 1, maxLength: 40 }),
  });

  function build(r: {
    method: string;
    segments: string[];
    query: [string, string][];
    header: string;
    body: string | undefined;
  }) {
    const url = new URL("https://hss.cn-north-4.myhuaweicloud.com");
    url.pathname = `/${r.segments.map(encodeURIComponent).join("/")}`;
    for (const [key, value] of r.query) url.searchParams.append(key, value);
    return { method: r.method, url: url.href, headers: { "X-Language": r.header || "en-us" }, body: r.body };
  }

  it("any request signed with an SK verifies with that SK, and not with another", () => {
    fc.assert(
      fc.property(request, credentials, fc.string({ minLength: 1, maxLength: 40 }), (r, creds, otherSk) => {
        fc.pre(otherSk !== creds.sk);
        const signable = build(r);
        const added = signRequest(signable, creds, { projectId: "p", date: at });
        const sent = { ...signable, headers: { ...signable.headers, ...added } };
        expect(verifySignature(sent, creds.sk, { now: at })).toMatchObject({ valid: true, access: creds.ak });
        expect(verifySignature(sent, otherSk, { now: at })).toMatchObject({
          valid: false,
          reason: "signature-mismatch",
        });
      }),
      { numRuns: 150 },
    );
  });

  it("changing the method, a query value, a signed header or the body breaks the signature", () => {
    fc.assert(
      fc.property(request, credentials, fc.constantFrom("method", "query", "header", "body"), (r, creds, what) => {
        const signable = build(r);
        const added = signRequest(signable, creds, { projectId: "p", date: at });
        const tampered = { ...signable, headers: { ...signable.headers, ...added } };
        if (what === "method") tampered.method = signable.method === "GET" ? "POST" : "GET";
        if (what === "query") {
          const url = new URL(signable.url);
          url.searchParams.append("tampered", "1");
          tampered.url = url.href;
        }
        if (what === "header")
          tampered.headers = { ...tampered.headers, "X-Language": `${signable.headers["X-Language"]}x` };
        if (what === "body") tampered.body = `${signable.body ?? ""}x`;
        expect(verifySignature(tampered, creds.sk, { now: at }).valid).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});

// Arbitrary bodies within the spec's limits, drawn from the very schemas the client validates with.
const rulesBody = arbitraryOf(ListImageBuildCommandRisksResponseSchema);
const imagesBody = arbitraryOf(ListImageBuildCommandRisksImagesResponseSchema);

/** One bad value per field: wrong type, outside its enum, or beyond its limits. */
const RULE_MUTATIONS: Record<string, unknown[]> = {
  rule_id: ["", "x".repeat(65), 7, null],
  risk_name: ["", "x".repeat(513), false],
  risk_level: ["severe", "", 1],
  image_num: [-1, 1.5, "many", 2_147_483_648],
  latest_scan_time: [-1, 0.5, "yesterday"],
  description: ["x".repeat(65_535), 3],
};
const IMAGE_MUTATIONS: Record<string, unknown[]> = {
  namespace: ["x".repeat(65), 1],
  image_name: ["x".repeat(129), null, 5],
  image_type: ["floppy_disk", 3],
  image_size: [-1, "big", 1.25],
  latest_scan_time: [-5, "now"],
  risk_detail_info: [null, "none", []],
};

function clientAnswering(body: unknown) {
  return createHssClient({
    endpoint: "http://127.0.0.1:9",
    projectId: "p",
    auth: tokenAuth("property-test-token"),
    retry: false,
    fetch: async () =>
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { "content-type": "application/json", "x-request-id": "req-prop" },
      }),
  });
}

async function validationPaths(
  operation: "ListImageBuildCommandRisks" | "ListImageBuildCommandRisksImages",
  body: unknown,
) {
  try {
    const query =
      operation === "ListImageBuildCommandRisks" ? { image_type: "cicd" } : { image_type: "cicd", rule_id: "r" };
    await clientAnswering(body).page(operation, { ...query, limit: 200, offset: 0 } as never);
    return undefined;
  } catch (error) {
    if (!(error instanceof HssResponseValidationError)) throw error;
    expect(error.requestId).toBe("req-prop");
    expect(error.message).toContain("X-Request-Id req-prop");
    return error.issues.map((issue) => issue.path);
  }
}

describe("response validation through the client", () => {
  it("random bodies within the spec's limits pass and come back unchanged", async () => {
    await fc.assert(
      fc.asyncProperty(rulesBody, imagesBody, async (rules, images) => {
        const page = await clientAnswering(rules).page("ListImageBuildCommandRisks", {
          image_type: "cicd",
          limit: 200,
        });
        expect(page.body).toEqual(rules);
        const imagesPage = await clientAnswering(images).page("ListImageBuildCommandRisksImages", {
          image_type: "cicd",
          rule_id: "r",
          limit: 200,
        });
        expect(imagesPage.body).toEqual(images);
      }),
      { numRuns: 60 },
    );
  });

  it("one field mutated out of its limits fails with that field's path, and only that path", async () => {
    const ruleCase = fc.tuple(
      rulesBody.filter((b) => b.data_list.length > 0),
      fc.constantFrom(...Object.keys(RULE_MUTATIONS)),
      fc.nat(),
      fc.nat(),
    );
    await fc.assert(
      fc.asyncProperty(ruleCase, async ([body, field, which, pick]) => {
        const index = which % body.data_list.length;
        const values = RULE_MUTATIONS[field] as unknown[];
        const mutated = structuredClone(body) as { data_list: Record<string, unknown>[] };
        (mutated.data_list[index] as Record<string, unknown>)[field] = values[pick % values.length];
        expect(await validationPaths("ListImageBuildCommandRisks", mutated)).toEqual([`data_list[${index}].${field}`]);
      }),
      { numRuns: 120 },
    );

    const imageCase = fc.tuple(
      imagesBody.filter((b) => b.data_list.length > 0),
      fc.constantFrom(...Object.keys(IMAGE_MUTATIONS)),
      fc.nat(),
      fc.nat(),
    );
    await fc.assert(
      fc.asyncProperty(imageCase, async ([body, field, which, pick]) => {
        const index = which % body.data_list.length;
        const values = IMAGE_MUTATIONS[field] as unknown[];
        const mutated = structuredClone(body) as { data_list: Record<string, unknown>[] };
        (mutated.data_list[index] as Record<string, unknown>)[field] = values[pick % values.length];
        expect(await validationPaths("ListImageBuildCommandRisksImages", mutated)).toEqual([
          `data_list[${index}].${field}`,
        ]);
      }),
      { numRuns: 120 },
    );
  });

  it("a removed required field, or a bad total_num, fails with its path", async () => {
    await fc.assert(
      fc.asyncProperty(
        imagesBody.filter((b) => b.data_list.length > 0),
        fc.constantFrom("image_name", "risk_detail_info"),
        async (body, field) => {
          const mutated = structuredClone(body) as { data_list: Record<string, unknown>[] };
          delete (mutated.data_list[0] as Record<string, unknown>)[field];
          expect(await validationPaths("ListImageBuildCommandRisksImages", mutated)).toEqual([`data_list[0].${field}`]);
        },
      ),
      { numRuns: 40 },
    );
    await fc.assert(
      fc.asyncProperty(rulesBody, fc.constantFrom(-1, 1.5, "10", null, 2_147_483_548), async (body, total) => {
        expect(await validationPaths("ListImageBuildCommandRisks", { ...body, total_num: total })).toEqual([
          "total_num",
        ]);
      }),
      { numRuns: 40 },
    );
  });
});
