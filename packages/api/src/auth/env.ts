import { HssConfigurationError } from "../errors.js";
import { akskAuth, type HssAuth, passwordAuth, tokenAuth } from "./types.js";

export interface EnvCredentials {
  auth: HssAuth;
  /** From `HUAWEICLOUD_SDK_PROJECT_ID`, when set. */
  projectId?: string | undefined;
  /** The variables the credentials came from (names only). */
  source: string[];
}

const TOKEN = ["HSS_AUTH_TOKEN"] as const;
const AKSK = ["HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"] as const;
const AKSK_OPTIONAL = ["HUAWEICLOUD_SDK_SECURITY_TOKEN"] as const;
const IAM = ["HSS_IAM_USER", "HSS_IAM_PASSWORD", "HSS_IAM_DOMAIN"] as const;
const IAM_OPTIONAL = ["HSS_IAM_ENDPOINT"] as const;

/**
 * Reads credentials from the environment with the official SDK's names. Precedence when several sets are complete:
 * `HSS_AUTH_TOKEN`, then AK/SK, then IAM password. Returns undefined when none is set; throws
 * {@link HssConfigurationError} naming the missing variables when a set is incomplete (e.g. an AK without its SK).
 * Never includes a value in an error.
 */
export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): EnvCredentials | undefined {
  const get = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const projectId = get("HUAWEICLOUD_SDK_PROJECT_ID");
  const missing = (names: readonly string[]) => names.filter((name) => get(name) === undefined);
  const anySet = (names: readonly string[]) => names.some((name) => get(name) !== undefined);

  const incomplete: string[] = [];
  const akskMissing = missing(AKSK);
  if ((anySet(AKSK) || anySet(AKSK_OPTIONAL)) && akskMissing.length) {
    incomplete.push(
      `AK/SK signing needs ${akskMissing.join(" and ")} (set: ${[...AKSK, ...AKSK_OPTIONAL].filter((n) => get(n)).join(", ")})`,
    );
  }
  const iamMissing = missing(IAM);
  if ((anySet(IAM) || anySet(IAM_OPTIONAL)) && iamMissing.length) {
    incomplete.push(
      `IAM password authentication needs ${iamMissing.join(", ")} (set: ${[...IAM, ...IAM_OPTIONAL].filter((n) => get(n)).join(", ")})`,
    );
  }

  const token = get("HSS_AUTH_TOKEN");
  if (token) {
    // An explicit token wins, but a half-configured other set is still a mistake worth reporting.
    if (incomplete.length)
      throw new HssConfigurationError(`incomplete credentials in the environment: ${incomplete.join("; ")}`);
    return {
      auth: tokenAuth(token),
      projectId,
      source: [...TOKEN, ...(projectId ? ["HUAWEICLOUD_SDK_PROJECT_ID"] : [])],
    };
  }
  if (incomplete.length)
    throw new HssConfigurationError(`incomplete credentials in the environment: ${incomplete.join("; ")}`);

  const withProject = (names: string[]) => (projectId ? [...names, "HUAWEICLOUD_SDK_PROJECT_ID"] : names);
  const ak = get("HUAWEICLOUD_SDK_AK");
  const sk = get("HUAWEICLOUD_SDK_SK");
  if (ak && sk) {
    const securityToken = get("HUAWEICLOUD_SDK_SECURITY_TOKEN");
    return {
      auth: akskAuth({ ak, sk, securityToken }),
      projectId,
      source: withProject([...AKSK, ...(securityToken ? AKSK_OPTIONAL : [])]),
    };
  }
  const user = get("HSS_IAM_USER");
  const password = get("HSS_IAM_PASSWORD");
  const domain = get("HSS_IAM_DOMAIN");
  if (user && password && domain) {
    const iamEndpoint = get("HSS_IAM_ENDPOINT");
    return {
      auth: passwordAuth({ user, password, domain, iamEndpoint, projectId }),
      projectId,
      source: withProject([...IAM, ...(iamEndpoint ? IAM_OPTIONAL : [])]),
    };
  }
  return undefined;
}
