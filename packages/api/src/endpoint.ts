import { HssConfigurationError } from "./errors.js";

const REGION_ID = /^[a-z]{2}(?:-[a-z]+)+-\d{1,3}$/;

/**
 * Whether `value` is spelt as a Huawei Cloud region ID: a two-letter area, one or more words and a number, as in
 * `cn-north-4`, `ap-southeast-1`, `eu-west-101`, `my-kualalumpur-1` (Huawei Cloud "Regions and Endpoints").
 */
export function isRegionId(value: string): boolean {
  return REGION_ID.test(value);
}

function checkRegion(region: string): void {
  if (!isRegionId(region)) {
    throw new HssConfigurationError(`region "${region}" is not a Huawei Cloud region ID such as "cn-north-4"`);
  }
}

/** Regions served from the `.eu` domain rather than `.com`. */
const EU_REGIONS = new Set(["eu-west-101"]);

/** The HSS endpoint of a region: `https://hss.{region}.myhuaweicloud.com` (`.eu` for eu-west-101). */
export function resolveEndpoint(region: string): string {
  checkRegion(region);
  return `https://hss.${region}.myhuaweicloud.${EU_REGIONS.has(region) ? "eu" : "com"}`;
}

/** The IAM endpoint of a region, for password authentication. */
export function resolveIamEndpoint(region: string): string {
  checkRegion(region);
  return `https://iam.${region}.myhuaweicloud.${EU_REGIONS.has(region) ? "eu" : "com"}`;
}

/**
 * Whether a host is this machine: `localhost` and `*.localhost` (RFC 6761 section 6.3), `127.0.0.0/8`, `::1`. Takes
 * a URL's `hostname` or `host` (`name:port`, `[v6]:port`). An IPv4-mapped IPv6 address (`[::ffff:127.0.0.1]`) is
 * not taken for loopback.
 */
export function isLoopbackHost(host: string): boolean {
  const bracketed = /^\[([^\]]*)\](?::\d+)?$/.exec(host);
  const withoutPort = host.split(":").length === 2 ? host.replace(/:\d*$/, "") : host;
  const name = (bracketed ? (bracketed[1] ?? "") : withoutPort).toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/**
 * Parses and checks an endpoint URL: `https`, or plain `http` only to loopback (an emulator) unless
 * `allowInsecureHttp` says otherwise, because tokens and signatures would otherwise cross the network in clear.
 * Returns the origin plus any base path, without a trailing slash.
 */
export function checkEndpoint(endpoint: string, allowInsecureHttp = false, what = "endpoint"): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new HssConfigurationError(
      `${what} "${endpoint}" is not an absolute URL such as https://hss.cn-north-4.myhuaweicloud.com`,
    );
  }
  if (url.username || url.password) {
    throw new HssConfigurationError(`${what} must not contain credentials`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname) && !allowInsecureHttp) {
    throw new HssConfigurationError(
      `${what} ${url.origin} uses plain http to a non-loopback host; credentials would be sent unencrypted. Use https, or set allowInsecureHttp: true if you really mean it`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new HssConfigurationError(`${what} "${endpoint}" must use https (or http to loopback)`);
  }
  if (url.search || url.hash)
    throw new HssConfigurationError(`${what} "${endpoint}" must not have a query or fragment`);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
