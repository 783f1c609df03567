// Progress and retry events for logs and progress bars. They carry operation names, query parameters, statuses and
// request IDs, never headers, tokens or keys.

export type RetryReason = "throttled" | "server-error" | "network" | "timeout";

export type HssEvent =
  | {
      type: "request";
      operation: string | undefined;
      method: string;
      path: string;
      query: Record<string, string>;
      attempt: number;
    }
  | {
      type: "response";
      operation: string | undefined;
      status: number;
      requestId: string | undefined;
      attempt: number;
      durationMs: number;
    }
  | {
      type: "retry";
      operation: string | undefined;
      reason: RetryReason;
      /** The attempt that failed (1-based); the next one is `attempt + 1`. */
      attempt: number;
      delayMs: number;
      /** Whether the delay came from a `Retry-After` header. */
      retryAfter: boolean;
      status?: number | undefined;
      errorCode?: string | undefined;
      requestId?: string | undefined;
    }
  | { type: "slow-down"; intervalMs: number; limitPerSecond: number | undefined }
  | { type: "auth"; action: "token-requested" | "token-renewed" | "token-rejected"; expiresAt?: string | undefined }
  | {
      type: "page";
      operation: string;
      offset: number;
      limit: number;
      totalNum: number;
      items: number;
      requestId: string | undefined;
    };

export type HssEventListener = (event: HssEvent) => void;

/** Calls the listener, never letting a faulty listener break a request. */
export function emitter(listener: HssEventListener | undefined): HssEventListener {
  if (!listener) return () => {};
  return (event) => {
    try {
      listener(event);
    } catch {
      // A logging hook must not change the outcome of a request.
    }
  };
}
