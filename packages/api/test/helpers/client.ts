import { createHssClient, type HssClientOptions, type HssEvent } from "../../src/index.js";

/**
 * A client for a loopback test server: token auth, fast retries, events recorded. The client's own timeout (30 s):
 * a loaded machine may take seconds to answer, and a timed-out attempt would be retried, an extra request the test
 * did not script; the tests of the timeout set a short one.
 */
export function testClient(url: string, overrides: Partial<HssClientOptions> = {}) {
  const events: HssEvent[] = [];
  const client = createHssClient({
    endpoint: url,
    projectId: "proj-1",
    auth: { type: "token", token: "tok-SECRET" },
    retry: { baseDelayMs: 1, maxDelayMs: 5, throttleDelayMs: 1 },
    onEvent: (event) => events.push(event),
    ...overrides,
  });
  return { client, events };
}
