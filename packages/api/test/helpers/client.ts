import { createHssClient, type HssClientOptions, type HssEvent } from "../../src/index.js";

/** A client for a loopback test server: token auth, fast retries, events recorded. */
export function testClient(url: string, overrides: Partial<HssClientOptions> = {}) {
  const events: HssEvent[] = [];
  const client = createHssClient({
    endpoint: url,
    projectId: "proj-1",
    auth: { type: "token", token: "tok-SECRET" },
    retry: { baseDelayMs: 1, maxDelayMs: 5, throttleDelayMs: 1 },
    timeoutMs: 2000,
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, events };
}
