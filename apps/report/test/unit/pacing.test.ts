// Per-region pacing: scopes of one region share one pacer; the limit comes from `rate_limits` (region
// name or endpoint host), else a safe default for Huawei Cloud regions; loopback (the emulator) is not paced unless
// named. The end-to-end proof against throttling emulators is in fleet-e2e.test.ts.

import { isLoopbackHost } from "@hss-reports/api";
import { describe, expect, it } from "vitest";
import { runConfigSchema } from "../../src/config/schema.js";
import { createPacers, DEFAULT_RATE_LIMIT, rateLimitOf } from "../../src/fetch/pacing.js";

const north = (project: string) => ({
  id: `cn-north-4/${project}`,
  region: "cn-north-4",
  endpoint: "https://hss.cn-north-4.myhuaweicloud.com",
});
const sg = {
  id: "ap-southeast-1/p",
  region: "ap-southeast-1",
  endpoint: "https://hss.ap-southeast-1.myhuaweicloud.com",
};
const local = (port: number, project: string) => ({
  id: `127.0.0.1:${port}/${project}`,
  endpoint: `http://127.0.0.1:${port}`,
});

describe("per-region pacing", () => {
  it("defaults every Huawei Cloud region to a safe rate, leaves loopback unpaced", () => {
    expect(rateLimitOf(north("a"))).toBe(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf({ endpoint: "https://hss.example.internal" })).toBe(DEFAULT_RATE_LIMIT);
    expect(rateLimitOf(local(8080, "a"))).toBeUndefined();
    for (const host of ["127.0.0.1:80", "localhost:1", "[::1]:9", "127.1.2.3"]) expect(isLoopbackHost(host)).toBe(true);
    expect(isLoopbackHost("hss.cn-north-4.myhuaweicloud.com")).toBe(false);
  });

  it("takes rate_limits by region name first, then by endpoint host", () => {
    const limits = { "cn-north-4": 3, "hss.cn-north-4.myhuaweicloud.com": 7, "127.0.0.1:8080": 2 };
    expect(rateLimitOf(north("a"), limits)).toBe(3);
    expect(rateLimitOf({ endpoint: "https://hss.cn-north-4.myhuaweicloud.com" }, limits)).toBe(7);
    expect(rateLimitOf(local(8080, "a"), limits)).toBe(2);
    expect(rateLimitOf(local(8081, "a"), limits)).toBeUndefined();
  });

  it("shares one pacer between the scopes of a region, one per region, at the lowest limit named", () => {
    const pacers = createPacers([north("a"), north("b"), sg, local(8080, "x"), local(8080, "y"), local(9090, "z")], {
      "127.0.0.1:8080": 4,
      "ap-southeast-1": 12,
    });
    const a = pacers.get("cn-north-4/a");
    expect(a).toBeDefined();
    expect(pacers.get("cn-north-4/b")).toBe(a);
    expect(a?.maxRequestsPerSecond).toBe(DEFAULT_RATE_LIMIT);
    expect(pacers.get(sg.id)).not.toBe(a);
    expect(pacers.get(sg.id)?.maxRequestsPerSecond).toBe(12);
    expect(pacers.get("127.0.0.1:8080/x")).toBe(pacers.get("127.0.0.1:8080/y"));
    expect(pacers.get("127.0.0.1:8080/x")?.maxRequestsPerSecond).toBe(4);
    expect(pacers.has("127.0.0.1:9090/z")).toBe(false);
  });

  it("validates rate_limits in the config", () => {
    expect(runConfigSchema.safeParse({ rate_limits: { "cn-north-4": 5, "127.0.0.1:8080": 0.5 } }).success).toBe(true);
    const bad = runConfigSchema.safeParse({ rate_limits: { "cn-north-4": 0 } });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toContain("more than 0");
    const badKey = runConfigSchema.safeParse({ rate_limits: { "http://x/": 5 } });
    expect(JSON.stringify(badKey.error?.issues)).toContain("region name");
  });
});
