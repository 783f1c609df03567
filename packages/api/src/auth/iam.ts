// IAM password authentication: exchanges user/password/domain for a token (`X-Subject-Token`), caches it, renews it
// before `expires_at`, and once more when HSS rejects it.

import { parseErrorBody } from "../error-body.js";
import { HssApiError, HssConfigurationError } from "../errors.js";
import type { HssEventListener } from "../events.js";
import type { FetchLike } from "../transport.js";
import type { PasswordAuth } from "./types.js";

export const IAM_OPERATION = "KeystoneCreateUserTokenByPassword";

export type TokenScope = { projectId: string } | { projectName: string };

export interface IamToken {
  token: string;
  expiresAt: Date;
  /** The scoped project's ID, from the token body (lets a caller omit `projectId`). */
  projectId: string | undefined;
}

export interface IamTokenProviderOptions {
  auth: PasswordAuth;
  /** `https://iam.{region}.myhuaweicloud.com`, already checked. */
  iamEndpoint: string;
  scope: TokenScope;
  /** A fetch with retries but no authorization. */
  send: FetchLike;
  emit: HssEventListener;
  /** Renew this long before `expires_at` (default 15 minutes; tokens live 24 h). */
  renewBeforeMs?: number;
  now?: () => number;
}

/** When IAM omits `expires_at`, assume less than the documented 24 h. */
const DEFAULT_LIFETIME_MS = 23 * 3600_000;

export class IamTokenProvider {
  readonly #options: IamTokenProviderOptions;
  #current: IamToken | undefined;
  #pending: Promise<IamToken> | undefined;

  constructor(options: IamTokenProviderOptions) {
    this.#options = options;
  }

  /** A valid token: the cached one, or a new one (one request at a time however many callers wait). */
  async token(): Promise<IamToken> {
    const now = (this.#options.now ?? Date.now)();
    const renewBefore = this.#options.renewBeforeMs ?? 15 * 60_000;
    if (this.#current && this.#current.expiresAt.getTime() - renewBefore > now) return this.#current;
    if (!this.#pending) {
      const renewing = this.#current !== undefined;
      this.#pending = this.#request(renewing).finally(() => {
        this.#pending = undefined;
      });
    }
    return this.#pending;
  }

  /** Forgets `token` (HSS rejected it), so the next call asks IAM again. */
  invalidate(token: string): void {
    if (this.#current?.token === token) {
      this.#current = undefined;
      this.#options.emit({ type: "auth", action: "token-rejected" });
    }
  }

  get cached(): IamToken | undefined {
    return this.#current;
  }

  async #request(renewing: boolean): Promise<IamToken> {
    const { auth, scope, iamEndpoint, send, emit } = this.#options;
    const body = {
      auth: {
        identity: {
          methods: ["password"],
          password: { user: { name: auth.user, password: auth.password, domain: { name: auth.domain } } },
        },
        scope: { project: "projectId" in scope ? { id: scope.projectId } : { name: scope.projectName } },
      },
    };
    const response = await send(
      new Request(`${iamEndpoint}/v3/auth/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json;charset=utf8" },
        body: JSON.stringify(body),
      }),
    );
    const text = await response.text();
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const context = { operation: IAM_OPERATION, requestId, query: { user: auth.user, domain: auth.domain } };
    if (!response.ok) {
      // A refused login is about the password method's own inputs, not tokens, AK/SK or X-Sdk-Date.
      const hint =
        response.status === 401
          ? "check the IAM user name, password and account (domain) name: HSS_IAM_USER, HSS_IAM_PASSWORD, HSS_IAM_DOMAIN"
          : undefined;
      throw new HssApiError({ status: response.status, ...parseErrorBody(text), hint }, context);
    }
    const token = response.headers.get("x-subject-token");
    if (!token) {
      throw new HssConfigurationError(
        `${IAM_OPERATION} (X-Request-Id ${requestId ?? "none"}) answered ${response.status} without an X-Subject-Token header; is ${iamEndpoint} an IAM endpoint?`,
      );
    }
    let expiresAt = new Date((this.#options.now ?? Date.now)() + DEFAULT_LIFETIME_MS);
    let projectId: string | undefined;
    try {
      const parsed = JSON.parse(text) as { token?: { expires_at?: unknown; project?: { id?: unknown } } };
      const stated = typeof parsed.token?.expires_at === "string" ? new Date(parsed.token.expires_at) : undefined;
      if (stated && !Number.isNaN(stated.getTime())) expiresAt = stated;
      if (typeof parsed.token?.project?.id === "string") projectId = parsed.token.project.id;
    } catch {
      // The token header is what matters; a missing body only costs the expiry, which we then assume.
    }
    this.#current = { token, expiresAt, projectId };
    emit({ type: "auth", action: renewing ? "token-renewed" : "token-requested", expiresAt: expiresAt.toISOString() });
    return this.#current;
  }
}
