// The part of the `@hss-reports/api` client the fetch needs: paged listing of the two operations.
// Kept as an interface so the fetch logic can be tested without HTTP and does not care which auth is used.
import type { OperationId } from "@hss-reports/api";

/** The spec's operations (both are paged listings). */
export type ListOperation = OperationId;

export interface Page {
  operation: string;
  /** The exact query sent for this page (offset and limit included). */
  query: Record<string, string | number>;
  requestId?: string | undefined;
  receivedAt: string;
  totalNum: number;
  body: unknown;
  /** `null`s read as absent, by `Schema.field` (see the client's `HssPage.nulls`). */
  nulls?: Record<string, number> | undefined;
}

export interface PagedClient {
  pages(
    operationId: ListOperation,
    query: Record<string, string | number>,
    options?: { signal?: AbortSignal | undefined },
  ): AsyncIterable<Page>;
}
