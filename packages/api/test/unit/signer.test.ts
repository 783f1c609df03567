import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalQueryString,
  canonicalRequest,
  canonicalUri,
  computeSignature,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  signerEncode,
  signRequest,
  stringToSign,
  verifySignature,
} from "../../src/auth/signer.js";

// The official Node signer, as a cross-check. It is CommonJS and a devDependency only.
const require = createRequire(import.meta.url);
const { AKSKSigner } = require("@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner") as {
  AKSKSigner: { sign(request: unknown, credential: unknown): Record<string, string> };
};
const credential = (ak: string, sk: string) => ({ getAk: () => ak, getSk: () => sk });

function signatureOf(request: Parameters<typeof canonicalRequest>[0], signed: string[], sk: string): string {
  const headers = new Headers(request.headers as Record<string, string>);
  const date = headers.get("x-sdk-date") ?? "";
  return computeSignature(sk, stringToSign(date, canonicalRequest(request, signed)));
}

describe("published vectors", () => {
  it("Python SDK: GET /resources?size=1 signed host;x-sdk-date", () => {
    const request = {
      method: "GET",
      url: "https://service.endpoint.myhuaweicloud.com/resources?size=1",
      headers: { host: "service.endpoint.myhuaweicloud.com", "x-sdk-date": "20200608T023900Z" },
    };
    expect(signatureOf(request, ["host", "x-sdk-date"], "SecretKey")).toBe(
      "cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
    );
  });

  it("Go SDK: GET /path?limit=1 signed x-sdk-date", () => {
    const request = {
      method: "GET",
      url: "https://x.example/path?limit=1",
      headers: { "X-Sdk-Date": "20060102T150405Z" },
    };
    expect(signatureOf(request, ["x-sdk-date"], "SecretKey")).toBe(
      "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
    );
  });

  it("query encoding of non-ASCII and reserved characters", () => {
    const search = new URLSearchParams({ test: "一 (&=?!#%.*)" });
    expect(canonicalQueryString(search)).toBe("test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29");
  });

  it("the canonical URI always ends in / and empty body hashes to the empty sha256", () => {
    const canonical = canonicalRequest({ method: "get", url: "https://h.example/v5/p/image" }, ["host"]);
    expect(canonical.split("\n")).toEqual([
      "GET",
      "/v5/p/image/",
      "",
      "host:h.example",
      "",
      "host",
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    ]);
  });
});

// The official signer takes the path as the Node SDK builds it (raw values substituted into the URL) and the
// query as an object; `url.parse` escapes spaces in paths before encoding again, so for paths with spaces the
// official Node signer double-encodes (`%2520`), unlike the Go and Python SDKs, which decode before encoding.
function official(
  method: string,
  host: string,
  rawPath: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string>,
  body?: string,
) {
  const request: Record<string, unknown> = {
    method,
    endpoint: `https://${host}${rawPath}`,
    headers: { ...headers },
    queryParams: structuredClone(query),
  };
  if (body !== undefined) request.data = JSON.parse(body);
  return AKSKSigner.sign(request, credential("AK", "SK"));
}

function ours(
  method: string,
  host: string,
  rawPath: string,
  query: Record<string, string | string[]>,
  headers: Record<string, string>,
  body?: string,
) {
  const url = new URL(`https://${host}`);
  url.pathname = rawPath
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
  }
  const date = parseSdkDate(headers["X-Sdk-Date"] ?? "");
  return signRequest({ method, url, headers, body }, { ak: "AK", sk: "SK" }, { date });
}

describe("agrees with the official signer of @huaweicloud/huaweicloud-sdk-core", () => {
  const date = "20261127T120000Z";
  const cases: Array<{ name: string; path: string; query: Record<string, string | string[]> }> = [
    { name: "plain", path: "/v5/proj/image/build-command-risks", query: { image_type: "registry", limit: "200" } },
    { name: "spaces in query", path: "/v5/p/x", query: { risk_name: "run as root", "a key": "v w" } },
    { name: "non-ASCII path and query", path: "/v5/项目/镜像", query: { risk_name: "一 风险", 名: "值" } },
    { name: "emoji (astral) in query", path: "/v5/p", query: { q: "😀x" } },
    { name: "reserved characters", path: "/v5/a:b@c/!$&()*+,;=", query: { "k!*'()": "v;/?:@&=+$,#[]%" } },
    { name: "slash in a value", path: "/v5/p/x", query: { image_id: "library/nginx:1.25", rule_id: "a/b" } },
    { name: "repeated keys", path: "/v5/p/x", query: { b: ["z", "a", "m"], a: ["2", "10", "1"] } },
    { name: "empty values", path: "/v5/p/x", query: { a: "", b: ["", "x"] } },
    { name: "tilde and dot kept", path: "/v5/~user/.dot-_", query: { "x~": "._-~" } },
    { name: "trailing slash", path: "/v5/p/x/", query: {} },
  ];
  it.each(cases)("$name", ({ path, query }) => {
    const headers = { "X-Sdk-Date": date, "Content-Type": "application/json", "X-Project-Id": "proj" };
    const theirs = official("GET", "hss.cn-north-4.myhuaweicloud.com", path, query, headers);
    const mine = ours("GET", "hss.cn-north-4.myhuaweicloud.com", path, query, headers);
    expect(mine.Authorization).toBe(theirs.Authorization);
  });

  it("with a JSON body and a security token", () => {
    const body = JSON.stringify({ a: 1, b: ["x"] });
    const headers = { "X-Sdk-Date": date, "X-Security-Token": "tok", "content-type": "application/json" };
    const theirs = official("POST", "iam.example:8443", "/v3/x", {}, headers, body);
    const mine = ours("POST", "iam.example:8443", "/v3/x", {}, headers, body);
    expect(mine.Authorization).toBe(theirs.Authorization);
  });

  it("spaces in paths: matches the Go/Python form (decode, then encode once), not the Node SDK's double encoding", () => {
    const canonical = canonicalRequest({ method: "GET", url: "https://h/a%20b/c" }, ["host"]);
    expect(canonical.split("\n")[1]).toBe("/a%20b/c/");
    // An encoded slash is a separator once decoded, as in Go (`URL.Path`) and Python (`unquote`).
    expect(canonicalUri("/a%2Fb")).toBe("/a/b/");
  });

  it("property: any query of printable BMP strings signs the same", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 12 }).filter((s) => !/[\uD800-\uDFFF]/.test(s));
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text, { maxLength: 3 }))), (query) => {
        const headers = { "X-Sdk-Date": date };
        const theirs = official("GET", "h.example", "/v5/p", query, headers);
        const mine = ours("GET", "h.example", "/v5/p", query, headers);
        // The official signer sorts by UTF-16 code units; ours by code point (Go, Python). They agree on the BMP
        // below U+E000; elsewhere only the order may differ, never the encoding.
        fc.pre(Object.keys(query).every((k) => [...k].every((c) => (c.codePointAt(0) ?? 0) < 0xe000)));
        fc.pre(
          Object.values(query)
            .flat()
            .every((v) => [...v].every((c) => (c.codePointAt(0) ?? 0) < 0xe000)),
        );
        expect(mine.Authorization).toBe(theirs.Authorization);
      }),
      { numRuns: 200 },
    );
    // The official signer is slow (moment, lodash); under a loaded parallel test run the default 5 s is too tight.
  }, 60_000);
});

describe("canonical form properties", () => {
  it("encoding leaves only unreserved characters, uses uppercase hex, and round-trips", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (value) => {
        const encoded = signerEncode(value);
        expect(encoded).toMatch(/^(?:[A-Za-z0-9\-_.~]|%[0-9A-F]{2})*$/);
        expect(decodeURIComponent(encoded)).toBe(value);
      }),
    );
  });

  it("the canonical query does not depend on parameter order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string(), fc.string()), { maxLength: 8 }), (pairs) => {
        const forward = new URLSearchParams(pairs);
        const backward = new URLSearchParams([...pairs].reverse());
        expect(canonicalQueryString(forward)).toBe(canonicalQueryString(backward));
      }),
    );
  });

  it("the canonical URI ends in / and does not depend on how the path was escaped", () => {
    fc.assert(
      fc.property(
        fc.array(
          // URL resolves "." and ".." segments; they are not what this property is about.
          fc.string({ unit: "grapheme", minLength: 1 }).filter((s) => s !== "." && s !== ".."),
          { minLength: 1, maxLength: 4 },
        ),
        (segments) => {
          const path = `/${segments.join("/")}`;
          const url = new URL("https://h.example");
          url.pathname = segments.map(encodeURIComponent).join("/");
          expect(canonicalUri(url.pathname)).toMatch(/\/$/);
          expect(canonicalUri(url.pathname)).toBe(canonicalUri(path.replace(/%/g, "%25")));
        },
      ),
    );
  });
});

describe("signRequest / verifySignature", () => {
  const url = "https://hss.cn-north-4.myhuaweicloud.com/v5/p/image/build-command-risks?image_type=cicd&limit=200";
  const at = new Date("2026-11-27T12:00:00Z");

  it("adds X-Sdk-Date, X-Project-Id, X-Security-Token and an Authorization listing them", () => {
    const added = signRequest(
      { method: "GET", url, headers: { "X-Language": "en-us" } },
      { ak: "AK", sk: "SK", securityToken: "T" },
      { projectId: "p", date: at },
    );
    expect(added["X-Sdk-Date"]).toBe("20261127T120000Z");
    expect(added["X-Project-Id"]).toBe("p");
    expect(added["X-Security-Token"]).toBe("T");
    expect(parseAuthorization(added.Authorization)?.signedHeaders).toEqual([
      "host",
      "x-language",
      "x-project-id",
      "x-sdk-date",
      "x-security-token",
    ]);
    expect(formatSdkDate(at)).toBe("20261127T120000Z");
  });

  it("verifies what it signs, and rejects a tampered query, header or secret", () => {
    const headers = { "X-Language": "en-us" };
    const added = signRequest({ method: "GET", url, headers }, { ak: "AK", sk: "SK" }, { date: at });
    const sent = { method: "GET", url, headers: { ...headers, ...added, Host: "hss.cn-north-4.myhuaweicloud.com" } };
    expect(verifySignature(sent, "SK", { now: at })).toMatchObject({ valid: true, access: "AK" });
    expect(verifySignature({ ...sent, url: `${url}&offset=200` }, "SK", { now: at })).toMatchObject({
      valid: false,
      reason: "signature-mismatch",
    });
    expect(
      verifySignature({ ...sent, headers: { ...sent.headers, "X-Language": "zh-cn" } }, "SK", { now: at }).valid,
    ).toBe(false);
    expect(verifySignature(sent, "other", { now: at }).valid).toBe(false);
    expect(verifySignature(sent, "SK", { now: new Date(at.getTime() + 3_600_000) })).toMatchObject({
      reason: "date-skew",
    });
    expect(verifySignature({ method: "GET", url }, "SK")).toMatchObject({ reason: "missing-authorization" });
  });

  it("a verification failure never contains the secret key", () => {
    const added = signRequest({ method: "GET", url }, { ak: "AK", sk: "SuperSecret" }, { date: at });
    const result = verifySignature({ method: "GET", url, headers: added }, "SuperSecret-wrong", { now: at });
    expect(JSON.stringify(result)).not.toContain("SuperSecret");
  });
});
