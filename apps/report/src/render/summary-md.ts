// summary.md: the ticket summary. Headline numbers, changes since the last run, waivers, and the sha256 of every
// file written, short enough to paste into an audit ticket (long lists are cut with a count of what is left out).
// Rendered from the Report model only, with every word from the i18n catalogues; names are data, so markdown
// punctuation in them is escaped (a `<script>` image name shows as text, a `|` does not break the table).
import { createHash } from "node:crypto";
import { type Messages, messages } from "../i18n/index.js";
import { imageReference } from "../model/keys.js";
import { isWaived } from "../model/summary.js";
import { type Finding, type Report, RISK_LEVELS } from "../model/types.js";
import { comparisonText } from "./comparison.js";
import { derivedSentence } from "./derived.js";
import { markingsOf } from "./markings.js";
import { summarySentence, worstLevelSentence } from "./summary-sentence.js";
import { gateSentence } from "./verdict.js";

export const SUMMARY_MD = "summary.md";

/** How many new / resolved / waived findings are listed before "and N more". */
export const SUMMARY_LIST_LIMIT = 10;

export interface FileDigest {
  name: string;
  sha256: string;
  bytes: number;
}

/** Escapes CommonMark punctuation (so data is never markup) and folds line breaks. */
export function mdText(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").replace(/[\\`*_{}[\]<>#+!|~&]/g, (c) => `\\${c}`);
}

export function renderSummaryMd(report: Report, files: readonly FileDigest[] = []): string {
  const m = messages(report.meta.lang);
  const { meta, summary } = report;
  const lines: string[] = [];
  const flags = markingsOf(meta, m);
  lines.push(`## ${mdText(m.t("title"))} ${meta.reportId}${flags.length ? ` (${flags.join(", ")})` : ""}`, "");
  lines.push(`- ${m.t("meta.dataTime")}: ${m.dateTime(meta.dataTime)}`);
  // Only the scopes that were read; the others are listed below with the reason (a PARTIAL report).
  const failed = new Set(meta.failures.map((f) => f.scopeId));
  const read = meta.scopes.filter((s) => !failed.has(s.id));
  lines.push(`- ${m.t("meta.scope")}: ${read.map((s) => mdText(s.id)).join(", ") || m.t("none")}`);
  lines.push(`- ${m.t("meta.tool")}: ${mdText(`${meta.tool.name} ${meta.tool.version}`)}`);
  if (meta.derivedFrom) lines.push(`- **${mdText(derivedSentence(report, m))}**`);
  lines.push(`- ${m.t("meta.evidenceSha256")}: \`${meta.evidenceSha256}\``, "");
  if (meta.failures.length > 0) {
    lines.push(`### ${m.t("md.partialScopes")}`, "");
    for (const f of meta.failures) lines.push(`- ${mdText(f.scopeId)}: ${mdText(f.message)}`);
    lines.push("");
  }

  const headers = [
    m.t("summary.affectedImages"),
    m.t("summary.rulesWithFindings"),
    m.t("summary.findings"),
    ...RISK_LEVELS.map((level) => m.level(level)),
    m.t("summary.waived"),
  ];
  const values = [
    summary.affectedImages,
    summary.rulesWithFindings,
    summary.findings,
    ...RISK_LEVELS.map((level) => summary.byLevel[level].findings),
    summary.waivedFindings,
  ].map((n) => m.number(n));
  lines.push(row(headers.map(mdText)), row(headers.map(() => "---:")), row(values), "");
  const worst = worstLevelSentence(summary, m);
  lines.push(summary.findings === 0 ? m.t("summary.clean") : summarySentence(summary, m));
  if (worst) lines.push(`${worst.before}${worst.label ?? ""}${worst.after}`);
  const overdueLevels = RISK_LEVELS.filter((level) => summary.overdueByLevel[level] > 0).map(
    (level) => `${m.level(level)} ${m.number(summary.overdueByLevel[level])}`,
  );
  lines.push(
    m.t("md.overdue", {
      count: m.number(summary.overdue),
      levels: overdueLevels.length ? ` (${overdueLevels.join(", ")})` : "",
    }),
    `${m.t("meta.sla")}: ${RISK_LEVELS.map((level) => `${m.level(level)} ${m.number(report.meta.slaDays[level])}`).join(" · ")}`,
    "",
  );
  if (summary.gate) lines.push(`**${mdText(gateSentence(summary.gate, m))}**`, "");

  const changes = report.changes;
  const multiScope = meta.scopes.length > 1;
  lines.push(`### ${m.t("sections.changes")}`, "");
  if (!changes) lines.push(m.t("md.noBaseline"), "");
  else {
    lines.push(
      `${m.t("changes.baseline")}: ${mdText(changes.baseline.label)} (${m.dateTime(changes.baseline.dataTime)}, \`${changes.baseline.evidenceSha256.slice(0, 12)}\`)`,
      "",
    );
    lines.push(
      `${m.t("changes.new")}: **${m.number(changes.newFindings.length)}** · ${m.t("changes.resolved")}: **${m.number(changes.resolved.length)}** · ${m.t("changes.unchanged")}: ${m.number(changes.unchanged)}`,
      "",
    );
    if (changes.comparison) {
      const text = comparisonText(changes.comparison, m);
      lines.push(`**${mdText(text.sentence)}**`, "");
      for (const [dimension, ...values] of text.rows) {
        lines.push(`- ${mdText(dimension)}: ${values.map((v, i) => `${text.heads[i + 1]}: ${mdText(v)}`).join(" · ")}`);
      }
      lines.push("");
    }
    const added = changes.newFindings
      .map((key) => report.findings.get(key))
      .filter((f): f is Finding => f !== undefined)
      .sort(byLevel);
    list(
      lines,
      m.t("changes.new"),
      added.map((f) => findingLine(report, m, f)),
      m,
    );
    list(
      lines,
      m.t("changes.resolved"),
      changes.resolved.map(
        (r) =>
          `${multiScope ? `${mdText(r.scopeId)} · ` : ""}${m.level(r.level)} · ${mdText(r.ruleId)} ${mdText(r.ruleName)} · ${mdText(r.image)}`,
      ),
      m,
    );
  }

  const waived = [...report.findings.values()].filter((f) => f.waiver !== undefined).sort(byLevel);
  lines.push(`### ${m.t("md.waivers")}`, "");
  if (waived.length === 0) lines.push(m.t("md.noWaivers"), "");
  else {
    const expired = waived.filter((f) => !isWaived(f)).length;
    lines.push(
      m.t("md.waiverCounts", {
        waived: m.count("md.waived", waived.length - expired),
        expired: m.count("md.expiredWaivers", expired),
      }),
      "",
    );
    const expiring = waived.filter((f) => f.waiver?.expiresSoon).length;
    if (expiring > 0) lines.push(m.count("md.waiversExpiring", expiring), "");
    // One line per waiver (reason, approver, expiry), expired ones first, with the findings it covers.
    const groups = new Map<string, Finding[]>();
    for (const finding of waived) {
      const w = finding.waiver as NonNullable<Finding["waiver"]>;
      const key = JSON.stringify([w.expired ? 0 : 1, w.expires, w.approver, w.reason, w.ticket ?? ""]);
      const group = groups.get(key);
      if (group) group.push(finding);
      else groups.set(key, [finding]);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, g]) => g);
    list(
      lines,
      "",
      ordered.map((group) => {
        const w = (group[0] as Finding).waiver as NonNullable<Finding["waiver"]>;
        const state = w.expired ? `**${m.t("waiver.expired")}**` : m.t("waiver.waived");
        const examples = group.slice(0, 3).map((f) => findingLine(report, m, f));
        const more = group.length > examples.length ? `; ${m.count("md.more", group.length - examples.length)}` : "";
        return `${state} · ${m.t("waiver.reason")}: ${mdText(w.reason)} · ${m.t("waiver.approver")}: ${mdText(w.approver)}${w.ticket ? ` · ${m.t("waiver.ticket")}: ${mdText(w.ticket)}` : ""} · ${m.t("waiver.expires")}: ${m.expiry(w.expires)}${w.expiresSoon ? ` (${m.t("waiver.expiresSoon")})` : ""} · ${m.count("md.findingCount", group.length)}: ${examples.join("; ")}${more}`;
      }),
      m,
    );
  }

  if (files.length > 0) {
    lines.push(`### ${m.t("md.files")}`, "");
    lines.push(row([m.t("md.file"), m.t("image.size"), m.t("md.fileSha256")]), row(["---", "---:", "---"]));
    for (const file of files) lines.push(row([mdText(file.name), m.bytes(file.bytes), `\`${file.sha256}\``]));
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;

  function byLevel(a: Finding, b: Finding): number {
    return RISK_LEVELS.indexOf(a.level) - RISK_LEVELS.indexOf(b.level) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  }
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(" | ")} |`;
}

/** `[scope · ]level · rule id rule name · image`; the scope when the report has several. */
function findingLine(report: Report, m: Messages, finding: Finding): string {
  const rule = report.rules.get(finding.ruleKey);
  const image = report.images.get(finding.imageKey);
  const scope = report.meta.scopes.length > 1 ? `${mdText(rule?.scopeId ?? "")} · ` : "";
  return `${scope}${m.level(finding.level)} · ${mdText(rule?.ruleId ?? "")} ${mdText(rule?.name ?? "")} · ${mdText(image ? imageReference(image) : finding.imageKey)}`;
}

function list(lines: string[], title: string, items: string[], m: Messages): void {
  if (items.length === 0) return;
  if (title) lines.push(`${title}:`, "");
  for (const item of items.slice(0, SUMMARY_LIST_LIMIT)) lines.push(`- ${item}`);
  if (items.length > SUMMARY_LIST_LIMIT) {
    lines.push(`- ${m.count("md.more", items.length - SUMMARY_LIST_LIMIT)}`);
  }
  lines.push("");
}

/** A file to write, whole or in chunks (structurally the same as the output writer's file). */
export interface SummaryInputFile {
  name: string;
  content: string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;
}

/**
 * Returns `files` with each content passed through a sha256 as it is written, followed by `summary.md`, whose
 * content is produced only when it is written: after every other file (writers write files in order), so it lists
 * their final hashes without holding any of them in memory. Contents keep their shape (a string or bytes stay whole,
 * chunks stay the same chunks): writers may treat them differently.
 */
export function withSummaryMd<T extends SummaryInputFile>(
  report: Report,
  files: readonly T[],
): (T | { name: string; content: AsyncIterable<string> })[] {
  const digests: (FileDigest | undefined)[] = files.map(() => undefined);
  const hashed = files.map((file, index) => {
    const done = (digest: { sha256: string; bytes: number }) => {
      digests[index] = { name: file.name, ...digest };
    };
    const content = file.content;
    if (typeof content === "string" || content instanceof Uint8Array) {
      done(digestOf([content]));
      return file;
    }
    return { ...file, content: hashing(content, done) };
  });
  async function* summary(): AsyncGenerator<string> {
    const missing = files.filter((_, i) => digests[i] === undefined).map((f) => f.name);
    if (missing.length) throw new Error(`${SUMMARY_MD} must be written after ${missing.join(", ")}`);
    yield renderSummaryMd(report, digests as FileDigest[]);
  }
  return [...hashed, { name: SUMMARY_MD, content: summary() }];
}

function digestOf(chunks: Iterable<string | Uint8Array>): { sha256: string; bytes: number } {
  const hash = createHash("sha256");
  let bytes = 0;
  for (const chunk of chunks) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    hash.update(buffer);
    bytes += buffer.byteLength;
  }
  return { sha256: hash.digest("hex"), bytes };
}

/** Yields the same chunks, hashing them (as UTF-8, as they are written) on the way. */
async function* hashing(
  content: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>,
  done: (digest: { sha256: string; bytes: number }) => void,
): AsyncGenerator<string | Uint8Array> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of content) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    hash.update(buffer);
    bytes += buffer.byteLength;
    yield chunk;
  }
  done({ sha256: hash.digest("hex"), bytes });
}
