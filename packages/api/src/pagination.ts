// Offset pagination over `total_num`. Pages after the first are fetched a few at a time but yielded in offset order,
// and every page is checked against the first page's `total_num` and the expected page size, so a listing that
// changes during the walk raises HssTotalChangedError instead of silently skipping or repeating items.
import { HssParameterError, HssTotalChangedError, type QueryValues } from "./errors.js";
import type { OperationId } from "./generated/operations.js";
import { describeAllowed, integerRange, parameterSpecs } from "./parameters.js";
import type { HssPage, OperationQuery, PageOptions } from "./types.js";

export const DEFAULT_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_CONCURRENCY = 4;

export type FetchPage = <Op extends OperationId>(
  operation: Op,
  query: OperationQuery<Op>,
  options: { signal: AbortSignal },
) => Promise<HssPage<Op>>;

function expectedItems(total: number, offset: number, limit: number): number {
  return Math.max(0, Math.min(limit, total - offset));
}

function checkPage<Op extends OperationId>(page: HssPage<Op>, total: number, offset: number, limit: number): void {
  const context = { operation: page.operation, query: page.query as QueryValues, requestId: page.requestId };
  if (page.totalNum !== total) {
    throw new HssTotalChangedError({ expectedTotal: total, actualTotal: page.totalNum, offset }, context);
  }
  const got = page.body.data_list.length;
  const expected = expectedItems(total, offset, limit);
  if (got !== expected) {
    throw new HssTotalChangedError(
      {
        expectedTotal: total,
        actualTotal: page.totalNum,
        offset,
        detail: `the page held ${got} items where total_num ${total} and limit ${limit} imply ${expected}`,
      },
      context,
    );
  }
}

export async function* paginate<Op extends OperationId>(
  fetchPage: FetchPage,
  operation: Op,
  query: OperationQuery<Op>,
  options: PageOptions = {},
): AsyncGenerator<HssPage<Op>, void, undefined> {
  const concurrency = options.concurrency ?? DEFAULT_PAGE_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError(`pages: concurrency must be an integer >= 1, got ${concurrency}`);
  }
  const base = query as OperationQuery<Op> & { offset?: number; limit?: number };
  const limit = base.limit ?? DEFAULT_PAGE_LIMIT;
  const start = base.offset ?? 0;
  // Aborting on early exit (break, or an error) stops the pages still in flight.
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const pageAt = (offset: number) =>
    fetchPage(operation, { ...query, offset, limit } as OperationQuery<Op>, { signal });

  try {
    const first = await pageAt(start);
    const total = first.totalNum;
    checkPage(first, total, start, limit);

    const offsets: number[] = [];
    for (let offset = start + limit; offset < total; offset += limit) offsets.push(offset);
    const last = offsets.at(-1);
    const { maximum } = integerRange(operation, "offset");
    if (last !== undefined && last > maximum) {
      const offsetSpec = parameterSpecs(operation).find((spec) => spec.name === "offset");
      const allowed = offsetSpec ? describeAllowed(offsetSpec.schema) : `at most ${maximum}`;
      throw new HssParameterError(
        [
          {
            name: "offset",
            in: "query",
            value: last,
            allowed,
            message: `total_num ${total} needs offsets up to ${last}, but offset must be ${allowed}; narrow the query (e.g. by enterprise_project_id or image_type) so each listing stays under ${maximum + limit} items`,
          },
        ],
        { operation, query: first.query as QueryValues, requestId: first.requestId },
      );
    }

    yield first;

    const inFlight: Array<Promise<HssPage<Op>>> = [];
    let next = 0;
    const launch = () => {
      const offset = offsets[next++];
      if (offset === undefined) return;
      const promise = pageAt(offset);
      // Rejections are handled when the page's turn comes; this stops an early one counting as unhandled.
      promise.catch(() => {});
      inFlight.push(promise);
    };
    while (inFlight.length < concurrency && next < offsets.length) launch();
    for (let index = 0; index < offsets.length; index++) {
      const page = await (inFlight.shift() as Promise<HssPage<Op>>);
      checkPage(page, total, offsets[index] as number, limit);
      launch();
      yield page;
    }
  } finally {
    controller.abort();
  }
}
