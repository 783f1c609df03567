// Secrets must never leak through logs, error reports or debugging output, so every object that holds one gets a
// redacting `toJSON`, `toString` and `util.inspect` view. The methods are non-enumerable: spreading or comparing the
// object behaves as before.
import { inspect } from "node:util";

export const REDACTED = "[redacted]";

/** Returns a copy of `value` with the named fields replaced by `[redacted]` (when present). */
export function redactFields<T extends object>(value: T, secretFields: readonly string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    copy[key] = secretFields.includes(key) && field !== undefined ? REDACTED : field;
  }
  return copy;
}

/** Gives `value` a redacting `toJSON`/`toString`/inspect view (in place, non-enumerable) and returns it. */
export function makeRedacting<T extends object>(value: T, secretFields: readonly string[], label: string): T {
  if (!Object.isExtensible(value)) return value;
  const view = () => redactFields(value, secretFields);
  Object.defineProperties(value, {
    toJSON: { value: view, enumerable: false, configurable: true },
    toString: { value: () => `${label} ${JSON.stringify(view())}`, enumerable: false, configurable: true },
    [inspect.custom]: {
      value: (_depth: number, options: object) => `${label} ${inspect(view(), options)}`,
      enumerable: false,
      configurable: true,
    },
  });
  return value;
}
