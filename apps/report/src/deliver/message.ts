// What every delivery target says, built once per run from the report model and the files on disk: the headline
// (e-mail subject, chat title), the summary (summary.md as written, and as HTML), short chat lines, the generic
// JSON facts, and each file with its sha256. Words come from the i18n catalogues, in the report's language.
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { basename } from "node:path";
import MarkdownIt from "markdown-it";
import type { Format } from "../config/schema.js";
import type { RiskLevel } from "../evidence/types.js";
import { messages } from "../i18n/index.js";
import { type Report, RISK_LEVELS } from "../model/types.js";
import { FILE_NAMES } from "../render/formats.js";
import { renderSummaryMd, SUMMARY_MD } from "../render/summary-md.js";

export interface DeliveryFile {
  /** File name in the run folder, e.g. `report.pdf`. */
  name: string;
  path: string;
  format?: Format;
  bytes: number;
  sha256: string;
}

export type GateVerdict = "passed" | "failed" | "none";

/** The generic webhook body: stable snake_case keys, documented in the README. */
export interface DeliveryFacts {
  report_id: string;
  title: string;
  data_time: string;
  demo: boolean;
  partial: boolean;
  scopes: string[];
  counts: Record<RiskLevel, number>;
  findings: number;
  affected_images: number;
  waived: number;
  worst_level: RiskLevel | null;
  /** null on a run with nothing to compare with (no baseline, first run of a history). */
  changes: { new: number; resolved: number; baseline: string } | null;
  gate: { fail_on: RiskLevel | null; verdict: GateVerdict };
  out_dir: string;
  files: { name: string; bytes: number; sha256: string }[];
}

export interface DeliveryMessage {
  lang: Report["meta"]["lang"];
  /** One line: title, scope, worst level, counts by level, gate verdict. */
  headline: string;
  /** summary.md, exactly as written (or as it would be, when the run did not write it). */
  summaryMd: string;
  /** The summary as an HTML document (markdown-it; raw HTML in it stays text). */
  summaryHtml: string;
  /** A few short lines for chat, under the headline: report id, scope and time, changes, files, folder. */
  chatLines: string[];
  facts: DeliveryFacts;
  files: DeliveryFile[];
  outDir: string;
}

export interface MessageInput {
  report: Report;
  outDir: string;
  /** Absolute paths of the files the run wrote. */
  files: readonly string[];
  failOn?: RiskLevel | undefined;
  gateFailed: boolean;
}

const FORMAT_OF = new Map(Object.entries(FILE_NAMES).map(([format, name]) => [name, format as Format]));

export async function buildMessage(input: MessageInput): Promise<DeliveryMessage> {
  const { report, outDir } = input;
  const m = messages(report.meta.lang);
  const files: DeliveryFile[] = [];
  for (const path of input.files) {
    const name = basename(path);
    const format = FORMAT_OF.get(name);
    files.push({ name, path, ...(format ? { format } : {}), ...(await digestFile(path)) });
  }
  const md = files.find((f) => f.name === SUMMARY_MD);
  const summaryMd = md
    ? await readText(md.path)
    : renderSummaryMd(
        report,
        files.map((f) => ({ name: f.name, sha256: f.sha256, bytes: f.bytes })),
      );

  const { summary, meta, changes } = report;
  const failOn = input.failOn;
  const verdict: GateVerdict = failOn === undefined ? "none" : input.gateFailed ? "failed" : "passed";
  const gate =
    failOn === undefined
      ? m.t("deliver.gateNone")
      : m.t(input.gateFailed ? "deliver.gateFailed" : "deliver.gatePassed", { level: m.level(failOn) });
  const scope =
    meta.scopes.length > 2 ? m.count("meta.scopeCount", meta.scopes.length) : meta.scopes.map((s) => s.id).join(", ");
  const counts = RISK_LEVELS.map((level) => `${m.number(summary.byLevel[level].findings)} ${m.level(level)}`).join(
    ", ",
  );
  const worst = summary.worstLevel
    ? m.t("deliver.worst", { level: m.level(summary.worstLevel) })
    : m.t("deliver.noUnwaived");
  const flags = [meta.demo ? m.t("demoData") : "", meta.partial ? m.t("partial") : ""].filter(Boolean);
  const title = `${m.t("title")}${flags.length ? ` (${flags.join(", ")})` : ""}`;
  const headline = `${title} · ${scope}: ${worst} · ${counts} · ${gate}`;

  const changeLine = changes
    ? m.t("deliver.changes", {
        new: m.number(changes.newFindings.length),
        resolved: m.number(changes.resolved.length),
        baseline: changes.baseline.label,
      })
    : m.t("deliver.firstRun");
  const chatLines = [
    `${meta.reportId} · ${scope} · ${m.dateTime(meta.dataTime)}`,
    changeLine,
    m.t("deliver.files", { names: files.map((f) => f.name).join(", ") }),
    m.t("deliver.folder", { dir: outDir }),
  ];
  const facts: DeliveryFacts = {
    report_id: meta.reportId,
    title: headline,
    data_time: meta.dataTime,
    demo: meta.demo,
    partial: meta.partial,
    scopes: meta.scopes.map((s) => s.id),
    counts: Object.fromEntries(RISK_LEVELS.map((l) => [l, summary.byLevel[l].findings])) as Record<RiskLevel, number>,
    findings: summary.findings,
    affected_images: summary.affectedImages,
    waived: summary.waivedFindings,
    worst_level: summary.worstLevel ?? null,
    changes: changes
      ? { new: changes.newFindings.length, resolved: changes.resolved.length, baseline: changes.baseline.label }
      : null,
    gate: { fail_on: input.failOn ?? null, verdict },
    out_dir: outDir,
    files: files.map((f) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256 })),
  };
  return {
    lang: meta.lang,
    headline,
    summaryMd,
    summaryHtml: markdownToHtml(summaryMd, meta.lang),
    chatLines,
    facts,
    files,
    outDir,
  };
}

const markdown = new MarkdownIt({ html: false, linkify: false });

/** A self-contained HTML document of markdown text; `notes` come first, as paragraphs. */
export function markdownToHtml(text: string, lang: string, notes: readonly string[] = []): string {
  const body = [...notes.map((note) => markdown.render(note)), markdown.render(text)].join("\n");
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8">
<style>body{font:14px/1.45 system-ui,sans-serif;color:#1f2328}table{border-collapse:collapse}th,td{border:1px solid #d1d9e0;padding:.25rem .5rem}code{font-size:12px}</style>
</head><body>
${body}
</body></html>
`;
}

async function digestFile(path: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { bytes, sha256: hash.digest("hex") };
}

async function readText(path: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(path)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The files of `formats` in the order asked, up to `maxBytes` together; the others are named in `notes` (in the
 * report's language) with their size and where they are, so the reader knows the message is not the whole report.
 */
export function pickAttachments(
  message: DeliveryMessage,
  formats: readonly Format[] | undefined,
  maxBytes: number,
): { files: DeliveryFile[]; notes: string[] } {
  const m = messages(message.lang);
  const files: DeliveryFile[] = [];
  const notes: string[] = [];
  let total = 0;
  for (const format of formats ?? []) {
    const file = message.files.find((f) => f.format === format);
    if (!file) continue;
    if (total + file.bytes > maxBytes) {
      notes.push(
        m.t("deliver.notAttached", {
          file: file.name,
          size: m.bytes(file.bytes),
          limit: m.bytes(maxBytes),
          dir: message.outDir,
        }),
      );
      continue;
    }
    total += file.bytes;
    files.push(file);
  }
  return { files, notes };
}
