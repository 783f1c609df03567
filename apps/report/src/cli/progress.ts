// Progress on stderr: on a terminal one line that updates in place; otherwise (CI logs, pipes) one line per stage;
// nothing with --quiet. Warnings, retries and failed scopes are always their own line.
import type { ProgressEvent } from "../fetch/progress.js";

export interface ProgressWriter {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  /** Terminal width: the updating line is cut to it, since a wrapped line cannot be cleared with one `\r`. */
  columns?: number | undefined;
}

export interface Progress {
  onProgress(event: ProgressEvent): void;
  /** A line that stays (the last line naming the files, notices). */
  line(text: string): void;
  /** Clears the updating line before an error is printed. */
  clear(): void;
}

export function describeEvent(event: ProgressEvent): string {
  switch (event.stage) {
    case "demo":
      return event.message;
    case "rules":
      return `${event.scopeId} ${event.imageKind}: ${event.rules} rule(s) selected`;
    case "images":
      return `affected images: ${event.listingsDone}/${event.listingsTotal} rule listings read, ${event.images} image rows`;
    case "scope-failed":
      return `scope ${event.scopeId} failed: ${event.message}`;
    case "warning":
      return `warning: ${event.message}`;
    case "retry":
      return `${event.scopeId}: ${event.message}`;
    case "build":
      return "building the report model";
    case "render":
      return `rendering ${event.format}`;
    case "write":
      return `writing ${event.dir}`;
    case "deliver":
      return `delivering to ${event.targets} target(s)`;
  }
}

const PERMANENT = new Set<ProgressEvent["stage"]>(["demo", "scope-failed", "warning", "retry", "rules"]);

export function createProgress(out: ProgressWriter, quiet: boolean): Progress {
  if (quiet) return { onProgress: () => {}, line: () => {}, clear: () => {} };
  if (out.isTTY) {
    let showing = false;
    const clear = () => {
      if (showing) out.write("\r\x1b[2K");
      showing = false;
    };
    return {
      onProgress(event) {
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
      clear,
    };
  }
  // Not a terminal: one line per stage; the images counter only when that stage ends, with its final numbers.
  let pendingImages: ProgressEvent | undefined;
  const flushImages = () => {
    if (pendingImages) out.write(`${describeEvent(pendingImages)}\n`);
    pendingImages = undefined;
  };
  return {
    onProgress(event) {
      if (event.stage === "images") {
        pendingImages = event;
        return;
      }
      if (!PERMANENT.has(event.stage)) flushImages();
      out.write(`${describeEvent(event)}\n`);
    },
    line(text) {
      flushImages();
      out.write(`${text}\n`);
    },
    clear: flushImages,
  };
}
