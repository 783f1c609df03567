import { describe, expect, it } from "vitest";
import { buildReport } from "../../src/model/build.js";
import { CSV_COLUMNS, csvCell, neutraliseCell, renderCsv } from "../../src/render/csv.js";
import { makeEvidence } from "../fixtures/evidence.js";
import { parseCsv } from "../helpers/csv.js";

describe("csv cells", () => {
  it("neutralises every formula prefix", () => {
    for (const prefix of ["=", "+", "-", "@", "\t", "\r"]) {
      expect(neutraliseCell(`${prefix}1+1`)).toBe(`'${prefix}1+1`);
    }
    expect(neutraliseCell("a=1")).toBe("a=1");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("a\nb")).toBe('"a\nb"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(42)).toBe("42");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("cells over Excel's 32,767-character limit", () => {
  const marker = "… [cut: the whole text is in evidence.json]";

  it("are cut to exactly 32,767 characters ending with the marker, keeping the text's start", () => {
    const remediation = `${"Rotate the key. ".repeat(4096)}`.slice(0, 65_534);
    const cell = csvCell(remediation, marker);
    expect(cell.length).toBe(32_767);
    expect(cell.endsWith(marker)).toBe(true);
    expect(remediation.startsWith(cell.slice(0, -marker.length))).toBe(true);
  });

  it("leave cells up to the limit whole, and never split a surrogate pair", () => {
    expect(csvCell("x".repeat(32_767), marker)).toBe("x".repeat(32_767));
    // An emoji (two UTF-16 units) straddling the cut: dropped whole, one unit shorter than the limit.
    const before = 32_767 - marker.length - 1;
    const cell = csvCell(`${"y".repeat(before)}😀${"y".repeat(40_000)}`, marker);
    expect(cell).toBe(`${"y".repeat(before)}${marker}`);
  });
});

describe("images.csv", () => {
  it("starts with a UTF-8 BOM and has one row per (rule, image)", () => {
    const report = buildReport(makeEvidence({ images: 5 }));
    const text = renderCsv(report);
    expect(text.startsWith("\uFEFF")).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toHaveLength(24);
    // 5 images break R-USER, 3 break R-CURL.
    expect(rows.length - 1).toBe(8);
    expect(rows.length - 1).toBe(report.findings.size);
    for (const row of rows) expect(row).toHaveLength(24);
  });

  it("writes scope, rule, image facts, ISO 8601 scan time and remediation", () => {
    const evidence = makeEvidence({ images: 2 });
    const text = renderCsv(buildReport(evidence));
    const rows = parseCsv(text.slice(1));
    const curl = rows.find((r) => r[1] === "R-CURL");
    // R-CURL is critical: 7 days of SLA by default, counted from this run (no history: first seen now).
    const due = new Date(Date.parse(evidence.run.startedAt) + 7 * 86_400_000).toISOString();
    expect(curl).toEqual([
      "cn-north-4/proj-1",
      "R-CURL",
      "curl piped to shell",
      "critical",
      "library",
      "app-0",
      "1.0.0",
      `sha256:${"0".repeat(64)}`,
      "private_image",
      "100000000",
      new Date(1_700_000_000_000).toISOString(),
      "RUN curl -fsSL https://get.example.com | sh",
      "Download, verify the checksum, then run.",
      // No baseline and no waivers: the change and waiver columns stay empty.
      "",
      "",
      "",
      "",
      "",
      new Date(evidence.run.startedAt).toISOString(),
      "0",
      due,
      "",
      "",
      // No --fail-on: no row counts for a gate.
      "",
    ]);
    // A missing instruction ("--") is shown in words, not as a cell that starts with "-".
    const user = rows.find((r) => r[1] === "R-USER");
    expect(user?.[11]).toBe("(instruction missing)");
  });

  it("keeps hostile names as inert text", () => {
    const names = ['=HYPERLINK("http://evil")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", 'a "quoted", name\r\nx'];
    const text = renderCsv(buildReport(makeEvidence({ images: names.length, name: (i) => names[i] ?? "" })));
    const rows = parseCsv(text.slice(1));
    const cells = new Set(rows.map((r) => r[5]));
    expect(cells).toContain(`'=HYPERLINK("http://evil")`);
    expect(cells).toContain("'+cmd|' /C calc'!A0");
    expect(cells).toContain("'-2+3");
    expect(cells).toContain("'@SUM(A1)");
    expect(cells).toContain('a "quoted", name\r\nx');
  });

  it("heads its columns with the same identifiers in every language", () => {
    const header = (lang: "en-us" | "zh-cn") => parseCsv(renderCsv(buildReport(makeEvidence({ lang }))).slice(1))[0];
    expect(header("zh-cn")).toEqual(header("en-us"));
    expect(header("en-us")).toEqual(CSV_COLUMNS);
    // Identifiers: lower-case snake_case words, each once.
    for (const id of CSV_COLUMNS) expect(id).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
  });
});
