import { makeRedacting } from "../redact.js";

/** An IAM token, sent as `X-Auth-Token`. */
export interface TokenAuth {
  type: "token";
  token: string;
}

/** An IAM user's password, exchanged for a token at `POST {iam}/v3/auth/tokens`; the token is cached and renewed. */
export interface PasswordAuth {
  type: "password";
  user: string;
  password: string;
  /** The account (domain) name. */
  domain: string;
  /** Defaults to `https://iam.{region}.myhuaweicloud.com` from the client's region. */
  iamEndpoint?: string | undefined;
  /** Token scope: a project ID (defaults to the client's `projectId`) ... */
  projectId?: string | undefined;
  /** ... or a project (region) name (defaults to the client's `region`). */
  region?: string | undefined;
}

/** AK/SK `SDK-HMAC-SHA256` request signing; `securityToken` for temporary credentials. */
export interface AkSkAuth {
  type: "aksk";
  ak: string;
  sk: string;
  securityToken?: string | undefined;
}

export type HssAuth = TokenAuth | PasswordAuth | AkSkAuth;

const SECRET_FIELDS: Record<HssAuth["type"], readonly string[]> = {
  token: ["token"],
  password: ["password"],
  // The AK identifies rather than authenticates, and appears in every Authorization header; still, keep it out.
  aksk: ["ak", "sk", "securityToken"],
};

/** Gives an auth object a redacting `toJSON`/`toString`/`util.inspect` view (in place) and returns it. */
export function redactAuth<T extends HssAuth>(auth: T): T {
  return makeRedacting(auth, SECRET_FIELDS[auth.type], `HssAuth(${auth.type})`);
}

export function tokenAuth(token: string): TokenAuth {
  return redactAuth({ type: "token", token });
}

export function passwordAuth(init: Omit<PasswordAuth, "type">): PasswordAuth {
  return redactAuth({ type: "password", ...init });
}

export function akskAuth(init: Omit<AkSkAuth, "type">): AkSkAuth {
  return redactAuth({ type: "aksk", ...init });
}
