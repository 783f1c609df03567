import createClient, { type Client, createFinalURL, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import pLimit from "p-limit";
import { z } from "zod";
import { createAuthorizer } from "./auth/authorize.js";
import { IamTokenProvider, type TokenScope } from "./auth/iam.js";
import { type HssAuth, redactAuth } from "./auth/types.js";
import { checkEndpoint, resolveEndpoint, resolveIamEndpoint } from "./endpoint.js";
import { parseErrorBody } from "./error-body.js";
import {
  HssApiError,
  HssConfigurationError,
  HssParameterError,
  HssResponseValidationError,
  type QueryValues,
} from "./errors.js";
import { emitter, type HssEventListener } from "./events.js";
import { type OperationId, operations } from "./generated/operations.js";
import type { components, paths } from "./generated/schema.js";
import { responseChecks } from "./generated/validate.js";
import { countNulls, responseSchemas } from "./generated/zod.js";
import { defaultFetch } from "./http.js";
import { parseJson } from "./json.js";
import { type HssPacer, Pacer } from "./limiter.js";
import { paginate } from "./pagination.js";
import { matchOperation, pageParameterCheck } from "./parameters.js";
import { redactFields } from "./redact.js";
import { type RetryPolicy, resolveRetryPolicy } from "./retry.js";
import { createTransport, type FetchLike } from "./transport.js";
import type { HssPage, OperationBody, OperationItem, OperationQuery, PageOptions, RequestOptions } from "./types.js";

/** `X-Language`, as the spec lists it. */
export type Language = components["parameters"]["XLanguage"];

export interface HssClientOptions {
  /** Region ID such as `cn-north-4`; gives the endpoint (and the IAM endpoint for password auth). */
  region?: string | undefined;
  /** Explicit endpoint URL (wins over `region`), e.g. an emulator on `http://127.0.0.1:8080`. */
  endpoint?: string | undefined;
  /** Project ID. Optional only with password auth, where the token's project is used. */
  projectId?: string | undefined;
  auth: HssAuth;
  /** `X-Language` for texts such as remediations (default `en-us`). */
  language?: Language | undefined;
  /** Per attempt, response body included (default 30 s). */
  timeoutMs?: number | undefined;
  /** Retry policy, or `false` to never retry. */
  retry?: RetryPolicy | false | undefined;
  /** Requests in flight at once, across all calls of this client (default 8). */
  concurrency?: number | undefined;
  /** Client-side pacing so a known rate limit is respected without 429s. Not with `pacer`. */
  maxRequestsPerSecond?: number | undefined;
  /**
   * A pacer shared with other clients ({@link createPacer}), so that clients of one region keep its limit together;
   * it paces every attempt of this client's HSS requests. Not with `maxRequestsPerSecond` (give the pacer the rate).
   */
  pacer?: HssPacer | undefined;
  /**
   * Defaults to {@link defaultFetch}: undici through the proxy that `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY`
   * name, with room for IAM tokens of 32,768 characters. A fetch of your own gets neither.
   */
  fetch?: FetchLike | undefined;
  /** Progress, retry and auth events; never carries secrets. */
  onEvent?: HssEventListener | undefined;
  /** Allows plain http to non-loopback hosts. Credentials then cross the network unencrypted. */
  allowInsecureHttp?: boolean | undefined;
}

export interface HssClient {
  readonly endpoint: string;
  /** The project ID in use (resolved from the IAM token with password auth and no `projectId`). */
  projectId(): Promise<string>;
  /** One validated page. */
  page<Op extends OperationId>(
    operation: Op,
    query: OperationQuery<Op>,
    options?: RequestOptions,
  ): Promise<HssPage<Op>>;
  /** Every page in offset order (limit 200 unless set), after the first fetched `concurrency` (4) at a time. */
  pages<Op extends OperationId>(
    operation: Op,
    query: OperationQuery<Op>,
    options?: PageOptions,
  ): AsyncGenerator<HssPage<Op>, void, undefined>;
  /** Every item of every page. */
  items<Op extends OperationId>(
    operation: Op,
    query: OperationQuery<Op>,
    options?: PageOptions,
  ): AsyncGenerator<OperationItem<Op>, void, undefined>;
  listImageBuildCommandRisks(
    query: OperationQuery<"ListImageBuildCommandRisks">,
    options?: RequestOptions,
  ): Promise<HssPage<"ListImageBuildCommandRisks">>;
  listImageBuildCommandRisksImages(
    query: OperationQuery<"ListImageBuildCommandRisksImages">,
    options?: RequestOptions,
  ): Promise<HssPage<"ListImageBuildCommandRisksImages">>;
  /** The underlying openapi-fetch client (same transport: auth, retries, pacing); no validation. */
  readonly raw: Client<paths>;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 8;

function tokenScope(options: HssClientOptions, auth: HssAuth & { type: "password" }): TokenScope {
  const projectId = auth.projectId ?? options.projectId;
  if (projectId) return { projectId };
  const region = auth.region ?? options.region;
  if (region) return { projectName: region };
  throw new HssConfigurationError("password auth needs a projectId or a region to scope the IAM token to");
}

function iamEndpointFor(options: HssClientOptions, auth: HssAuth & { type: "password" }): string {
  if (auth.iamEndpoint) return checkEndpoint(auth.iamEndpoint, options.allowInsecureHttp, "iamEndpoint");
  const region = auth.region ?? options.region;
  if (!region) {
    throw new HssConfigurationError(
      "password auth needs auth.iamEndpoint (HSS_IAM_ENDPOINT) or a region for the IAM endpoint",
    );
  }
  return resolveIamEndpoint(region);
}

function sharedPacer(options: HssClientOptions): Pacer | undefined {
  const { pacer } = options;
  if (pacer === undefined) return undefined;
  if (!(pacer instanceof Pacer)) throw new HssConfigurationError("pacer must be one made by createPacer()");
  if (options.maxRequestsPerSecond !== undefined) {
    throw new HssConfigurationError("give maxRequestsPerSecond or a shared pacer (createPacer(rate)), not both");
  }
  return pacer;
}

export function createHssClient(options: HssClientOptions): HssClient {
  if (!options?.auth) throw new HssConfigurationError("createHssClient: auth is required (see credentialsFromEnv)");
  const auth = redactAuth(options.auth);
  let endpoint: string;
  if (options.endpoint) endpoint = checkEndpoint(options.endpoint, options.allowInsecureHttp);
  else if (options.region) endpoint = resolveEndpoint(options.region);
  else throw new HssConfigurationError("createHssClient: give a region (e.g. cn-north-4) or an endpoint URL");
  if (options.projectId === undefined && auth.type !== "password") {
    throw new HssConfigurationError("createHssClient: projectId is required (HUAWEICLOUD_SDK_PROJECT_ID)");
  }
  const language = options.language ?? "en-us";
  const basePath = new URL(endpoint).pathname.replace(/\/$/, "");
  const emit = emitter(options.onEvent);
  const retry = resolveRetryPolicy(options.retry);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be > 0, got ${timeoutMs}`);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError(`concurrency must be an integer >= 1, got ${concurrency}`);
  const pacer = sharedPacer(options) ?? new Pacer(options.maxRequestsPerSecond);
  const baseFetch: FetchLike = options.fetch ?? defaultFetch();

  const describe = (request: Request) => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
    const operation = url.pathname.endsWith("/v3/auth/tokens")
      ? "KeystoneCreateUserTokenByPassword"
      : matchOperation(request.method, path)?.operationId;
    return { operation, method: request.method, path: url.pathname, query: Object.fromEntries(url.searchParams) };
  };

  let tokens: IamTokenProvider | undefined;
  if (auth.type === "password") {
    const iamTransport = createTransport({
      fetch: baseFetch,
      timeoutMs,
      retry,
      // Its own slots: the token is fetched while an HSS request holds one of the client's, so sharing could deadlock.
      limit: pLimit(2),
      // IAM is another service, with limits of its own: not paced by the HSS pacer (only after its own 429s).
      pacer: new Pacer(),
      emit,
      describe,
    });
    tokens = new IamTokenProvider({
      auth,
      iamEndpoint: iamEndpointFor(options, auth),
      scope: tokenScope(options, auth),
      send: iamTransport,
      emit,
    });
  }

  const projectId = async (): Promise<string> => {
    if (options.projectId !== undefined) return options.projectId;
    const fromToken = (await tokens?.token())?.projectId;
    if (!fromToken)
      throw new HssConfigurationError("projectId is not set and the IAM token names no project; set projectId");
    return fromToken;
  };

  const authorizer = createAuthorizer(auth, projectId, tokens);
  const transport = createTransport({
    fetch: baseFetch,
    timeoutMs,
    retry,
    limit: pLimit(concurrency),
    pacer,
    emit,
    describe,
    authorize: authorizer.authorize,
    onUnauthorized: authorizer.onUnauthorized,
  });
  const raw = createClient<paths>({ baseUrl: endpoint, fetch: transport, headers: { "X-Language": language } });

  // The pages go to the transport directly, with the URL openapi-fetch itself builds (its path and query
  // serializers, the spec's path) but no Request or buffered Response in between: the body is decoded once, here.
  const headers = { "X-Language": language };
  const decoder = new TextDecoder();
  const checkParameters = pageParameterCheck();
  const querySerializer = createQuerySerializer();
  const send = (operation: OperationId, project: string, query: QueryValues, signal: AbortSignal | undefined) => {
    const path = defaultPathSerializer(operations[operation].path, { project_id: project });
    const url = createFinalURL(path, {
      baseUrl: endpoint,
      params: { query },
      querySerializer,
      pathSerializer: defaultPathSerializer,
    });
    const wire = Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value)]));
    const context = { operation, method: "GET", path: `${basePath}${path}`, query: wire };
    return transport.run({ method: "GET", url, headers, signal }, context);
  };

  async function page<Op extends OperationId>(
    operation: Op,
    query: OperationQuery<Op>,
    requestOptions: RequestOptions = {},
  ): Promise<HssPage<Op>> {
    const spec = operations[operation];
    if (!spec)
      throw new HssConfigurationError(
        `unknown operation "${String(operation)}"; known: ${Object.keys(operations).join(", ")}`,
      );
    const sentQuery = Object.fromEntries(
      Object.entries(query ?? {}).filter(([, value]) => value !== undefined),
    ) as QueryValues;
    const project = await projectId();
    const issues = checkParameters(operation, {
      path: { project_id: project },
      query: sentQuery,
      header: { "X-Language": language },
    });
    const context = { operation, query: sentQuery };
    if (issues.length) throw new HssParameterError(issues, context);

    const { response, bytes } = await send(operation, project, sentQuery, requestOptions.signal);
    const requestId = response.headers.get("x-request-id") ?? undefined;
    const receivedAt = new Date().toISOString();
    const withId = { ...context, requestId };
    const text = decoder.decode(bytes);
    if (!response.ok) throw new HssApiError({ status: response.status, ...parseErrorBody(text) }, withId);
    const parse = (read: (text: string) => unknown): unknown => {
      try {
        return read(text);
      } catch {
        const snippet = text.slice(0, 200);
        throw new HssResponseValidationError([{ path: "", message: `not JSON: ${JSON.stringify(snippet)}` }], withId);
      }
    };
    // The generated Ajv validator takes a valid body in one pass and makes it zod's value in place; anything else (an
    // int64 beyond 2^53 included) goes to zod on a fresh, lossless parse, which decides and names the issues.
    let nulls: Record<string, number> = {};
    let body = responseChecks[operation](parse(JSON.parse), nulls) as OperationBody<Op> | undefined;
    if (body === undefined) {
      const json = parse(parseJson);
      const counted = countNulls(() => responseSchemas[operation].safeParse(json));
      const parsed = counted.result;
      if (!parsed.success) {
        const fieldIssues = parsed.error.issues.map((issue) => ({
          path: z.core.toDotPath(issue.path),
          message: issue.message,
        }));
        throw new HssResponseValidationError(fieldIssues, withId);
      }
      body = parsed.data as OperationBody<Op>;
      nulls = counted.nulls;
    }
    return {
      operation,
      query: sentQuery as OperationQuery<Op>,
      requestId,
      receivedAt,
      totalNum: body.total_num,
      body,
      ...(Object.keys(nulls).length ? { nulls } : {}),
    };
  }

  const client: HssClient = {
    endpoint,
    projectId,
    page,
    async *pages(operation, query, pageOptions) {
      for await (const result of paginate((op, q, o) => page(op, q, o), operation, query, pageOptions)) {
        emit({
          type: "page",
          operation: result.operation,
          offset: Number((result.query as QueryValues).offset ?? 0),
          limit: Number((result.query as QueryValues).limit ?? 0),
          totalNum: result.totalNum,
          items: result.body.data_list.length,
          requestId: result.requestId,
        });
        yield result;
      }
    },
    async *items(operation, query, pageOptions) {
      for await (const result of client.pages(operation, query, pageOptions)) {
        yield* result.body.data_list as OperationItem<typeof operation>[];
      }
    },
    listImageBuildCommandRisks: (query, requestOptions) => page("ListImageBuildCommandRisks", query, requestOptions),
    listImageBuildCommandRisksImages: (query, requestOptions) =>
      page("ListImageBuildCommandRisksImages", query, requestOptions),
    raw,
  };
  // The client holds the auth object; make sure printing or serializing it cannot reveal a secret.
  const view = () => ({
    endpoint,
    projectId: options.projectId,
    language,
    auth: redactFields(auth, ["token", "password", "ak", "sk", "securityToken"]),
  });
  Object.defineProperties(client, {
    toJSON: { value: view, enumerable: false },
    [Symbol.for("nodejs.util.inspect.custom")]: {
      value: () => `HssClient ${JSON.stringify(view())}`,
      enumerable: false,
    },
  });
  return client;
}
