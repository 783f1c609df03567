// What each route answers, as plain values: the server adds transport, auth, throttling and faults around these.
import type { IamUser, TokenStore } from "./auth/credentials.js";
import type { Lang, QueryImageType } from "./data/catalogue.js";
import type { Dataset } from "./data/generator.js";
import { validateRequestParameters } from "./validation.js";

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (with its own content type). */
  body: unknown;
  contentType?: string;
}

export type Route =
  | { kind: "api"; endpoint: "rules"; operationId: "ListImageBuildCommandRisks"; projectId: string }
  | { kind: "api"; endpoint: "images"; operationId: "ListImageBuildCommandRisksImages"; projectId: string }
  | { kind: "iam" };

const API_PATH = /^\/v5\/([^/]+)\/image\/build-command-risks(\/images)?$/;

/** Matches a request to a route; undefined means APIG does not know the API (404 `APIGW.0101`). */
export function matchRoute(method: string, pathname: string): Route | undefined {
  if (method === "POST" && pathname === "/v3/auth/tokens") return { kind: "iam" };
  if (method !== "GET") return undefined;
  const match = API_PATH.exec(pathname);
  if (!match) return undefined;
  let projectId: string;
  try {
    projectId = decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
  return match[2]
    ? { kind: "api", endpoint: "images", operationId: "ListImageBuildCommandRisksImages", projectId }
    : { kind: "api", endpoint: "rules", operationId: "ListImageBuildCommandRisks", projectId };
}

export function error(status: number, code: string, message: string): Answer {
  return { status, body: { error_code: code, error_msg: message } };
}

export const NOT_FOUND = (): Answer =>
  error(404, "APIGW.0101", "The API does not exist or has not been published in the environment");

/** Serves one of the two spec endpoints, validating parameters from the spec's constraints first. */
export function serveApi(
  route: Extract<Route, { kind: "api" }>,
  query: URLSearchParams,
  headers: Record<string, string | undefined>,
  dataset: Dataset,
  /** The `totalNumChange` fault: this many newly scanned images land before the answer is computed. */
  driftDelta?: number,
): Answer {
  const result = validateRequestParameters(route.operationId, {
    path: { project_id: route.projectId },
    query,
    // Header names are case-insensitive, and so, in practice, is a language tag ("zh-CN").
    header: { "x-language": headers["x-language"]?.toLowerCase(), region: headers.region },
  });
  if (!result.ok) return error(400, "HSS.0001", result.message);
  const v = result.values;
  if (!dataset.hasProject(route.projectId)) {
    return error(400, "HSS.0010", `Access denied: project ${route.projectId} is not available to this account`);
  }
  const lang = (v["X-Language"] ?? "en-us") as Lang;
  const imageType = v.image_type as QueryImageType;
  const offset = v.offset as number;
  const limit = v.limit as number;
  const common = {
    image_id: (v.image_id as string | undefined) || undefined,
    enterprise_project_id: v.enterprise_project_id as string | undefined,
  };
  if (route.endpoint === "rules") {
    return {
      status: 200,
      body: dataset.rulesPage(route.projectId, imageType, lang, offset, limit, {
        ...common,
        risk_name: v.risk_name as string | undefined,
        risk_level: v.risk_level as string | undefined,
      }),
    };
  }
  const ruleId = v.rule_id as string;
  if (driftDelta) dataset.driftRule(route.projectId, imageType, ruleId, driftDelta);
  return { status: 200, body: dataset.imagesPage(route.projectId, imageType, ruleId, lang, offset, limit, common) };
}

interface PasswordAuthBody {
  auth?: {
    identity?: {
      methods?: unknown;
      password?: { user?: { name?: unknown; password?: unknown; domain?: { name?: unknown } } };
    };
    scope?: { project?: { id?: unknown; name?: unknown } };
  };
}

const iamError = (status: number, message: string): Answer => ({
  status,
  // IAM answers in the gateway's `{"error": {...}}` form, not HSS's `error_code`/`error_msg`.
  body: { error: { code: "APIGW.0301", message } },
});

/** `POST /v3/auth/tokens` with a password body: a project-scoped token in `X-Subject-Token`. */
export function serveIam(
  body: Buffer,
  users: readonly IamUser[],
  projects: readonly { projectId: string; region: string }[],
  tokens: TokenStore,
): Answer {
  let parsed: PasswordAuthBody;
  try {
    parsed = JSON.parse(body.toString("utf8")) as PasswordAuthBody;
  } catch {
    return { status: 400, body: { error: { code: "IAM.0011", message: "The request body is not valid JSON." } } };
  }
  const identity = parsed?.auth?.identity;
  const user = identity?.password?.user;
  if (!Array.isArray(identity?.methods) || !identity.methods.includes("password") || !user) {
    return {
      status: 400,
      body: { error: { code: "IAM.0011", message: "Only the password method is supported here." } },
    };
  }
  const match = users.find(
    (u) => u.name === user.name && u.password === user.password && u.domain === user.domain?.name,
  );
  if (!match) return iamError(401, "Incorrect IAM authentication information: the username or password is wrong");
  const scope = parsed.auth?.scope?.project;
  const project = projects.find((p) => (scope?.id !== undefined ? p.projectId === scope.id : p.region === scope?.name));
  if (!project) {
    return iamError(
      401,
      `Incorrect IAM authentication information: no project matches the scope ${JSON.stringify(scope ?? null)}`,
    );
  }
  const { token, info } = tokens.issue(project.projectId, match.name);
  return {
    status: 201,
    headers: { "X-Subject-Token": token },
    body: {
      token: {
        expires_at: iamTime(info.expiresAt),
        issued_at: iamTime(info.issuedAt),
        methods: ["password"],
        project: { id: project.projectId, name: project.region, domain: { name: match.domain } },
        user: { name: match.name, domain: { name: match.domain } },
        catalog: [],
      },
    },
  };
}

/** IAM's timestamp form: `2026-11-28T09:05:22.701000Z` (microseconds). */
function iamTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "000Z");
}
