// Masks the secrets that HSS quotes from images (build instructions, remediation texts, rule descriptions): the
// value goes, the key stays, so readers still see what to fix (`ENV DB_PASSWORD=****`). Two sources of spans:
// Dockerfile-aware rules of our own (key names, passwords handed to commands, credentials in URLs, the few token
// formats the collection lacks) and the token formats of secretlint's recommended rule set.
import { lintSource } from "@secretlint/core";
import { rules as recommendedRules } from "@secretlint/secretlint-rule-preset-recommend";

import { MASK } from "./policy.js";

export { MASK };

/** A masked text and how many values were replaced in it. */
export interface Masked {
  text: string;
  count: number;
}

interface Span {
  start: number;
  end: number;
}

// ---- key names -------------------------------------------------------------------------------------------------

/** Whole word parts that name a secret (`API_KEY`, `HUAWEICLOUD_SDK_SK`; `KEYCLOAK_URL` has no such part). */
const SECRET_PARTS = new Set([
  "password",
  "passwd",
  "pwd",
  "pass",
  "passphrase",
  "secret",
  "secrets",
  "token",
  "tokens",
  "key",
  "apikey",
  "sk",
  "ak",
  "credential",
  "credentials",
  "creds",
  "auth",
  "private",
  "privatekey",
]);
/** Long enough to be safe inside a glued word (`DBPASSWORD`, `githubToken` is split anyway). */
const SECRET_INFIXES = ["password", "passwd", "secret", "token", "credential", "apikey", "privatekey"];

/** Whether a variable, argument or option name says that its value is a secret. */
export function isSecretName(name: string): boolean {
  // `PWD` and `OLDPWD` are the shell's working directories; `MYSQL_PWD`, `PGPWD` are passwords.
  if (/^(?:old)?pwd$/i.test(name)) return false;
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  if (parts.some((part) => SECRET_PARTS.has(part))) return true;
  const glued = parts.join("");
  if (glued.endsWith("pwd")) return true;
  return SECRET_INFIXES.some((infix) => glued.includes(infix));
}

/** Words of a header name, beyond those of {@link isSecretName}, that say its value is a credential. */
const HEADER_PARTS = new Set(["authorization", "authentication", "cookie", "session", "signature"]);

/** Vendor headers whose name does not say so: JFrog Artifactory's API key (JFrog REST API, "Authentication"). */
const SECRET_HEADERS = new Set(["x-jfrog-art-api"]);

/** Whether an HTTP header's name says that its value is a credential: `X-Auth-Token`, `Cookie`; not `Accept`. */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower) || isSecretName(name)) return true;
  return lower.split(/[^a-z0-9]+/).some((part) => HEADER_PARTS.has(part));
}

// ---- values ----------------------------------------------------------------------------------------------------

/**
 * The span of the value starting at `at`: inside its quotes when quoted, else up to whitespace or a shell
 * separator. `rest` takes everything to the end of the line (legacy `ENV KEY value with spaces`).
 */
function valueSpan(text: string, at: number, rest = false): Span | undefined {
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, at + 1);
    const end = close === -1 ? lineEnd(text, at) : close;
    return { start: at + 1, end };
  }
  let end = at;
  if (rest) end = lineEnd(text, at);
  else while (end < text.length && !VALUE_END.test(text[end] as string)) end++;
  return end > at ? { start: at, end } : undefined;
}

/**
 * `-d 'token=VALUE' https://…`, `sh -c "./migrate DB_PASSWORD=VALUE"`: an assignment inside quotes ends at their
 * closing quote, which stays (the quote closes the argument, it is no part of the value).
 */
function insideQuotes(text: string, quote: string | undefined, span: Span | undefined): Span | undefined {
  if (!span || quote === undefined) return span;
  const close = text.indexOf(quote, span.start);
  return close !== -1 && close < span.end ? { start: span.start, end: close } : span;
}

/** The quote a shell is inside at `at`, reading its line from the start: `sh -c "./migrate DB_PASSWORD=VALUE"`. */
function enclosingQuote(text: string, at: number): string | undefined {
  let quote: string | undefined;
  for (let i = text.lastIndexOf("\n", at - 1) + 1; i < at; i++) {
    const char = text[i];
    if (char === "\\" && quote !== "'") i++;
    else if (quote === undefined && (char === '"' || char === "'")) quote = char;
    else if (char === quote) quote = undefined;
  }
  return quote;
}

/** Where an unquoted value ends: whitespace, a shell separator, or full-width punctuation of the zh-cn texts. */
const VALUE_END = /[\s;&|)`，。；、）]/;

function lineEnd(text: string, at: number): number {
  const nl = text.indexOf("\n", at);
  return nl === -1 ? text.length : nl;
}

/** A value that only refers to another variable (`$DB_PASSWORD`, `${TOKEN}`) holds no secret: keep it readable. */
const VARIABLE_ONLY = /^\$(\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** Nor does one read from a file (`$(cat /run/secrets/token)`, `$(< token)`), as BuildKit secret mounts are used. */
const FILE_ONLY = /^\$\((?:cat[ \t]+|<[ \t]*)[^\s;&|()`$]+\)$/;

function worthMasking(text: string, span: Span): boolean {
  const value = text.slice(span.start, span.end).trim();
  return value.length > 0 && value !== MASK && !VARIABLE_ONLY.test(value) && !FILE_ONLY.test(value);
}

// ---- our rules -------------------------------------------------------------------------------------------------

/** `KEY=VALUE` wherever it stands: `ENV`/`ARG`/`LABEL` pairs, `export K=V`, `--build-arg K=V`, `-DK=V`, `--K=V`. */
const ASSIGNMENT = /(?<=^|[\s;&|(`"'])(?:--?|-D)?([A-Za-z_][A-Za-z0-9_.-]*)=/g;

/** `ENV KEY value` and `ARG`/`LABEL` in their space-separated form (the value runs to the end of the line). */
const SPACE_FORM = /(?<=^|[\s;&|])(?:ENV|ARG|LABEL)[ \t]+([A-Za-z_][A-Za-z0-9_.-]*)[ \t]+(?=[^\s=])/gi;

// A value handed to a command: quoted, it is everything up to its closing quote (`'my pass'`); bare, up to white
// space or a quote. `PAIR` is `user:pass` the same way. In both, the value is the last group that took part.
const VALUE = String.raw`(?:'([^'\n]+)'|"([^"\n]+)"|([^\s"']+))`;
const PAIR = String.raw`(?:'[^\s:']+:([^'\n]+)'|"[^\s:"]+:([^"\n]+)"|[^\s:"']+:([^\s"'|]+))`;
const command = (source: string) => new RegExp(source, "dg");

/** Passwords and keys handed to commands, headers and config lines; the value is the last group that took part. */
const COMMAND_PASSWORDS: readonly RegExp[] = [
  // echo 'user:pass' | chpasswd   (also `printf`, and `sudo chpasswd`)
  command(String.raw`\b(?:echo|printf)\s+(?:-[a-z]+\s+)?${PAIR}\s*\|\s*(?:sudo\s+)?chpasswd\b`),
  // chpasswd <<< 'user:pass'
  command(String.raw`\bchpasswd\s*<<<\s*${PAIR}`),
  // echo 'pass' | passwd --stdin user
  command(String.raw`\b(?:echo|printf)\s+(?:-[a-z]+\s+)?${VALUE}\s*\|\s*(?:sudo\s+)?passwd\s+--stdin\b`),
  // useradd/usermod -p HASH, docker/podman/buildah/helm login -p PASS, sshpass -p PASS
  command(String.raw`\b(?:useradd|usermod|login|sshpass)\b[^|;&\n]*?\s-p\s+${VALUE}`),
  // mysql -pPASS (the password glued to -p; `-p NAME` would be a database name)
  command(String.raw`\bmysql(?:dump|admin|import|sh)?\b[^|;&\n]*?\s-p${VALUE}`),
  // --password PASS, also --http-password, --proxy-password, --db-pass ... (the `=` form is an assignment)
  command(String.raw`(?<=^|\s)--(?:[a-z]+-)*(?:password|passwd|pass|pwd)\s+(?!-)${VALUE}`),
  // curl -u user:pass, --user user:pass, -U/--proxy-user user:pass
  command(String.raw`\bcurl\b[^|;&\n]*?\s(?:-u|--user|-U|--proxy-user)\s+${PAIR}`),
  // htpasswd -b[c] FILE USER PASS, htpasswd -nb USER PASS (the password on the command line)
  command(
    String.raw`\bhtpasswd\s+(?=(?:-[A-Za-z]+\s+)*-[A-Za-z]*b)(?!(?:-[A-Za-z]+\s+)*-[A-Za-z]*n)(?:-[A-Za-z]+\s+)+[^\s-]\S*\s+\S+\s+${VALUE}`,
  ),
  command(
    String.raw`\bhtpasswd\s+(?=(?:-[A-Za-z]+\s+)*-[A-Za-z]*b)(?=(?:-[A-Za-z]+\s+)*-[A-Za-z]*n)(?:-[A-Za-z]+\s+)+[^\s-]\S*\s+${VALUE}`,
  ),
  // aws configure set aws_secret_access_key VALUE (also with a profile prefix, and the session token)
  command(String.raw`\baws\s+configure\s+set\s+(?:[\w-]+\.)?(?:aws_secret_access_key|aws_session_token)\s+${VALUE}`),
  // .npmrc: //registry.example.com/:_authToken=VALUE (also _auth, _password; `npm config set` with a space)
  command(String.raw`\/\/[^\s"']*:_(?:authToken|auth|password)(?:=|\s+)${VALUE}`),
  // yarn config set npmAuthToken VALUE (also npmAuthIdent, npmPassword)
  command(String.raw`\byarn\s+config\s+set\s+(?:-\S+\s+)*(?:npmAuthToken|npmAuthIdent|npmPassword)\s+${VALUE}`),
  // ~/.netrc: machine HOST login USER password VALUE (also `default`)
  command(String.raw`\b(?:machine\s+\S+|default)\s+(?:login\s+\S+\s+)?password\s+${VALUE}`),
];

// ---- JSON ------------------------------------------------------------------------------------------------------

/**
 * `"name": "value"` in JSON an instruction writes or sends (`~/.docker/config.json`'s `"auth"`, a login body's
 * `"password"`), also with the quotes escaped inside a double-quoted argument (`\"auth\":\"…\"`).
 */
const JSON_PAIR = /(\\?["'])([A-Za-z_][\w.-]*)\1[ \t]*:[ \t]*(\\?["'])/g;

/** The string values of JSON members whose name says they hold a secret. */
function jsonSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(JSON_PAIR)) {
    if (!isSecretName(match[2] as string)) continue;
    const start = (match.index ?? 0) + match[0].length;
    const quote = match[3] as string;
    const end = quote.length > 1 ? text.indexOf(quote, start) : closingQuote(text, start, quote);
    spans.push({ start, end: end === -1 ? lineEnd(text, start) : end });
  }
  return spans;
}

// ---- HTTP headers ----------------------------------------------------------------------------------------------

/**
 * `Name:` and the white space after it; the name after an opening quote, white space, `=` (`--header=`) or the `\n`
 * escape of an `echo`/`printf` (a YAML line).
 */
const HEADER = /(?<=^|[\s'"=]|\\n)([A-Za-z][\w.-]*):[ \t]*/g;

/** What stands before a header handed to curl (`-H`, `--header`, `--proxy-header`) or wget (`--header=`). */
const HEADER_OPTION = /(?:^|\s)(?:-H|--header|--proxy-header)(?:[ \t]*|=)\\?['"]?$/;

/** A name that reads as a header wherever it stands: hyphenated (`X-Auth-Token`), or one of these words. */
const HEADER_LIKE = /-|^(?:authorization|cookie)$/i;

/** A name that is a header even with no white space after its colon (`X-Auth-Token:…`, httpie's `Cookie:…`). */
const HEADER_ONLY = /^(?:x-|(?:proxy-)?authorization$|cookie$|private-token$)/i;

/**
 * Authentication schemes, kept before the credential they introduce (RFC 9110 §11.4): IANA's HTTP Authentication
 * Scheme Registry, and GitHub's `token`.
 */
const AUTH_SCHEME =
  /(?:Basic|Bearer|Concealed|Digest|DPoP|GNAP|HOBA|Mutual|Negotiate|OAuth|PrivateToken|SCRAM-SHA-1|SCRAM-SHA-256|vapid|token)[ \t]+/iy;

/**
 * The values of headers whose name says they hold a credential (`-H 'X-Auth-Token: ****'`, `--header=Cookie:****`,
 * `http.extraHeader="Authorization: Basic ****"`), and of such `name: value` lines inside quotes (YAML written by
 * `echo`). A header quoted on its own runs to its closing quote; a bare one to white space or a quote; a line inside
 * a longer quoted text to its closing quote or the next `\n`. Outside a header option, white space must follow the
 * colon unless the name can only be a header (`auth-server:1.2.3` is an image), and a lone word (`token: …`) must
 * stand inside quotes, as prose does not.
 */
function headerSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const match of text.matchAll(HEADER)) {
    const name = match[1] as string;
    if (!isSecretHeader(name)) continue;
    const at = match.index ?? 0;
    const option = HEADER_OPTION.test(text.slice(Math.max(0, at - 24), at));
    const spaced = match[0].length > name.length + 1;
    const own = isQuote(text[at - 1]);
    const inside = own ? undefined : enclosingQuote(text, at);
    if (!option && !((own || inside || HEADER_LIKE.test(name)) && (spaced || HEADER_ONLY.test(name)))) continue;
    let start = at + match[0].length;
    // The quote the value ends at: the header's own (`'X-Auth-Token: …'`), else one opening the value (`Cookie:"…"`).
    let open = at - 1;
    if (!own && isQuote(text[start])) open = start++;
    AUTH_SCHEME.lastIndex = start;
    if (AUTH_SCHEME.test(text)) start = AUTH_SCHEME.lastIndex;
    let end: number;
    if (isQuote(text[open])) end = quotedEnd(text, start, open);
    else if (inside && !option) end = Math.min(closingQuote(text, start, inside), escapedLineEnd(text, start));
    else end = bareEnd(text, start);
    spans.push({ start, end });
  }
  return spans;
}

/** Where the `\n` escape of an `echo`/`printf` ends a line, or the text ends. */
function escapedLineEnd(text: string, from: number): number {
  const at = text.indexOf("\\n", from);
  return at === -1 ? text.length : at;
}

const isQuote = (char: string | undefined): boolean => char === '"' || char === "'";

/**
 * Where the value opened by the quote at `open` ends: at its closing quote; for a quote escaped inside double quotes
 * (`sh -c "curl -H \"X-Auth-Token: …\" …"`) at the next escaped one; else at the end of the line.
 */
function quotedEnd(text: string, from: number, open: number): number {
  const quote = text[open] as string;
  if (text[open - 1] === "\\") {
    const close = text.indexOf(`\\${quote}`, from);
    return close === -1 ? lineEnd(text, from) : close;
  }
  return closingQuote(text, from, quote);
}

/** Where a value opened by `quote` ends: its closing quote (a `\"` inside double quotes does not close), or the line. */
function closingQuote(text: string, from: number, quote: string): number {
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (char === "\n" || char === quote) return at;
    if (char === "\\" && quote === '"') at++;
  }
  return text.length;
}

/** Where a bare value ends: where {@link VALUE_END} says, or at a quote. */
function bareEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && !VALUE_END.test(text[end] as string) && text[end] !== '"' && text[end] !== "'") end++;
  return end;
}

/**
 * `scheme://user:pass@host`: the password goes, the user and host stay. The userinfo ends at the LAST `@` of the
 * authority, which itself ends at the first `/`, `?` or `#` (RFC 3986 §3.2), so a password may hold `@` and `:`.
 */
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"']*:([^\s/?#"']+)@/dgi;

/**
 * Token formats secretlint's recommended set does not know: Huawei Cloud access key ids (20 upper-case letters and
 * digits, both present), GitLab tokens, JWTs, and PEM private-key bodies without their END line (HSS cuts
 * instructions at 256 characters, and secretlint needs the whole block).
 */
const TOKENS: readonly RegExp[] = [
  /\b(?=[A-Z0-9]{20}\b)(?=[A-Z0-9]*[0-9])(?=[A-Z0-9]*[A-Z])[A-Z0-9]{20}\b/g,
  /\bgl(?:pat|dt|rt|ptt|oas|cbt|imt|ft)-[A-Za-z0-9_-]{20,}/g,
  /\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{8,}/g,
];
// The body: base64, line breaks and the `\n` escapes of an `echo`, up to the END line or whatever is not key.
const PEM_BODY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----([A-Za-z0-9+/=\s\\]*)/dg;

/** The spans our own rules find. */
export function ownSpans(text: string): Span[] {
  const spans: Span[] = [];
  const add = (span: Span | undefined) => {
    if (span && worthMasking(text, span)) spans.push(span);
  };
  for (const match of text.matchAll(ASSIGNMENT)) {
    if (!isSecretName(match[1] as string)) continue;
    const at = (match.index ?? 0) + match[0].length;
    add(insideQuotes(text, enclosingQuote(text, at), valueSpan(text, at)));
  }
  for (const match of text.matchAll(SPACE_FORM)) {
    if (isSecretName(match[1] as string)) add(valueSpan(text, (match.index ?? 0) + match[0].length, true));
  }
  for (const pattern of COMMAND_PASSWORDS) {
    for (const match of text.matchAll(pattern)) add(lastGroupSpan(match));
  }
  for (const span of headerSpans(text)) add(span);
  for (const span of jsonSpans(text)) add(span);
  for (const match of text.matchAll(URL_CREDENTIALS)) add(groupSpan(match, 1));
  for (const pattern of TOKENS) {
    for (const match of text.matchAll(pattern))
      add({ start: match.index ?? 0, end: (match.index ?? 0) + match[0].length });
  }
  for (const match of text.matchAll(PEM_BODY)) {
    const span = groupSpan(match, 1);
    if (span) add(trimSpan(text, span));
  }
  return spans;
}

/** Where a capture group stands (the patterns carry the `d` flag for exactly this). */
function groupSpan(match: RegExpMatchArray, group: number): Span | undefined {
  const range = match.indices?.[group];
  return range ? { start: range[0], end: range[1] } : undefined;
}

/** Where the last capture group that took part stands (the alternatives of `VALUE` and `PAIR`). */
function lastGroupSpan(match: RegExpMatchArray): Span | undefined {
  for (let group = match.length - 1; group > 0; group--) {
    if (match[group] !== undefined) return groupSpan(match, group);
  }
  return undefined;
}

function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  return { start, end };
}

// ---- secretlint ------------------------------------------------------------------------------------------------

// Every recommended rule but the comment filter: a `secretlint-disable` comment inside an image's instruction must
// not switch masking off. AWS access key ids are masked too (the rule skips them unless asked).
const SECRETLINT_CONFIG = {
  rules: recommendedRules
    .filter((rule) => rule.meta.id !== "@secretlint/secretlint-rule-filter-comments")
    .map((rule) => ({
      id: rule.meta.id,
      rule,
      ...(rule.meta.id === "@secretlint/secretlint-rule-aws" ? { options: { enableIDScanRule: true } } : {}),
    })),
} as Parameters<typeof lintSource>[0]["options"]["config"];

/** The spans secretlint's recommended rules report; for a URL (basic auth) only its password. */
async function secretlintSpans(text: string): Promise<Span[]> {
  const result = await lintSource({
    source: { filePath: "instruction.txt", content: text, ext: ".txt", contentType: "text" },
    options: { config: SECRETLINT_CONFIG },
  });
  const spans: Span[] = [];
  for (const message of result.messages) {
    const [start, end] = message.range;
    const found = text.slice(start, end);
    // Connection strings and basic-auth URLs lose their password only, PEM blocks their body: what stays readable
    // tells what leaked.
    const narrowing = /:\/\//.test(found) ? URL_CREDENTIALS : /-----BEGIN /.test(found) ? PEM_BODY : undefined;
    if (!narrowing) {
      spans.push({ start, end });
      continue;
    }
    for (const match of found.matchAll(narrowing)) {
      const span = groupSpan(match, 1);
      if (span) spans.push(trimSpan(text, { start: start + span.start, end: start + span.end }));
    }
  }
  return spans.filter((span) => worthMasking(text, span));
}

// ---- masking ---------------------------------------------------------------------------------------------------

/** Overlapping or touching spans become one (one value masked once). */
function merge(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

/** Masks every secret value in `text`; `count` is the number of values replaced with {@link MASK}. */
export async function maskText(text: string): Promise<Masked> {
  if (text.length === 0) return { text, count: 0 };
  const spans = merge([...ownSpans(text), ...(await secretlintSpans(text))]);
  if (spans.length === 0) return { text, count: 0 };
  let out = "";
  let at = 0;
  for (const span of spans) {
    out += text.slice(at, span.start) + MASK;
    at = span.end;
  }
  return { text: out + text.slice(at), count: spans.length };
}

/** Masks many texts, each distinct text once (HSS repeats the same instruction and remediation a lot). */
export async function maskAll(texts: Iterable<string>): Promise<Map<string, Masked>> {
  const out = new Map<string, Masked>();
  const distinct = [...new Set(texts)];
  // A few at a time: secretlint is async but CPU-bound; this keeps memory flat for very many distinct texts.
  const BATCH = 64;
  for (let i = 0; i < distinct.length; i += BATCH) {
    const batch = distinct.slice(i, i + BATCH);
    const masked = await Promise.all(batch.map(maskText));
    batch.forEach((text, k) => {
      out.set(text, masked[k] as Masked);
    });
  }
  return out;
}
