// Opt-in fault injection. Every fault has a trigger that picks requests deterministically: by ordinal ("the 3rd
// images request"), by period ("every 10th"), or at a rate drawn from a PRNG seeded by (seed, fault), so the same
// request sequence always meets the same faults.
import { hashString, mulberry32 } from "./prng.js";

export type Endpoint = "rules" | "images";

export interface FaultTrigger {
  /** 1-based ordinal(s) among the requests this fault watches (see `endpoint`, `projectId`). */
  nth?: number | readonly number[];
  /** Every k-th watched request (k, 2k, 3k, ...). */
  every?: number;
  /** Probability per watched request, from a PRNG seeded by the emulator seed and the fault's name. */
  rate?: number;
  /** Only fire from this ordinal on (with `rate`/`every`); combined with `times` to make a burst. */
  from?: number;
  /** Fire at most this many times. */
  times?: number;
  /** Which endpoint's requests count (default both). */
  endpoint?: Endpoint | "any";
  /** Only requests for this project count. */
  projectId?: string;
}

export interface FaultOptions {
  /**
   * Answers 429 `APIG.0308` with `Retry-After: retryAfter` (seconds, decimals too, or any text such as an HTTP
   * date, sent as given), or without the header when `retryAfter` is null.
   */
  throttle?: FaultTrigger & { retryAfter?: number | string | null };
  /** Answers a 5xx: 500 `HSS.0041` (JSON), 502 (an HTML page, not JSON), 503 or 504 `APIGW` errors. */
  serverError?: FaultTrigger & { status?: 500 | 502 | 503 | 504 };
  /** Destroys the socket without answering (the client sees ECONNRESET / "socket hang up"). */
  reset?: FaultTrigger;
  /** Sends the status line, a full Content-Length and half the body, then destroys the socket. */
  truncate?: FaultTrigger;
  /** Answers 200 with a body that violates the schema (`image_size: "big"`, `image_num: "many"`, a missing field...). */
  schemaViolation?: FaultTrigger;
  /** Delays the answer by `ms` (beyond a client's timeout, for example). */
  latency?: FaultTrigger & { ms: number };
  /**
   * Newly scanned images land before the answer (`delta` of them, default 7, or more until the requested rule's
   * `total_num` really changes; a negative delta removes the newest images): `total_num` changes mid-walk and pages
   * shift. On the rules endpoint `image_num` values change (its `total_num` counts rules). The dataset changes too,
   * so it still tells what HSS holds afterwards.
   */
  totalNumChange?: FaultTrigger & { delta?: number };
  /** Every IAM-issued token expires just before this request is authenticated (it gets 401). */
  tokenExpiry?: FaultTrigger;
}

export type FaultName = keyof FaultOptions;

export const FAULT_NAMES: readonly FaultName[] = [
  "throttle",
  "serverError",
  "reset",
  "truncate",
  "schemaViolation",
  "latency",
  "totalNumChange",
  "tokenExpiry",
];

export interface RequestFacts {
  endpoint: Endpoint;
  projectId: string;
}

class TriggerState {
  private seen = 0;
  private fired = 0;
  private readonly random: () => number;
  private readonly nth: ReadonlySet<number>;

  constructor(
    private readonly trigger: FaultTrigger,
    seed: string,
    name: string,
  ) {
    this.random = mulberry32(hashString(`${seed}|fault|${name}`));
    const nth = trigger.nth;
    this.nth = new Set(nth === undefined ? [] : typeof nth === "number" ? [nth] : nth);
  }

  /** Counts the request if this trigger watches it, and says whether the fault fires on it. */
  fires(facts: RequestFacts): boolean {
    const { endpoint = "any", projectId } = this.trigger;
    if (endpoint !== "any" && endpoint !== facts.endpoint) return false;
    if (projectId !== undefined && projectId !== facts.projectId) return false;
    const ordinal = ++this.seen;
    // Draw on every watched request, fired or not, so one fault's draws never depend on another's.
    const draw = this.random();
    if (this.trigger.times !== undefined && this.fired >= this.trigger.times) return false;
    let fire = this.nth.has(ordinal);
    const from = this.trigger.from ?? 1;
    if (!fire && ordinal >= from) {
      if (this.trigger.every !== undefined && this.trigger.every > 0)
        fire = (ordinal - from + 1) % this.trigger.every === 0;
      if (!fire && this.trigger.rate !== undefined) fire = draw < this.trigger.rate;
      if (
        !fire &&
        this.trigger.times !== undefined &&
        this.trigger.every === undefined &&
        this.trigger.rate === undefined &&
        this.nth.size === 0
      ) {
        // `from` + `times` alone: a burst of consecutive requests.
        fire = true;
      }
    }
    if (fire) this.fired++;
    return fire;
  }
}

/** The faults chosen for one request. */
export type FaultDecision = { [K in FaultName]?: NonNullable<FaultOptions[K]> };

export class FaultInjector {
  private states = new Map<FaultName, TriggerState>();

  constructor(
    private readonly options: FaultOptions,
    seed: string,
  ) {
    for (const name of FAULT_NAMES) {
      const trigger = options[name];
      if (trigger) this.states.set(name, new TriggerState(trigger, seed, name));
    }
  }

  get active(): boolean {
    return this.states.size > 0;
  }

  /** Decides every fault for one API request (each trigger counts the request once). */
  decide(facts: RequestFacts): FaultDecision {
    const decision: FaultDecision = {};
    for (const [name, state] of this.states) {
      if (state.fires(facts)) (decision as Record<string, unknown>)[name] = this.options[name];
    }
    return decision;
  }
}

/**
 * Parses the CLI form: `name[:key=value,...]`, several separated by `;` (or repeated flags). `nth` takes
 * `3+7+9`. Names: throttle, 5xx (serverError), reset, truncate, schema (schemaViolation), latency,
 * drift (totalNumChange), expire (tokenExpiry); the long names work too.
 */
export function parseFaultSpec(specs: readonly string[]): FaultOptions {
  const aliases: Record<string, FaultName> = {
    "5xx": "serverError",
    schema: "schemaViolation",
    drift: "totalNumChange",
    expire: "tokenExpiry",
    "429": "throttle",
  };
  const result: Record<string, Record<string, unknown>> = {};
  for (const spec of specs
    .flatMap((s) => s.split(";"))
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [rawName = "", rawParams = ""] = spec.split(/:(.*)/s);
    const name = aliases[rawName] ?? FAULT_NAMES.find((n) => n === rawName);
    if (!name) {
      throw new Error(
        `unknown fault "${rawName}" in "${spec}"; known: ${[...Object.keys(aliases), ...FAULT_NAMES].join(", ")}`,
      );
    }
    const fault: Record<string, unknown> = {};
    for (const pair of rawParams
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [key = "", value = ""] = pair.split("=");
      const normalized = key === "project" ? "projectId" : key === "retry-after" ? "retryAfter" : key;
      fault[normalized] = parseFaultParam(name, key, value, spec);
    }
    if (Object.keys(fault).every((key) => !["nth", "every", "rate", "from", "times"].includes(key))) {
      throw new Error(`fault "${spec}" needs a trigger: nth=N[+N...], every=K, rate=P or from=N,times=M`);
    }
    if (name === "latency" && fault.ms === undefined) throw new Error(`fault "${spec}" needs ms=MILLISECONDS`);
    result[name] = fault;
  }
  return result as FaultOptions;
}

function parseFaultParam(name: FaultName, key: string, value: string, spec: string): unknown {
  const integer = (): number => {
    if (!/^\d+$/.test(value)) throw new Error(`fault "${spec}": ${key} must be a non-negative integer, got "${value}"`);
    return Number(value);
  };
  switch (key) {
    case "nth":
      return value.split("+").map((part) => {
        if (!/^[1-9]\d*$/.test(part))
          throw new Error(`fault "${spec}": nth takes ordinals from 1 joined by +, got "${value}"`);
        return Number(part);
      });
    case "every":
    case "from":
    case "times":
    case "ms":
      return integer();
    case "delta":
      if (!/^-?[1-9]\d*$/.test(value))
        throw new Error(`fault "${spec}": delta must be a non-zero integer, got "${value}"`);
      return Number(value);
    case "rate": {
      const rate = Number(value);
      if (!(rate >= 0 && rate <= 1) || value === "")
        throw new Error(`fault "${spec}": rate must be between 0 and 1, got "${value}"`);
      return rate;
    }
    case "endpoint":
      if (!["rules", "images", "any"].includes(value))
        throw new Error(`fault "${spec}": endpoint is rules, images or any`);
      return value;
    case "project":
    case "projectId":
      return value;
    case "status":
      if (name !== "serverError" || !["500", "502", "503", "504"].includes(value)) {
        throw new Error(`fault "${spec}": status applies to 5xx and is 500, 502, 503 or 504`);
      }
      return Number(value);
    case "retryAfter":
    case "retry-after":
      if (name !== "throttle") throw new Error(`fault "${spec}": retryAfter applies to throttle`);
      if (value === "none") return null;
      if (!/^\d+(\.\d+)?$/.test(value))
        throw new Error(`fault "${spec}": retryAfter is seconds (decimals allowed) or none, got "${value}"`);
      return Number(value);
    default:
      throw new Error(`fault "${spec}": unknown parameter "${key}"`);
  }
}

/**
 * Makes a valid 200 body invalid against the spec, one way per call (`variant` rotates): a wrong type, a value
 * outside its enum, a missing required field, a negative count.
 */
export function violateSchema(
  endpoint: Endpoint,
  body: { total_num: number; data_list: unknown[] },
  variant: number,
): unknown {
  const first = body.data_list[0] as Record<string, unknown> | undefined;
  const copy: Record<string, unknown> = { ...body, data_list: [...body.data_list] };
  const item = first ? { ...first } : undefined;
  if (item) (copy.data_list as unknown[])[0] = item;
  switch (item ? variant % 4 : 3) {
    case 0:
      if (endpoint === "images") (item as Record<string, unknown>).image_size = "big";
      else (item as Record<string, unknown>).image_num = "many";
      break;
    case 1:
      if (endpoint === "images") (item as Record<string, unknown>).image_type = "floppy_disk";
      else (item as Record<string, unknown>).risk_level = "severe";
      break;
    case 2:
      if (endpoint === "images") delete (item as Record<string, unknown>).risk_detail_info;
      else delete (item as Record<string, unknown>).rule_id;
      break;
    default:
      copy.total_num = -1;
      copy.data_list = null;
  }
  return copy;
}
