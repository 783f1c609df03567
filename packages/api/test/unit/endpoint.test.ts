// The one loopback check (the client's plain-http rule, the report's unpaced emulator and its delivery targets).
import { describe, expect, it } from "vitest";
import { isLoopbackHost, isRegionId } from "../../src/index.js";

describe("isLoopbackHost", () => {
  it("takes a URL's hostname or host, with or without a port", () => {
    for (const host of [
      "localhost",
      "LOCALHOST:8080",
      "emulator.localhost",
      "127.0.0.1",
      "127.1.2.3:80",
      "[::1]",
      "[::1]:9",
      "::1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(
        isLoopbackHost(
          new URL(`http://${host.includes("::") && !host.startsWith("[") ? `[${host}]` : host}/`).hostname,
        ),
        host,
      ).toBe(true);
    }
  });

  it("is false for every other host, an IPv4-mapped address and look-alikes included", () => {
    for (const host of [
      "hss.cn-north-4.myhuaweicloud.com",
      "localhost.example.com",
      "127.0.0.1.nip.io",
      "10.0.0.1",
      "[::ffff:127.0.0.1]",
      "[::2]:80",
      "128.0.0.1",
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe("isRegionId", () => {
  it("takes Huawei Cloud region IDs", () => {
    for (const region of ["cn-north-4", "ap-southeast-1", "eu-west-101", "my-kualalumpur-1", "cn-southwest-2"]) {
      expect(isRegionId(region), region).toBe(true);
    }
  });

  it("refuses anything else, host names and URL pieces included", () => {
    for (const value of [
      "cn-north",
      "CN-NORTH-4",
      "cn-north-4.example.com",
      "evil.com/x",
      "c-north-4",
      "cn-north-1234",
      "",
      "cn--4",
    ]) {
      expect(isRegionId(value), value).toBe(false);
    }
  });
});
