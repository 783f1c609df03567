import type { AttemptRequest } from "../transport.js";
import type { IamTokenProvider } from "./iam.js";
import { signRequest } from "./signer.js";
import type { HssAuth } from "./types.js";

export interface Authorizer {
  authorize(attempt: AttemptRequest): Promise<void>;
  /** Resolves true when the credentials were renewed after a 401 and the request is worth repeating. */
  onUnauthorized?: (sent: AttemptRequest) => Promise<boolean>;
}

export function createAuthorizer(
  auth: HssAuth,
  projectId: () => Promise<string>,
  tokens: IamTokenProvider | undefined,
): Authorizer {
  switch (auth.type) {
    case "token":
      return {
        async authorize({ headers }) {
          headers.set("X-Auth-Token", auth.token);
        },
      };
    case "password": {
      if (!tokens) throw new Error("password auth needs a token provider");
      return {
        async authorize({ headers }) {
          headers.set("X-Auth-Token", (await tokens.token()).token);
        },
        async onUnauthorized({ headers }) {
          // Only the token this request carried is dropped, so concurrent 401s cause a single renewal.
          const rejected = headers.get("X-Auth-Token");
          if (rejected === null) return false;
          tokens.invalidate(rejected);
          return true;
        },
      };
    }
    case "aksk":
      return {
        async authorize(attempt) {
          // A fresh signature per attempt: X-Sdk-Date must be current, and retries may happen minutes later.
          const added = signRequest(
            { method: attempt.method, url: attempt.url, headers: attempt.headers, body: attempt.body },
            { ak: auth.ak, sk: auth.sk, securityToken: auth.securityToken },
            { projectId: await projectId() },
          );
          for (const [name, value] of Object.entries(added)) attempt.headers.set(name, value);
        },
      };
  }
}
