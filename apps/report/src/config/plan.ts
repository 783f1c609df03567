// Decides what a run reads: the demo on the in-process emulator, or a list of scopes each with its credentials.
// Credentials only ever come from the environment, under the official names or under the names a scope's
// `credentials` block lists (so a fleet can hold one set per project); the config file never holds a secret.
import { credentialsFromEnv, type EnvCredentials, resolveEndpoint } from "@hss-reports/api";
import { UsageError } from "../errors.js";
import type { ImageKind, Scope } from "../evidence/types.js";
import { type CredentialsRef, IMAGE_KIND_VALUES, projectIdSchema, type RunConfig, type ScopeConfig } from "./schema.js";

export const DEFAULT_IMAGE_TYPES: readonly ImageKind[] = IMAGE_KIND_VALUES;

export interface PlannedScope {
  scope: Scope;
  credentials: EnvCredentials;
}

export type Plan = { demo: true; imageTypes: ImageKind[] } | { demo: false; scopes: PlannedScope[] };

/** The official variable each `credentials` key stands for (names as in `@hss-reports/api`). */
const STANDARD_NAMES: Record<keyof CredentialsRef, string> = {
  token_env: "HSS_AUTH_TOKEN",
  ak_env: "HUAWEICLOUD_SDK_AK",
  sk_env: "HUAWEICLOUD_SDK_SK",
  security_token_env: "HUAWEICLOUD_SDK_SECURITY_TOKEN",
  iam_user_env: "HSS_IAM_USER",
  iam_password_env: "HSS_IAM_PASSWORD",
  iam_domain_env: "HSS_IAM_DOMAIN",
};

export const CREDENTIAL_HELP =
  "set HSS_AUTH_TOKEN, or HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or HSS_IAM_USER, HSS_IAM_PASSWORD and HSS_IAM_DOMAIN " +
  "in the environment (credentials are never read from arguments or files)";

type Env = Record<string, string | undefined>;

/** Reads one scope's credentials; `where` names the scope in errors. Never puts a value in a message. */
function readCredentials(ref: CredentialsRef | undefined, env: Env, where: string): EnvCredentials | undefined {
  let source: Env = env;
  let rename = (message: string) => message;
  if (ref) {
    // Present the referenced variables under the official names, and name them back in errors.
    source = {};
    const back: [string, string][] = [];
    for (const [key, name] of Object.entries(ref) as [keyof CredentialsRef, string | undefined][]) {
      if (!name) continue;
      source[STANDARD_NAMES[key]] = env[name];
      back.push([STANDARD_NAMES[key], name]);
    }
    rename = (message) => back.reduce((text, [standard, name]) => text.split(standard).join(name), message);
  }
  try {
    return credentialsFromEnv(source) ?? undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${where}: ${rename(message)}`);
  }
}

function refNames(ref: CredentialsRef): string {
  return Object.values(ref).filter(Boolean).join(", ");
}

/** A readable, stable scope key: region (or endpoint host), project, enterprise project. */
export function scopeId(scope: {
  region?: string | undefined;
  endpoint: string;
  projectId: string;
  enterpriseProjectId?: string | undefined;
}): string {
  const where = scope.region ?? new URL(scope.endpoint).host;
  return [where, scope.projectId, scope.enterpriseProjectId].filter(Boolean).join("/");
}

function toScope(config: ScopeConfig, defaultImageTypes: ImageKind[], where: string): Scope {
  let endpoint: string;
  try {
    endpoint = config.endpoint ?? resolveEndpoint(config.region as string);
  } catch (error) {
    throw new UsageError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const scope: Scope = {
    id: "",
    endpoint,
    projectId: config.project_id,
    imageTypes: [...new Set(config.image_types ?? defaultImageTypes)],
  };
  if (config.region) scope.region = config.region;
  if (config.enterprise_project_id) scope.enterpriseProjectId = config.enterprise_project_id;
  scope.id = scopeId(scope);
  return scope;
}

/**
 * The scopes a run reads, or the demo. Throws a UsageError for options that cannot go together, naming each option
 * with `name` (a config key -> the flag or the file's key that gave it; the key itself by default).
 */
export function planRun(config: RunConfig, env: Env, name: (key: string) => string = (key) => key): Plan {
  const imageTypes = [...new Set(config.image_types ?? DEFAULT_IMAGE_TYPES)];
  const single = {
    region: config.region,
    endpoint: config.endpoint,
    project_id: config.project_id,
    enterprise_project_id: config.enterprise_project_id,
  };
  const singleGiven = Object.entries(single)
    .filter(([, v]) => v !== undefined)
    .map(([k]) => name(k));

  if (config.demo) {
    if (singleGiven.length || config.scopes) {
      throw new UsageError(
        `${name("demo")} reads built-in demo data; it cannot be combined with ${[...singleGiven, ...(config.scopes ? [name("scopes")] : [])].join(", ")}`,
      );
    }
    return { demo: true, imageTypes };
  }

  if (config.scopes) {
    if (singleGiven.length) {
      throw new UsageError(`give either ${name("scopes")} or ${singleGiven.join(", ")}, not both`);
    }
    const scopes = config.scopes.map((scopeConfig, index) => {
      const where = `scopes[${index}]`;
      if (scopeConfig.region && scopeConfig.endpoint)
        throw new UsageError(`${where}: give region or endpoint, not both`);
      const ref = scopeConfig.credentials ?? config.credentials;
      const credentials = readCredentials(ref, env, where);
      if (!credentials) {
        throw new UsageError(
          `${where}: no credentials: ${ref ? `set ${refNames(ref)} in the environment` : CREDENTIAL_HELP}`,
        );
      }
      return { scope: toScope(scopeConfig, imageTypes, where), credentials };
    });
    const seen = new Set<string>();
    for (const { scope } of scopes) {
      if (seen.has(scope.id)) throw new UsageError(`scopes: ${scope.id} is listed twice`);
      seen.add(scope.id);
    }
    return { demo: false, scopes };
  }

  const credentials = readCredentials(config.credentials, env, "credentials");
  const projectId = config.project_id ?? (env.HUAWEICLOUD_SDK_PROJECT_ID?.trim() || undefined);
  if (!credentials) {
    const given = [
      ...singleGiven,
      ...(config.project_id === undefined && projectId ? ["HUAWEICLOUD_SDK_PROJECT_ID"] : []),
    ];
    // Nothing points at a real account: the demo. Anything that does, without credentials, is a mistake.
    if (given.length === 0) return { demo: true, imageTypes };
    const wanted = config.credentials ? `set ${refNames(config.credentials)} in the environment` : CREDENTIAL_HELP;
    throw new UsageError(`${given.join(", ")} given but no credentials: ${wanted}`);
  }
  if (config.region && config.endpoint) throw new UsageError(`give ${name("region")} or ${name("endpoint")}, not both`);
  if (!config.region && !config.endpoint) {
    throw new UsageError(
      `credentials found (${credentials.source.join(", ")}) but no --region or --endpoint to read from`,
    );
  }
  if (!projectId) throw new UsageError("no project: give --project-id or set HUAWEICLOUD_SDK_PROJECT_ID");
  if (config.project_id === undefined) {
    // The flag and the config file are checked by the schema; the environment variable gets the same check.
    const checked = projectIdSchema.safeParse(projectId);
    if (!checked.success) {
      throw new UsageError(`HUAWEICLOUD_SDK_PROJECT_ID: ${checked.error.issues.map((i) => i.message).join("; ")}`);
    }
  }
  const scope = toScope({ ...single, project_id: projectId, image_types: imageTypes }, imageTypes, "scope");
  return { demo: false, scopes: [{ scope, credentials }] };
}
