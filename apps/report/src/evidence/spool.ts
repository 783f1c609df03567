// A run's responses on disk instead of in memory: each page is appended to a temporary file as it arrives (from HSS,
// or from a saved evidence.json) and read back, one page at a time, whenever the responses are walked (the model,
// evidence.json, the seal). At 1,000,000 findings the parsed pages alone took ~1.4 GB of heap; a page held on disk
// costs a few bytes of index.
// Each response is written twice: the line `JSON.stringify` gives (the line evidence.json writes, parsed back for
// the model) and its RFC 8785 canonical form (what the seal hashes), so that neither is computed twice.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import canonicalize from "canonicalize";
import type { EvidenceResponse } from "./types.js";

/** Where one response is in the spool file (bytes): its JSON line, then its canonical form right after it. */
export interface SpoolRef {
  offset: number;
  length: number;
  canonicalLength: number;
}

/**
 * An append-only file of response lines in the system's temporary folder (`TMPDIR`). The file is unlinked as soon
 * as it is open where the platform allows it (Linux, macOS), so a run that is killed leaves nothing behind; `close`
 * removes it everywhere else. Appends and reads are synchronous: a line is written whole before any other code runs.
 */
export class ResponseSpool {
  readonly #dir: string;
  readonly #file: string;
  #fd: number | undefined;
  #size = 0;

  constructor() {
    this.#dir = mkdtempSync(join(tmpdir(), "hss-report-spool-"));
    this.#file = join(this.#dir, "responses.jsonl");
    this.#fd = openSync(this.#file, "w+", 0o600);
    try {
      unlinkSync(this.#file);
      rmSync(this.#dir, { recursive: true, force: true });
    } catch {
      // Windows keeps an open file: removed by close().
    }
  }

  /** Writes the response (its JSON line and its canonical form) and returns where it is. */
  append(response: EvidenceResponse): SpoolRef {
    const line = JSON.stringify(response);
    const canonical = canonicalize(response) ?? "null";
    const bytes = Buffer.from(line + canonical, "utf8");
    const length = Buffer.byteLength(line, "utf8");
    const offset = this.#size;
    let written = 0;
    while (written < bytes.length) {
      written += writeSync(this.#open(), bytes, written, bytes.length - written, offset + written);
    }
    this.#size += bytes.length;
    return { offset, length, canonicalLength: bytes.length - length };
  }

  /** The JSON line of a response, as `append` wrote it. */
  line(ref: SpoolRef): string {
    return this.#read(ref.offset, ref.length).toString("utf8");
  }

  /** The UTF-8 bytes of the response's RFC 8785 canonical form. */
  canonical(ref: SpoolRef): Buffer {
    return this.#read(ref.offset + ref.length, ref.canonicalLength);
  }

  /** The responses at `refs`, in that order: an iterable that reads them again each time it is walked. */
  responses(refs: readonly SpoolRef[]): SpooledResponses {
    return new SpooledResponses(this, refs);
  }

  /** Closes and removes the file; the responses can no longer be read. */
  close(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#dir, { recursive: true, force: true });
  }

  #read(offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    let read = 0;
    while (read < length) {
      const n = readSync(this.#open(), bytes, read, length - read, offset + read);
      if (n === 0) throw new Error(`response spool: ${length - read} bytes missing at ${offset + read}`);
      read += n;
    }
    return bytes;
  }

  #open(): number {
    if (this.#fd === undefined) throw new Error("response spool: read after the run ended");
    return this.#fd;
  }
}

/** Runs `use` with a new spool, closed (its file removed) when `use` settles. */
export async function withSpool<T>(use: (spool: ResponseSpool) => Promise<T>): Promise<T> {
  const spool = new ResponseSpool();
  try {
    return await use(spool);
  } finally {
    spool.close();
  }
}

/** Responses kept in a {@link ResponseSpool}: each walk parses one line at a time. */
export class SpooledResponses implements Iterable<EvidenceResponse> {
  constructor(
    private readonly spool: ResponseSpool,
    private readonly refs: readonly SpoolRef[],
  ) {}

  get length(): number {
    return this.refs.length;
  }

  *[Symbol.iterator](): Iterator<EvidenceResponse> {
    for (const ref of this.refs) yield JSON.parse(this.spool.line(ref)) as EvidenceResponse;
  }

  /** The responses' JSON lines (`JSON.stringify` of each), without parsing them. */
  *lines(): Generator<string> {
    for (const ref of this.refs) yield this.spool.line(ref);
  }

  /** The responses' RFC 8785 canonical forms (UTF-8), as the seal hashes them. */
  *canonical(): Generator<Buffer> {
    for (const ref of this.refs) yield this.spool.canonical(ref);
  }
}
