// Progress on stderr: on a terminal one line that updates in place; otherwise (CI logs, pipes, supervisors) one line
// per stage, and while affected images are read a line at least every HEARTBEAT_MS (pages read of the total,
// requests, retries, ETA), so a long rate-limited fetch is never silent in a log. --quiet silences progress only:
// warnings, the --fail-on verdict and errors (`notice`) are always printed. A failed scope is not printed here: the
// run names it once, in its error (exit 3) or in the PARTIAL warning.
import type { ProgressEvent } from "../fetch/progress.js";
import { countEn } from "../i18n/index.js";

export interface ProgressWriter {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  /** Terminal width: the updating line is cut to it, since a wrapped line cannot be cleared with one `\r`. */
  columns?: number | undefined;
}

export interface Progress {
  onProgress(event: ProgressEvent): void;
  /** A line that stays (the last line naming the files); silenced by --quiet. */
  line(text: string): void;
  /** A warning or the verdict: printed even with --quiet. */
  notice(text: string): void;
  /** Clears the updating line before an error is printed. */
  clear(): void;
  /** Stops the heartbeat timer (the run is over). */
  stop(): void;
}

/** Without a terminal, the longest silence while pages are being read. */
export const HEARTBEAT_MS = 10_000;
/** How often the heartbeat is due is checked (ms): a heartbeat comes at most this late. */
export const HEARTBEAT_CHECK_MS = Math.min(1000, HEARTBEAT_MS / 10);

/** What the heartbeat line reports, counted from the events. */
interface Counters {
  pagesRead: number;
  pagesTotal: number;
  requests: number;
  retries: number;
}

export function describeEvent(event: ProgressEvent): string {
  switch (event.stage) {
    case "demo":
      return event.message;
    case "rules":
      return `${event.scopeId} ${event.imageKind}: ${countEn(event.rules, "rule", "rules")} selected`;
    case "images":
      return `affected images: ${event.listingsDone}/${event.listingsTotal} rule listings read, ${countEn(event.images, "image row", "image rows")}`;
    case "scope-failed":
      return `scope ${event.scopeId} failed: ${event.message}`;
    case "warning":
      return `warning: ${event.message}`;
    case "retry":
      return `${event.scopeId}: ${event.message}`;
    case "request":
      return "request";
    case "build":
      return "building the report model";
    case "render":
      return `rendering ${event.format}`;
    case "write":
      return `writing ${event.dir}`;
    case "deliver":
      return `delivering to ${countEn(event.targets, "target", "targets")}`;
  }
}

/** `progress: 120/480 pages read, 131 requests, 4 retries, ETA 1 min 20 s` */
export function heartbeatLine(c: Counters, elapsedMs: number): string {
  const total = Math.max(c.pagesTotal, c.pagesRead);
  const eta =
    c.pagesRead > 0 && total > c.pagesRead
      ? `ETA ${duration((elapsedMs / c.pagesRead) * (total - c.pagesRead))}`
      : "ETA unknown";
  return `progress: ${c.pagesRead}/${countEn(total, "page", "pages")} read, ${countEn(c.requests, "request", "requests")}, ${countEn(c.retries, "retry", "retries")}, ${eta}`;
}

function duration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  return s >= 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s} s`;
}

/** Events that stay on their own line (the rest update the terminal line, or wait for their stage's end). */
const PERMANENT = new Set<ProgressEvent["stage"]>(["demo", "warning", "retry", "rules"]);

export function createProgress(out: ProgressWriter, quiet: boolean, now: () => number = Date.now): Progress {
  const notice = (text: string) => out.write(`${text}\n`);
  if (quiet) {
    return {
      onProgress: (event) => {
        if (event.stage === "warning") notice(describeEvent(event));
      },
      line: () => {},
      notice,
      clear: () => {},
      stop: () => {},
    };
  }
  if (out.isTTY) {
    let showing = false;
    const clear = () => {
      if (showing) out.write("\r\x1b[2K");
      showing = false;
    };
    return {
      onProgress(event) {
        if (event.stage === "scope-failed" || event.stage === "request") return;
        if (PERMANENT.has(event.stage) && event.stage !== "rules") {
          clear();
          out.write(`${describeEvent(event)}\n`);
          return;
        }
        clear();
        const text = describeEvent(event);
        const width = out.columns && out.columns > 1 ? out.columns - 1 : text.length;
        out.write(text.length > width ? `${text.slice(0, width - 1)}…` : text);
        showing = true;
      },
      line(text) {
        clear();
        out.write(`${text}\n`);
      },
      notice(text) {
        clear();
        notice(text);
      },
      clear,
      stop: clear,
    };
  }
  // Not a terminal: one line per stage; the images counter only when that stage ends, with its final numbers; a
  // heartbeat while pages are read and nothing else was written for HEARTBEAT_MS.
  const counters: Counters = { pagesRead: 0, pagesTotal: 0, requests: 0, retries: 0 };
  const started = now();
  let lastWrite = started;
  let pendingImages: ProgressEvent | undefined;
  let fetching = false;
  const write = (text: string) => {
    out.write(`${text}\n`);
    lastWrite = now();
  };
  const flushImages = () => {
    if (pendingImages) write(describeEvent(pendingImages));
    pendingImages = undefined;
  };
  const timer = setInterval(() => {
    if (fetching && now() - lastWrite >= HEARTBEAT_MS) write(heartbeatLine(counters, now() - started));
  }, HEARTBEAT_CHECK_MS);
  timer.unref?.();
  return {
    onProgress(event) {
      switch (event.stage) {
        case "request":
          counters.requests++;
          fetching = true;
          return;
        case "scope-failed":
          return;
        case "images":
          counters.pagesRead = event.pagesRead;
          counters.pagesTotal = event.pagesTotal;
          pendingImages = event;
          fetching = true;
          return;
        case "retry":
          counters.retries++;
          break;
        default:
          if (!PERMANENT.has(event.stage)) {
            fetching = false;
            flushImages();
          }
      }
      write(describeEvent(event));
    },
    line(text) {
      flushImages();
      write(text);
    },
    notice(text) {
      flushImages();
      write(text);
    },
    clear: flushImages,
    stop() {
      clearInterval(timer);
      flushImages();
    },
  };
}
