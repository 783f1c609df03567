// The public options and handle of a running emulator: the contract the client's and the report's tests code against.
import type { AkSk, IamUser } from "./auth/credentials.js";
import type { Dataset } from "./data/generator.js";
import type { FaultOptions } from "./faults.js";

export interface EmulatorProject {
  projectId: string;
  /** Default `cn-north-4`; IAM password login scoped by project name (the region) picks the first match. */
  region?: string;
  /** Affected images in this project; defaults to the emulator's `images`. */
  images?: number;
  /**
   * Enterprise project ids its images are spread over (default `["0"]`). Without `enterprise_project_id` a query
   * reads `"0"` (the spec's default); `all_granted_eps` reads every one; an unknown id reads nothing.
   */
  enterpriseProjects?: string[];
}

export interface RateLimitOptions {
  /** Requests per second per project, like an APIG throttling policy. */
  perSecond: number;
  /** Send `Retry-After: 1` with the 429 (default true); false for the variant without it. */
  retryAfter?: boolean;
}

export interface EmulatorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Affected images per project (default 240: a realistic demo). */
  images?: number;
  /** Seed of every generated value (default "demo"). */
  seed?: string | number;
  /** Default: one project with an id derived from the seed, in cn-north-4. */
  projects?: EmulatorProject[];
  /** Tokens accepted in `X-Auth-Token` for every project (default: the demo token). */
  tokens?: string[];
  /** AK/SK pairs accepted in `SDK-HMAC-SHA256` signatures (default: the demo pair). */
  credentials?: AkSk[];
  /** Users who may log in at `POST /v3/auth/tokens` (default: the demo user). */
  iamUsers?: IamUser[];
  /** Lifetime of IAM-issued tokens (default 24 h, as IAM). */
  tokenTtlMs?: number;
  /**
   * Characters of each IAM-issued `X-Subject-Token` (default 518). IAM's can reach 32,768 (the spec's `maxLength`
   * of `X-Auth-Token`), beyond Node's default 16 KiB header limit; the emulator accepts headers up to 64 KiB.
   */
  iamTokenLength?: number;
  /** Requests per second per project; over it, 429 `APIG.0308`. */
  rateLimit?: number | RateLimitOptions;
  /** Added to every answer. */
  latencyMs?: number;
  /** Opt-in faults, deterministic given the seed. */
  faults?: FaultOptions;
  /** Adversarial values in names, instructions and remediations. */
  hostile?: boolean;
  /** Fixed "now" the scan times are generated around (ms); default 2026-11-26T02:00:00Z. */
  anchorTime?: number;
  /** One line per request: true for stderr, or a function. Credentials are never logged. */
  log?: boolean | ((line: string) => void);
  /** Keep the last N requests in `requestLog` (default 10,000; 0 disables). */
  requestLogSize?: number;
  /** Called once per request after it is answered (or reset), e.g. to stop the emulator mid-walk in a test. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export interface RequestLogEntry {
  requestId: string;
  time: number;
  method: string;
  path: string;
  query: Record<string, string>;
  endpoint?: "rules" | "images" | "iam";
  projectId?: string;
  auth?: "token" | "iam" | "aksk";
  /** The `X-Language` header as sent (absent when not sent). */
  language?: string;
  status: number;
  /** Faults applied to this request. */
  faults?: string[];
}

export interface RunningEmulator {
  /** `http://host:port`, no trailing slash: the HSS endpoint, and the IAM endpoint too. */
  url: string;
  host: string;
  port: number;
  /** The first project. */
  projectId: string;
  region: string;
  projects: { projectId: string; region: string }[];
  /** The first configured token (accepted for every project); "" when `tokens: []`. */
  token: string;
  /** The first AK/SK pair; "" when `credentials: []`. */
  ak: string;
  sk: string;
  /** The first IAM user; empty strings when `iamUsers: []`. */
  iamUser: IamUser;
  /** What the emulated HSS holds: the exact objects its endpoints serve. */
  dataset: Dataset;
  /** Replaces the data with another seed's. */
  setSeed(seed: string | number): void;
  /** Moves the data on as between two scans: some findings resolved, some new, a few new images. */
  mutate(options?: { steps?: number; projectId?: string; newImages?: number }): void;
  /** Makes every IAM-issued token expire now. */
  expireTokens(): void;
  /** The last requests (see `requestLogSize`). */
  requestLog: RequestLogEntry[];
  close(): Promise<void>;
}
