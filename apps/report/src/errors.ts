// Errors that end a run, each with its documented exit code (README, "Exit codes"). Messages are shown to the user as they are,
// so they never contain credentials (they are built from option names and API error codes only).

/** Exit 2: the command line, the config file or the environment is wrong. */
export class UsageError extends Error {
  readonly exitCode = 2;
  override name = "UsageError";
}

/** Exit 3: the API or the network failed (after the client's retries). */
export class FetchFailure extends Error {
  readonly exitCode = 3;
  override name = "FetchFailure";
}

/**
 * Exit codes of `hss-report` (the README lists the same): 0 done; 1 a bug (stack trace); 2 usage or configuration;
 * 3 API or network failure (nothing written); 4 `--fail-on` failed (report written); 5 a delivery target failed
 * (report written; wins over 4); 6 written with `--allow-partial` while some scopes could not be read (report marked
 * PARTIAL; 4 and 5 win); 130 SIGINT, 143 SIGTERM (128 + the signal's number, as shells report it; nothing written).
 */
export const EXIT = {
  ok: 0,
  bug: 1,
  usage: 2,
  api: 3,
  gate: 4,
  delivery: 5,
  partial: 6,
  sigint: 130,
  sigterm: 143,
} as const;

export type ExitCode = 0 | 1 | 2 | 3 | 4;

/** The abort reason when a signal stops a run. */
export class Interrupted extends Error {
  override name = "Interrupted";
  constructor(readonly signal: "SIGINT" | "SIGTERM") {
    super(`interrupted by ${signal}`);
  }
}

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return 2;
  if (error instanceof FetchFailure) return 3;
  return 1;
}
