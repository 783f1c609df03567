// Connects one planned scope to `@hss-reports/api`: the typed client does auth, retries, pacing and validation;
// the fetch sees only its paged listings.
import {
  createHssClient,
  type HssAuth,
  HssConfigurationError,
  type HssPacer,
  HssParameterError,
  type Language,
  type RetryPolicy,
} from "@hss-reports/api";
import type { PlannedScope } from "../config/plan.js";
import type { RetryConfig } from "../config/schema.js";
import { UsageError } from "../errors.js";
import type { OnProgress } from "./progress.js";
import type { Page, PagedClient } from "./source.js";

/** Per-attempt timeout and retry policy from the run config (`timeout_ms`, `retry`); the client's defaults otherwise. */
export interface TransportConfig {
  timeout_ms?: number | undefined;
  retry?: RetryConfig | undefined;
  /** `allow_insecure_http: true`: plain http to non-loopback hosts, with a warning on every run. */
  allow_insecure_http?: boolean | undefined;
}

/** The API names its own option; the CLI user sets the config key. */
function forCli(message: string): string {
  return message.replace("set allowInsecureHttp: true", "set allow_insecure_http: true in the --config file");
}

export function createScopeClient(
  planned: PlannedScope,
  language: Language,
  onProgress?: OnProgress,
  transport: TransportConfig = {},
  /** Shared by every scope of the region (see pacing.ts); none: paced only after a 429. */
  pacer?: HssPacer,
): PagedClient {
  const { scope, credentials } = planned;
  let client: ReturnType<typeof createHssClient>;
  try {
    client = createHssClient({
      endpoint: scope.endpoint,
      region: scope.region,
      projectId: scope.projectId,
      auth: credentials.auth,
      language,
      timeoutMs: transport.timeout_ms,
      retry: retryPolicy(transport.retry),
      allowInsecureHttp: transport.allow_insecure_http === true,
      pacer,
      onEvent: (event) => {
        if (event.type === "request") onProgress?.({ stage: "request" });
        if (event.type !== "retry") return;
        const why = [event.reason, event.status, event.errorCode].filter(Boolean).join(" ");
        onProgress?.({
          stage: "retry",
          scopeId: scope.id,
          message: `${event.operation ?? "request"} ${why}: retrying in ${Math.round(event.delayMs / 100) / 10} s`,
        });
      },
    });
  } catch (error) {
    if (error instanceof HssConfigurationError) throw new UsageError(`scope ${scope.id}: ${forCli(error.message)}`);
    throw error;
  }
  if (transport.allow_insecure_http === true && new URL(client.endpoint).protocol === "http:") {
    onProgress?.({
      stage: "warning",
      message: `allow_insecure_http: scope ${scope.id} is read over plain http (${client.endpoint}): its credentials cross the network unencrypted`,
    });
  }
  return {
    // One page at a time per listing: the run's own limit then bounds the requests in flight across all scopes.
    pages: (operation, query, options) =>
      asUsageErrors(
        scope.id,
        client.pages(operation, query as never, { signal: options?.signal, concurrency: 1 }) as AsyncIterable<Page>,
      ),
  };
}

function retryPolicy(retry: RetryConfig | undefined): RetryPolicy | undefined {
  if (!retry) return undefined;
  const policy: RetryPolicy = {};
  if (retry.max_attempts !== undefined) policy.maxAttempts = retry.max_attempts;
  if (retry.base_delay_ms !== undefined) policy.baseDelayMs = retry.base_delay_ms;
  if (retry.max_delay_ms !== undefined) policy.maxDelayMs = retry.max_delay_ms;
  if (retry.max_elapsed_ms !== undefined) policy.maxElapsedMs = retry.max_elapsed_ms;
  if (retry.throttle_delay_ms !== undefined) policy.throttleDelayMs = retry.throttle_delay_ms;
  if (retry.max_retry_after_ms !== undefined) policy.maxRetryAfterMs = retry.max_retry_after_ms;
  return policy;
}

/** The client reports some configuration mistakes only when it first needs them (the IAM endpoint). */
async function* asUsageErrors(scopeId: string, pages: AsyncIterable<Page>): AsyncGenerator<Page> {
  try {
    yield* pages;
  } catch (error) {
    if (error instanceof HssConfigurationError) throw new UsageError(`scope ${scopeId}: ${forCli(error.message)}`);
    // Parameters the spec does not allow (nothing was sent): the input is wrong, not the API.
    if (error instanceof HssParameterError) throw new UsageError(`scope ${scopeId}: ${error.message}`);
    throw error;
  }
}

/** The secret values of an auth, to mask them in any text the tool prints or writes. */
export function secretsOf(auth: HssAuth): string[] {
  switch (auth.type) {
    case "token":
      return [auth.token];
    case "password":
      return [auth.password];
    case "aksk":
      return [auth.ak, auth.sk, ...(auth.securityToken ? [auth.securityToken] : [])];
  }
}
