// Retries, pacing, timeouts, events and typed errors.
import {
  createHssClient,
  HssApiError,
  HssNetworkError,
  HssParameterError,
  HssResponseValidationError,
  HssTimeoutError,
} from "@hss-reports/api";

const client = createHssClient({
  region: "ap-southeast-3",
  projectId: "your-project-id",
  auth: { type: "token", token: process.env.HSS_AUTH_TOKEN ?? "" },
  timeoutMs: 20_000, // per attempt, body included
  // 429/APIG.0308, 5xx, connection errors and timeouts are retried with full-jitter backoff, honouring Retry-After;
  // other 4xx never are.
  retry: { maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 20_000, maxElapsedMs: 180_000 },
  maxRequestsPerSecond: 10, // stay under a known rate limit; the client also slows down by itself after a 429
  concurrency: 4,
  onEvent: (event) => {
    // Events never carry secrets: safe to log as they are.
    if (event.type === "retry")
      console.warn(`${event.operation} ${event.reason} ${event.status ?? ""}: retry in ${event.delayMs} ms`);
  },
});

try {
  await client.listImageBuildCommandRisksImages({ image_type: "registry", rule_id: "rule-1", limit: 500 });
} catch (error) {
  if (error instanceof HssParameterError) {
    // Raised before sending: [{ name: "limit", value: 500, allowed: "an integer from 10 to 200", ... }]
    console.error(error.issues);
  } else if (error instanceof HssApiError) {
    console.error(error.status, error.errorCode, error.errorMsg, error.requestId, error.retryable);
  } else if (error instanceof HssResponseValidationError) {
    console.error(error.issues.map((issue) => issue.path)); // e.g. ["data_list[3].image_size"]
  } else if (error instanceof HssTimeoutError || error instanceof HssNetworkError) {
    console.error(`gave up after retries: ${error.message}`);
  } else {
    throw error;
  }
}
