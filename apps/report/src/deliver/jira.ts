// Jira (Cloud and Data Center), REST API v2: the report files go onto the audit issue as attachments, then the
// summary as a comment.
//   POST {url}/rest/api/2/issue/{issue}/attachments   multipart/form-data, one "file" part per file, with the header
//        X-Atlassian-Token: no-check (Jira refuses uploads without it, as XSRF protection); answers 200
//   POST {url}/rest/api/2/issue/{issue}/comment       {"body": "..."} in Jira wiki markup; answers 201
// Auth: user + token = basic (Jira Cloud: account e-mail + API token); token alone = bearer (Data Center PAT).
import { readFile } from "node:fs/promises";
import { type HttpContext, post, StepError, statusError } from "./attempt.js";
import type { DeliveryFile } from "./message.js";

export interface JiraCredentials {
  user?: string | undefined;
  token: string;
}

export function jiraAuthorization(credentials: JiraCredentials): string {
  return credentials.user !== undefined
    ? `Basic ${Buffer.from(`${credentials.user}:${credentials.token}`).toString("base64")}`
    : `Bearer ${credentials.token}`;
}

/** One issue of one Jira: where, as whom, and how requests go (proxy, per-attempt timeout, stop signal). */
export interface JiraIssue {
  /** The site, e.g. `https://example.atlassian.net` (a trailing slash or a context path is fine). */
  base: string;
  issue: string;
  credentials: JiraCredentials;
  http: HttpContext;
}

const CONTENT_TYPES: Record<string, string> = {
  html: "text/html",
  pdf: "application/pdf",
  json: "application/json",
  csv: "text/csv",
  findings: "application/json",
  // SARIF's registered media type (SARIF 2.1.0, appendix "Media type registration").
  sarif: "application/sarif+json",
  junit: "application/xml",
  md: "text/markdown",
};

export async function jiraAttach(target: JiraIssue, files: readonly DeliveryFile[]): Promise<void> {
  const form = new FormData();
  for (const file of files) {
    const type = CONTENT_TYPES[file.format ?? ""] ?? "application/octet-stream";
    form.append("file", new Blob([await readFile(file.path)], { type }), file.name);
  }
  // fetch sets the multipart Content-Type, with its boundary, from the FormData.
  await jiraPost(target, "attachments", { "x-atlassian-token": "no-check" }, form);
}

export async function jiraComment(target: JiraIssue, body: string): Promise<void> {
  await jiraPost(target, "comment", { "content-type": "application/json" }, JSON.stringify({ body }));
}

async function jiraPost(
  target: JiraIssue,
  what: "attachments" | "comment",
  headers: Record<string, string>,
  body: RequestInit["body"],
): Promise<void> {
  const url = `${target.base.replace(/\/+$/, "")}/rest/api/2/issue/${encodeURIComponent(target.issue)}/${what}`;
  const auth = { authorization: jiraAuthorization(target.credentials), accept: "application/json" };
  const response = await post(url, { headers: { ...headers, ...auth }, body }, target.http);
  if (!response.ok) throw await jiraError(response);
}

async function jiraError(response: Response): Promise<StepError> {
  if (response.status === 401 || response.status === 403) {
    return new StepError(`HTTP ${response.status}: the credentials were refused or may not edit the issue`, false);
  }
  if (response.status === 404) return new StepError("HTTP 404: no such issue, or not visible to this user", false);
  return statusError(response);
}

/**
 * summary.md as Jira wiki markup: headings (`h2.`), tables (`||` header cells, no separator row), bold and code.
 * Backslash escapes stay for characters that are markup in Jira too (its text formatting notation escapes a special
 * character with `\`); those of characters that are not (`<`, `>`, `&`, `` ` ``, `\`) become the character.
 */
export function markdownToJiraWiki(markdown: string): string {
  const out: string[] = [];
  let headerRow = true;
  for (const line of markdown.split("\n")) {
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    if (heading) {
      out.push(`h${heading[1]?.length}. ${inline(heading[2] ?? "")}`);
      headerRow = true;
      continue;
    }
    if (/^\|(\s*:?-{3,}:?\s*\|)+$/.test(line)) continue;
    if (line.startsWith("| ")) {
      const cells = line.slice(2, -2).split(" | ").map(inline);
      out.push(headerRow ? `|| ${cells.join(" || ")} ||` : `| ${cells.join(" | ")} |`);
      headerRow = false;
      continue;
    }
    headerRow = true;
    out.push(line.startsWith("- ") ? `* ${inline(line.slice(2))}` : inline(line));
  }
  return out.join("\n");
}

function inline(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, "*$1*")
    .replace(/(?<!\\)`([^`]+)`/g, "{{$1}}")
    .replace(/\\([<>&`\\])/g, "$1");
}
