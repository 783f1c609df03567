// JSON bodies without silent precision loss: an integer literal beyond 2^53 (an int64 such as the spec's own
// image_size maximum, 9223372036854775807) is kept as its exact decimal text instead of a rounded number.
import { parse } from "lossless-json";

/**
 * A number of 16 digits or more after `:`, `,` or `[` can be an integer beyond 2^53 (9007199254740991 has 16 digits);
 * without one, JSON.parse is exact. Digit runs inside strings (a sha256 digest often has one) do not count.
 */
const LONG_DIGITS = /[:,[]\s*-?\d{16}/;

/**
 * Parses `text` as JSON: numbers as numbers, except an integer that a number cannot hold exactly, which becomes its
 * decimal text. Bodies without a 16-digit run take the plain (fast) JSON.parse. Throws SyntaxError on bad JSON.
 */
export function parseJson(text: string): unknown {
  if (!LONG_DIGITS.test(text)) return JSON.parse(text);
  return parse(text, null, (literal) => {
    const value = Number(literal);
    return /^-?\d+$/.test(literal) && !Number.isSafeInteger(value) ? literal : value;
  });
}
