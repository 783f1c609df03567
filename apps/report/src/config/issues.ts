// Turns zod issues into one line each that names the key (or the flag) and what is allowed.
import type { z } from "zod";

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** One line per problem: a value that misses several checks the same way (beyond 2^53 is also above the maximum) once. */
export function formatIssues(error: z.ZodError, name: (path: readonly PropertyKey[]) => string): string[] {
  const lines = error.issues.map((issue) => {
    const where = name(issue.path);
    return where ? `${where}: ${issue.message}` : issue.message;
  });
  return [...new Set(lines)];
}
