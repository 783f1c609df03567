import { ErrorResponseSchema } from "./generated/zod.js";

export interface ParsedErrorBody {
  errorCode?: string | undefined;
  errorMsg?: string | undefined;
  /** The body text when it was not an HSS or gateway error body (truncated to 2,000 characters). */
  bodyText?: string | undefined;
}

const MAX_TEXT = 2000;

/**
 * Reads both error body forms: `{error_code, error_msg}` (HSS) and `{error: {code, message}}` (gateways; IAM sends a
 * numeric code). Anything else keeps its text.
 */
export function parseErrorBody(text: string): ParsedErrorBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return text ? { bodyText: text.slice(0, MAX_TEXT) } : {};
  }
  const parsed = ErrorResponseSchema.safeParse(json);
  if (parsed.success) {
    return "error_code" in parsed.data
      ? { errorCode: parsed.data.error_code, errorMsg: parsed.data.error_msg }
      : { errorCode: parsed.data.error.code, errorMsg: parsed.data.error.message };
  }
  const loose = json as { error?: { code?: unknown; message?: unknown } } | null;
  if (loose && typeof loose === "object" && loose.error && typeof loose.error === "object") {
    const { code, message } = loose.error;
    if ((typeof code === "string" || typeof code === "number") && typeof message === "string") {
      return { errorCode: String(code), errorMsg: message };
    }
  }
  return { bodyText: text.slice(0, MAX_TEXT) };
}
