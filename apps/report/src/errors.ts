// Errors that end a run, each with the exit code issue 4 gives it. Messages are shown to the user as they are,
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

export type ExitCode = 0 | 1 | 2 | 3 | 4;

export function exitCodeOf(error: unknown): ExitCode {
  if (error instanceof UsageError) return 2;
  if (error instanceof FetchFailure) return 3;
  return 1;
}
