import type { OperationId } from "./generated/operations.js";
import type { operations as OperationTypes } from "./generated/schema.js";

/** The query parameters of an operation, as generated from the spec. */
export type OperationQuery<Op extends OperationId> = NonNullable<OperationTypes[Op]["parameters"]["query"]>;

/** The 200 body of an operation. */
export type OperationBody<Op extends OperationId> = OperationTypes[Op]["responses"][200]["content"]["application/json"];

/** One item of an operation's `data_list`. */
export type OperationItem<Op extends OperationId> = OperationBody<Op>["data_list"][number];

/** One validated page, with what is needed to cite it as evidence. */
export interface HssPage<Op extends OperationId = OperationId> {
  operation: Op;
  /** The exact query sent (offset and limit included). */
  query: OperationQuery<Op>;
  /** The `X-Request-Id` response header. */
  requestId: string | undefined;
  /** When the response arrived, ISO 8601 UTC. */
  receivedAt: string;
  totalNum: number;
  body: OperationBody<Op>;
  /**
   * How many `null`s stood in optional fields, by `Schema.field` (e.g. `BuildCommandRisksImageResponseInfo.namespace`);
   * each was read as absent and left out of `body`. Absent when there were none.
   */
  nulls?: Record<string, number>;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export interface PageOptions extends RequestOptions {
  /** Pages fetched at once after the first (default 4). */
  concurrency?: number;
}
