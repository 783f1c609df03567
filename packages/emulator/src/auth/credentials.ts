// Who may call the emulator: configured tokens (valid for every project), IAM-issued tokens (scoped to one project,
// expiring), AK/SK pairs (optionally temporary, with a security token) and IAM users for password login.
import { randomBytes } from "node:crypto";

export interface AkSk {
  ak: string;
  sk: string;
  /** Temporary credentials: requests must carry this in `X-Security-Token`. */
  securityToken?: string;
}

export interface IamUser {
  name: string;
  password: string;
  /** The account (domain) name. */
  domain: string;
}

/** Demo credentials: fixed so that the CLI banner, the README and the tests agree. Never real secrets. */
export const DEMO_TOKEN = "MIIDemoToken-hss-emulator-not-a-secret";
export const DEMO_AK = "HSSEMULATORDEMOAK001";
export const DEMO_SK = "hssEmulatorDemoSecretKey0000000000000001";
export const DEMO_IAM_USER: IamUser = { name: "hss-demo", password: "Demo@hss-emulator-1", domain: "hss-demo-account" };

export interface IssuedToken {
  projectId: string;
  user: string;
  issuedAt: number;
  expiresAt: number;
}

export type TokenCheck = { ok: true; kind: "token" | "iam" } | { ok: false; reason: string };

export class TokenStore {
  private readonly staticTokens: ReadonlySet<string>;
  private readonly issued = new Map<string, IssuedToken>();

  constructor(
    tokens: readonly string[],
    private readonly ttlMs: number,
    /** Characters per issued token (default 518, a few KB like most real ones; IAM's can reach 32,768). */
    private readonly tokenLength = 518,
  ) {
    this.staticTokens = new Set(tokens);
  }

  issue(projectId: string, user: string, now = Date.now()): { token: string; info: IssuedToken } {
    // Real IAM tokens start with "MII" and run to a few KB (a user in many groups gets much longer ones); the shape
    // matters to header size limits, not content.
    const random = randomBytes(Math.ceil((this.tokenLength * 3) / 4)).toString("base64url");
    const token = `MIIemu${random}`.slice(0, this.tokenLength);
    const info = { projectId, user, issuedAt: now, expiresAt: now + this.ttlMs };
    this.issued.set(token, info);
    return { token, info };
  }

  /** Makes every IAM-issued token expire now (the `tokenExpiry` fault; a client must log in again). */
  expireAll(now = Date.now()): void {
    for (const info of this.issued.values()) info.expiresAt = Math.min(info.expiresAt, now - 1);
  }

  check(token: string, projectId: string, now = Date.now()): TokenCheck {
    if (this.staticTokens.has(token)) return { ok: true, kind: "token" };
    const info = this.issued.get(token);
    if (!info) return { ok: false, reason: "the token is not valid" };
    if (now >= info.expiresAt) return { ok: false, reason: "the token has expired" };
    // A token is scoped to the project it was issued for, as in IAM.
    if (info.projectId !== projectId) return { ok: false, reason: "the token is not scoped to this project" };
    return { ok: true, kind: "iam" };
  }
}
