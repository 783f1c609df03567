// Reads everything a report needs from HSS: per scope and image kind, every page of the rules, then every page
// of the affected images of each selected rule. Each page becomes one EvidenceResponse, exactly as received, handed
// to `keep` as it arrives (a live run masks it and writes it to disk there, see evidence/spool.ts).
// A failing scope is recorded in `failures` and its partial responses dropped, so the others still make a report.

import pLimit from "p-limit";
import { UsageError } from "../errors.js";
import type {
  EvidenceResponse,
  ImageKind,
  ImagesResponse,
  RiskLevel,
  RuleInfo,
  RulesResponse,
  Scope,
  ScopeFailure,
} from "../evidence/types.js";
import type { OnProgress } from "./progress.js";
import type { Page, PagedClient } from "./source.js";

/** The largest page the API allows: fewer requests, fewer throttling hits. */
export const PAGE_LIMIT = 200;

export interface FetchScope {
  scope: Scope;
  client: PagedClient;
}

export interface FetchInput<Kept = EvidenceResponse> {
  scopes: FetchScope[];
  ruleIds: string[];
  riskLevels: RiskLevel[];
  concurrency: number;
  onProgress?: OnProgress | undefined;
  signal?: AbortSignal | undefined;
  /** Turns a thrown error into the message recorded for the failed scope (the CLI redacts secrets there). */
  describeError?: ((error: unknown) => Pick<ScopeFailure, "message" | "operation" | "requestId">) | undefined;
  /**
   * What the result keeps of each response of the evidence, called once per page as it arrives (not for the rules
   * listing read again at the end). Default: the response itself.
   */
  keep?: ((response: EvidenceResponse) => Kept | Promise<Kept>) | undefined;
}

export interface FetchResult<Kept = EvidenceResponse> {
  /** What `keep` returned for each response, in a fixed order: scope, kind, rules pages, then images per rule. */
  responses: Kept[];
  failures: ScopeFailure[];
}

interface KindResult<Kept> {
  imageKind: ImageKind;
  rules: Kept[];
  /** One list of pages per selected rule, in the order the rules endpoint listed them. */
  images: Kept[][];
}

export async function fetchEvidence<Kept = EvidenceResponse>(input: FetchInput<Kept>): Promise<FetchResult<Kept>> {
  const keep = input.keep ?? ((response: EvidenceResponse) => response as Kept);
  // At most `concurrency` listings at once, across every scope, image kind and rule, so a fleet run does not flood
  // one region's rate limit however many scopes it lists.
  const limit = pLimit(input.concurrency);
  const progress = { listingsDone: 0, listingsTotal: 0, images: 0, pagesRead: 0, pagesTotal: 0 };
  const wantedRules = new Set(input.ruleIds);
  const wantedLevels = new Set(input.riskLevels);
  const seenRuleIds = new Set<string>();
  const listedRuleIds = new Set<string>();

  const describe = input.describeError ?? defaultDescribeError;
  const reportImages = () => input.onProgress?.({ stage: "images", ...progress });

  const fetchScope = async ({ scope, client }: FetchScope): Promise<KindResult<Kept>[]> => {
    // One scope's first error stops its other listings early: its data is dropped anyway.
    const scopeAbort = new AbortController();
    const stopped = () => scopeAbort.signal.aborted || input.signal?.aborted === true;
    const scopeSignal = input.signal ? AbortSignal.any([input.signal, scopeAbort.signal]) : scopeAbort.signal;
    // The first real error is the scope's failure; the "aborted" errors it causes elsewhere are not.
    let firstError: { error: unknown } | undefined;
    const fail = (error: unknown) => {
      firstError ??= { error };
      scopeAbort.abort();
    };

    // Every page of one listing: `read` sees each response, and what `keep` makes of it is returned (unless the
    // listing is not evidence).
    const collect = async <R extends EvidenceResponse>(
      operation: R["operation"],
      query: Record<string, string | number>,
      read: (response: R) => void,
      evidence = true,
    ): Promise<Kept[]> =>
      limit(async () => {
        const out: Kept[] = [];
        if (stopped()) throw new Error("aborted");
        for await (const page of client.pages(operation, query, { signal: scopeSignal })) {
          if (stopped()) throw new Error("aborted");
          const response = toResponse(scope.id, operation, page) as R;
          read(response);
          if (evidence) out.push(await keep(response));
          if (operation === "ListImageBuildCommandRisksImages") {
            progress.pagesRead++;
            reportImages();
          }
        }
        return out;
      });

    const fetchKind = async (imageKind: ImageKind): Promise<KindResult<Kept>> => {
      const baseQuery: Record<string, string | number> = { image_type: imageKind, limit: PAGE_LIMIT };
      if (scope.enterpriseProjectId) baseQuery.enterprise_project_id = scope.enterpriseProjectId;
      // The API filters by one level only; with several levels, filter here.
      const [onlyLevel] = wantedLevels;
      const rulesQuery = wantedLevels.size === 1 && onlyLevel ? { ...baseQuery, risk_level: onlyLevel } : baseQuery;
      const rules: RulesResponse[] = [];
      const keptRules = await collect<RulesResponse>("ListImageBuildCommandRisks", rulesQuery, (r) => rules.push(r));

      for (const page of rules) for (const rule of page.body.data_list ?? []) listedRuleIds.add(rule.rule_id);
      const selected = selectRules(rules, wantedRules, wantedLevels);
      for (const rule of selected) seenRuleIds.add(rule.rule_id);
      input.onProgress?.({ stage: "rules", scopeId: scope.id, imageKind, rules: selected.length });

      progress.listingsTotal += selected.length;
      // Each listing is at least one page, then one per PAGE_LIMIT images the rules listing announced.
      for (const rule of selected) progress.pagesTotal += Math.max(1, Math.ceil(rule.image_num / PAGE_LIMIT));
      reportImages();
      const images = await settleAll(
        selected.map(async (rule) => {
          let images = 0;
          const pages = await collect<ImagesResponse>(
            "ListImageBuildCommandRisksImages",
            { ...baseQuery, rule_id: rule.rule_id },
            (page) => {
              images += page.body.data_list?.length ?? 0;
            },
          );
          progress.listingsDone++;
          progress.images += images;
          reportImages();
          return pages;
        }),
        fail,
      );
      // Data that changed during the run would make a report that misses or repeats findings without anyone
      // noticing (a walk only checks its own total_num): read the rules listing again and compare the counts.
      if (selected.length > 0) {
        const again: RulesResponse[] = [];
        await collect<RulesResponse>("ListImageBuildCommandRisks", rulesQuery, (r) => again.push(r), false);
        checkUnchanged(selected, again);
      }
      return { imageKind, rules: keptRules, images };
    };

    try {
      return await settleAll(scope.imageTypes.map(fetchKind), fail);
    } catch (error) {
      throw firstError ? firstError.error : error;
    }
  };

  const results = await Promise.allSettled(input.scopes.map(fetchScope));
  // Stopped by a signal: nothing failed, the run was interrupted (no scope is reported as failed).
  if (input.signal?.aborted) throw input.signal.reason ?? new Error("aborted");
  const responses: Kept[] = [];
  const failures: ScopeFailure[] = [];
  results.forEach((result, index) => {
    const scopeId = input.scopes[index]?.scope.id ?? String(index);
    if (result.status === "rejected") {
      // A configuration mistake (e.g. password auth with no region for IAM) is the user's to fix: exit 2, not 3.
      if (result.reason instanceof UsageError) throw result.reason;
      const failure: ScopeFailure = { scopeId, ...describe(result.reason) };
      failures.push(failure);
      input.onProgress?.({ stage: "scope-failed", scopeId, message: failure.message });
      return;
    }
    // Deterministic order whatever the concurrency: scope, kind, rules pages, then images per rule.
    for (const kind of result.value) {
      responses.push(...kind.rules);
      for (const pages of kind.images) responses.push(...pages);
    }
  });

  // A rule id no scope that was read lists is a typo or another tenant's rule: a gate on it would pass on nothing.
  const unknown = [...wantedRules].filter((ruleId) => !seenRuleIds.has(ruleId));
  if (unknown.length > 0 && failures.length < input.scopes.length) {
    const listed = [...listedRuleIds].sort();
    const levels = wantedLevels.size > 0 ? ` at --risk-level ${[...wantedLevels].join(",")}` : "";
    throw new UsageError(
      `--rule ${unknown.join(",")}: no scope lists ${unknown.length === 1 ? "this rule" : "these rules"}${levels} ` +
        `(rules listed: ${listed.slice(0, 30).join(", ") || "none"}${listed.length > 30 ? ", ..." : ""})`,
    );
  }
  return { responses, failures };
}

/**
 * Like Promise.all, but waits for every task to settle before rejecting (so nothing keeps running unobserved
 * after the scope is judged); `onError` runs at the first failure so that the others can stop early.
 */
async function settleAll<T>(tasks: Promise<T>[], onError?: (error: unknown) => void): Promise<T[]> {
  const settled = await Promise.allSettled(
    tasks.map((task) =>
      task.catch((error: unknown) => {
        onError?.(error);
        throw error;
      }),
    ),
  );
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** Raised when the rules listing read after the images differs from the one read before: exit 3, run again. */
export class DataChangedError extends Error {
  override name = "DataChangedError";
  constructor(
    message: string,
    readonly operation: string,
    readonly requestId: string | undefined,
  ) {
    super(message);
  }
}

/** Every selected rule must have the same `image_num` in the second rules listing as in the first. */
export function checkUnchanged(selected: readonly RuleInfo[], again: readonly RulesResponse[]): void {
  const now = new Map<string, { imageNum: number; page: RulesResponse }>();
  for (const page of again) {
    for (const rule of page.body.data_list ?? []) {
      if (!now.has(rule.rule_id)) now.set(rule.rule_id, { imageNum: rule.image_num, page });
    }
  }
  const changed = selected.filter((rule) => now.get(rule.rule_id)?.imageNum !== rule.image_num);
  const [first] = changed;
  if (!first) return;
  const page = now.get(first.rule_id)?.page ?? again[0];
  const query = page
    ? Object.entries(page.query)
        .map(([key, value]) => `${key}=${String(value)}`)
        .join("&")
    : "";
  const requestId = page?.requestId;
  const counts = changed
    .slice(0, 5)
    .map((rule) => `${rule.rule_id} ${rule.image_num} -> ${now.get(rule.rule_id)?.imageNum ?? "gone"}`)
    .join(", ");
  throw new DataChangedError(
    `ListImageBuildCommandRisks with ${query} (${requestId ? `X-Request-Id ${requestId}` : "no X-Request-Id"}): ` +
      `the data changed during the run (affected images per rule: ${counts}${changed.length > 5 ? ", ..." : ""}); ` +
      "the images read could miss or repeat findings: run it again",
    "ListImageBuildCommandRisks",
    requestId,
  );
}

/** The rules of the pages that pass the filters, each rule id once (a page boundary may repeat one). */
export function selectRules(
  pages: RulesResponse[],
  ruleIds: ReadonlySet<string>,
  levels: ReadonlySet<RiskLevel>,
): RuleInfo[] {
  const byId = new Map<string, RuleInfo>();
  for (const page of pages) {
    for (const rule of page.body.data_list ?? []) {
      if (ruleIds.size > 0 && !ruleIds.has(rule.rule_id)) continue;
      if (levels.size > 0 && !levels.has(rule.risk_level)) continue;
      if (!byId.has(rule.rule_id)) byId.set(rule.rule_id, rule);
    }
  }
  return [...byId.values()];
}

function toResponse(scopeId: string, operation: EvidenceResponse["operation"], page: Page): EvidenceResponse {
  const response = {
    scopeId,
    operation,
    query: { ...page.query },
    ...(page.requestId ? { requestId: page.requestId } : {}),
    receivedAt: page.receivedAt,
    body: page.body,
    ...(page.nulls ? { nulls: page.nulls } : {}),
  };
  return response as EvidenceResponse;
}

function defaultDescribeError(error: unknown): Pick<ScopeFailure, "message" | "operation" | "requestId"> {
  const e = error as { message?: unknown; operation?: unknown; requestId?: unknown };
  const out: Pick<ScopeFailure, "message" | "operation" | "requestId"> = {
    message: typeof e?.message === "string" ? e.message : String(error),
  };
  if (typeof e?.operation === "string") out.operation = e.operation;
  if (typeof e?.requestId === "string") out.requestId = e.requestId;
  return out;
}
