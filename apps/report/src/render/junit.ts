// junit.xml: the findings as JUnit XML test results, which GitLab (artifacts:reports:junit) and Jenkins (junit step)
// show as a test report. One testsuite per rule section, one testcase per image: a failure for each unwaived
// finding at or above --fail-on (every unwaived finding when the run has no gate), skipped for waived ones, passed
// for the rest. So the failures are exactly what the gate counts.
import type { RiskLevel } from "../evidence/types.js";
import { type Messages, messages } from "../i18n/index.js";
import { type FindingView, sectionViews } from "../model/records.js";
import { type Report, RISK_LEVELS } from "../model/types.js";
import { reveal } from "./html/escape.js";
import { unmaskedNotice } from "./markings.js";
import { waiverText } from "./waiver-text.js";

const XML_SPECIAL: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
  // Parsers normalise line breaks and tabs in attribute values (XML 1.0 section 3.3.3) and CR in text (2.11):
  // character references keep them.
  "\r": "&#13;",
  "\n": "&#10;",
  "\t": "&#9;",
};

/**
 * Text or an attribute value as XML 1.0 character data. Characters XML cannot hold at all, even as references
 * (C0 controls, lone surrogates, U+FFFE/U+FFFF; XML 1.0 section 2.2), and invisible bidi or format characters are
 * shown as visible stand-ins, as in the HTML report.
 */
export function escapeXml(value: string, attribute = false): string {
  const visible = reveal(value).replace(/[\uFFFE\uFFFF]/g, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase()}]`);
  return visible.replace(attribute ? /[&<>"'\r\n\t]/g : /[&<>\r]/g, (c) => XML_SPECIAL[c] ?? c);
}

const attr = (value: string | number): string => `"${escapeXml(String(value), true)}"`;

/** JUnit's timestamp: ISO 8601 without zone or fraction (the Jenkins/Ant schema); ours is always UTC. */
const junitTimestamp = (iso: string): string => iso.replace(/(\.\d+)?Z$/, "");

type Outcome = "failure" | "skipped" | "passed";

/** What one finding is in the test report: see the module comment. */
export function outcome(view: FindingView, failOn: RiskLevel | undefined): Outcome {
  if (view.record.waived) return "skipped";
  if (failOn === undefined) return "failure";
  return RISK_LEVELS.indexOf(view.record.rule.level) <= RISK_LEVELS.indexOf(failOn) ? "failure" : "passed";
}

export function* junitChunks(report: Report): Generator<string> {
  const m = messages(report.meta.lang);
  const { meta } = report;
  const failOn = report.summary.gate?.level;
  // Each suite says it holds secret values (--reveal-secrets): a property for tools, system-err for readers.
  const unmasked = unmaskedNotice(meta, m);
  const timestamp = junitTimestamp(meta.dataTime);
  // The totals head the file: count first (the same walk as the suites), then write.
  const totals = { tests: 0, failures: 0, skipped: 0 };
  for (const section of report.sections) {
    for (const view of sectionViews(report, section)) {
      const result = outcome(view, failOn);
      totals.tests++;
      if (result === "failure") totals.failures++;
      if (result === "skipped") totals.skipped++;
    }
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name=${attr(`${meta.tool.name} ${meta.reportId}`)} tests="${totals.tests}" failures="${totals.failures}" errors="0" skipped="${totals.skipped}" time="0" timestamp="${timestamp}">\n`;
  for (const section of report.sections) {
    const cases: string[] = [];
    const counts = { failures: 0, skipped: 0 };
    for (const view of sectionViews(report, section)) {
      const result = outcome(view, failOn);
      if (result === "failure") counts.failures++;
      if (result === "skipped") counts.skipped++;
      cases.push(testcase(view, result, m));
    }
    const name = m.t("junit.suite", { rule: section.ruleId, name: section.name });
    yield `  <testsuite name=${attr(name)} tests="${cases.length}" failures="${counts.failures}" errors="0" skipped="${counts.skipped}" time="0" timestamp="${timestamp}">\n`;
    yield "    <properties>\n";
    yield `      <property name="rule_id" value=${attr(section.ruleId)}/>\n`;
    yield `      <property name="level" value=${attr(section.level)}/>\n`;
    if (unmasked) yield `      <property name="unmasked_secrets" value=${attr(unmasked)}/>\n`;
    yield "    </properties>\n";
    yield* cases;
    if (unmasked) yield `    <system-err>${escapeXml(unmasked)}</system-err>\n`;
    yield "  </testsuite>\n";
  }
  yield "</testsuites>\n";
}

function testcase(view: FindingView, result: Outcome, m: Messages): string {
  const { record } = view;
  const image = record.image.reference || record.image.digest;
  const details = [
    ...record.instructions.map((i) => i.instruction ?? m.t("missingInstruction")),
    "",
    ...record.remediations,
  ].join("\n");
  const head = `    <testcase name=${attr(image)} classname=${attr(`${record.scope}.${record.rule.id}`)} time="0">`;
  const waiver = record.waiver;
  const expired = waiver?.expired ? `${m.t("finding.expiredWaiver", { expires: m.expiry(waiver.expires) })}\n` : "";
  switch (result) {
    case "failure": {
      const message = m.t("junit.failure", { level: m.level(record.rule.level), rule: record.rule.id, image });
      return `${head}\n      <failure message=${attr(message)} type=${attr(record.rule.level)}>${escapeXml(expired + details)}</failure>\n    </testcase>\n`;
    }
    case "skipped":
      return `${head}\n      <skipped message=${attr(waiver ? waiverText(m, waiver) : "")}/>\n    </testcase>\n`;
    case "passed":
      return `${head}\n      <system-out>${escapeXml(expired + details)}</system-out>\n    </testcase>\n`;
  }
}

export function renderJunit(report: Report): string {
  return [...junitChunks(report)].join("");
}
