// Waivers end to end: the built CLI against the emulator. Waived findings stay in every output (muted, with reason
// and expiry), do not count for --fail-on (exit 4 only for unwaived findings), and expired waivers are flagged.
import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@hss-reports/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RISK_LEVELS } from "../../src/model/types.js";
import { APP_DIR, assertBuilt, listFiles, runCli, tempDir } from "../helpers/cli.js";

const TOKEN = "tok-waivers-8e1f0c";
let emulator: RunningEmulator;
let work: { dir: string; cleanup: () => Promise<void> };
let count = 0;

beforeAll(async () => {
  assertBuilt();
  emulator = await startEmulator({ seed: "waivers", images: 40, tokens: [TOKEN] });
  work = await tempDir();
});
afterAll(async () => {
  await emulator?.close();
  await work?.cleanup();
});

/** The emulator's rules with findings, by level, over both image types. */
function rulesByLevel() {
  const rules = new Map<string, { level: string; findings: number }>();
  for (const kind of ["cicd", "registry"] as const) {
    for (const rule of emulator.dataset.rules(emulator.projectId, kind)) {
      const n = emulator.dataset.images(emulator.projectId, kind, rule.rule_id).length;
      if (n === 0) continue;
      const entry = rules.get(rule.rule_id) ?? { level: rule.risk_level, findings: 0 };
      entry.findings += n;
      rules.set(rule.rule_id, entry);
    }
  }
  return rules;
}

async function run(extra: string[], waivers?: unknown) {
  const out = join(work.dir, `out-${++count}`);
  const args = ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--format", "html,csv,json,md"];
  if (waivers !== undefined) {
    const file = join(work.dir, `waivers-${count}.yaml`);
    await writeFile(file, typeof waivers === "string" ? waivers : JSON.stringify(waivers));
    args.push("--waivers", file);
  }
  const result = await runCli([...args, "--out", out, ...extra], { env: { HSS_AUTH_TOKEN: TOKEN }, cwd: work.dir });
  return { ...result, out };
}

const read = (out: string, name: string) => readFile(join(out, name), "utf8");

describe("--waivers with --fail-on", () => {
  it("exits 4 only while an unwaived finding reaches the level; waived ones stay in the report, muted", async () => {
    const rules = rulesByLevel();
    const worst = RISK_LEVELS.find((level) => [...rules.values()].some((r) => r.level === level));
    expect(worst).toBeDefined();
    const atWorst = [...rules.entries()].filter(([, r]) => r.level === worst);
    const total = [...rules.values()].reduce((sum, r) => sum + r.findings, 0);
    const waivedCount = atWorst.reduce((sum, [, r]) => sum + r.findings, 0);
    const waiverFor = (ruleId: string, expires: string) => ({
      rule: ruleId,
      image: "**",
      reason: `accepted: ${ruleId} <b>vendor</b>`,
      approver: "security-lead@example.com",
      expires,
    });

    // No waivers: the worst level is hit.
    const plain = await run(["--fail-on", String(worst)]);
    expect(plain.code, plain.stderr).toBe(4);

    // Every rule at the worst level waived until 2099: exit 0, and nothing is dropped.
    const waived = await run(["--fail-on", String(worst)], {
      waivers: atWorst.map(([id]) => waiverFor(id, "2099-12-31")),
    });
    expect(waived.code, waived.stderr).toBe(0);
    expect(waived.stderr).not.toContain("warning:");
    const csvRows = (await read(waived.out, "images.csv")).trim().split(/\r\n/).length - 1;
    expect(csvRows).toBe(total);
    const md = await read(waived.out, "summary.md");
    expect(md).toContain(`${waivedCount} findings waived; 0 covered by an expired waiver`);
    const html = await read(waived.out, "report.html");
    expect(html).toContain("accepted: ");
    expect(html).toContain("&lt;b&gt;vendor&lt;/b&gt;");
    expect(html).not.toContain("<b>vendor</b>");
    // Shown as waived (muted), not dropped.
    expect(html).toMatch(/>Waived</);
    expect(html).toContain("security-lead@example.com");
    // A level below the worst is still hit when it has findings of its own.
    const below = RISK_LEVELS.slice(RISK_LEVELS.indexOf(worst as never) + 1).find((level) =>
      [...rules.values()].some((r) => r.level === level),
    );
    if (below) {
      const lower = await run(["--fail-on", below], { waivers: atWorst.map(([id]) => waiverFor(id, "2099-12-31")) });
      expect(lower.code).toBe(4);
    }

    // One rule of the worst level left unwaived: exit 4 again.
    if (atWorst.length > 1) {
      const some = await run(["--fail-on", String(worst)], {
        waivers: [waiverFor(atWorst[0]?.[0] ?? "", "2099-12-31")],
      });
      expect(some.code).toBe(4);
    }

    // The same waivers, expired: they count again (exit 4), are flagged in the run log and in summary.md.
    const expired = await run(["--fail-on", String(worst)], {
      waivers: atWorst.map(([id]) => waiverFor(id, "2020-01-01")),
    });
    expect(expired.code).toBe(4);
    expect(expired.stderr).toMatch(
      /warning: --waivers .*waivers\[0\] .* expired on 2020-01-01: its \d+ findings? counts? again/,
    );
    const expiredMd = await read(expired.out, "summary.md");
    expect(expiredMd).toContain(`0 findings waived; ${waivedCount} covered by an expired waiver (they count again).`);
    expect(expiredMd).toContain("**Waiver expired**");
    expect(await read(expired.out, "report.html")).toContain("Waiver expired");
  });

  it("rejects an invalid waivers file with exit 2, naming the entry and key, before writing anything", async () => {
    const bad = await run(
      [],
      "waivers:\n  - rule: R1\n    image: app\n    reason: ok\n    approver: me\n    expires: 31/12/2027\n",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("waivers[0].expires (waiver #1): must be a date written YYYY-MM-DD");
    expect(await listFiles(bad.out)).toEqual([]);
    const missing = await run(["--waivers", join(work.dir, "nope.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--waivers .*nope\.yaml: cannot read the file \(ENOENT\)/);
  });
});

describe("--baseline", () => {
  it("compares with a saved evidence.json and refuses a modified one", async () => {
    const first = await run([]);
    expect(first.code, first.stderr).toBe(0);
    emulator.mutate({ steps: 1 });
    const second = await run(["--baseline", join(first.out, "evidence.json")]);
    expect(second.code, second.stderr).toBe(0);
    const md = await read(second.out, "summary.md");
    expect(md).toMatch(/Compared with: .*evidence\.json/);
    expect(md).toMatch(/New: \*\*[1-9]\d*\*\* · Resolved: \*\*[1-9]\d*\*\*/);

    const evidence = JSON.parse(await read(first.out, "evidence.json"));
    evidence.run.demo = !evidence.run.demo;
    const tampered = join(work.dir, "tampered.json");
    await writeFile(tampered, JSON.stringify(evidence));
    const bad = await run(["--baseline", tampered]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("sha256 mismatch");
  });
});

describe("waivers and keep in a --config file", () => {
  it("are taken from the file like their flags, and checked as precisely", async () => {
    const rules = rulesByLevel();
    const worst = RISK_LEVELS.find((level) => [...rules.values()].some((r) => r.level === level));
    const atWorst = [...rules.entries()].filter(([, r]) => r.level === worst).map(([id]) => id);
    const waivers = join(work.dir, "config-waivers.json");
    await writeFile(
      waivers,
      JSON.stringify(
        atWorst.map((rule) => ({ rule, image: "**", reason: "accepted", approver: "lead", expires: "2099-12-31" })),
      ),
    );
    const config = join(work.dir, "with-waivers.json");
    await writeFile(config, JSON.stringify({ waivers, keep: 2, fail_on: worst }));
    const history = join(work.dir, `history-${++count}`);
    const ok = await run(["--config", config, "--out", history]);
    expect(ok.code, ok.stderr).toBe(0);
    // keep from the file made --out a history folder: one run folder, latest, index.html.
    expect((await readFile(join(history, "LATEST"), "utf8")).trim()).toMatch(/^\d{4}-\d\d-\d\dT/);

    await writeFile(config, JSON.stringify({ waivers, keep: 0 }));
    const bad = await run(["--config", config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/keep: must be a whole number of runs from 1 to \d+ \(got 0\)/);
  });
});

describe("a waiver's expiry", () => {
  /** Each text shown for the waiver's expiry in HTML, PDF and summary.md, from the words of the report's language. */
  async function expiryTexts(out: string, lang: "en-us" | "zh-cn") {
    const words = JSON.parse(await readFile(join(APP_DIR, "src", "i18n", `${lang}.json`), "utf8"));
    const label = escapeRegExp(words["waiver.expires"]);
    const html = await read(out, "report.html");
    const md = await read(out, "summary.md");
    // pdftotext wraps long lines: read it with white space folded.
    const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", join(out, "report.pdf"), "-"], {
      encoding: "utf8",
    }).replace(/\s+/g, " ");
    const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => (m[1] ?? "").trim());
    return {
      html: all(html, new RegExp(`<dt>${label}</dt><dd>([^<]*)`, "g")),
      pdf: all(pdf, new RegExp(`${escapeRegExp(words["waiver.waived"])} · ${label} (.+?) · `, "g")),
      md: all(md, new RegExp(`${label}: (.+?) · `, "g")),
    };
  }

  it("reads the same in HTML, PDF and summary.md: the first instant of its day (UTC), in the report's language", async () => {
    const [ruleId, rule] = [...rulesByLevel().entries()][0] ?? [];
    expect(rule?.findings).toBeGreaterThan(0);
    const expires = "2099-12-31";
    const file = join(work.dir, "expiry-waivers.json");
    await writeFile(file, JSON.stringify([{ rule: ruleId, image: "**", reason: "vendor", approver: "lead", expires }]));
    const out = join(work.dir, `out-${++count}`);
    const args = ["--endpoint", emulator.url, "--project-id", emulator.projectId, "--waivers", file];
    const first = await runCli([...args, "--format", "html,pdf,json,md", "--out", out], {
      env: { HSS_AUTH_TOKEN: TOKEN },
      cwd: work.dir,
    });
    expect(first.code, first.stderr).toBe(0);
    const en = await expiryTexts(out, "en-us");
    // From the waiver: it stops counting at the start of its day, UTC (ISO date for English readers).
    expect(en.html).toEqual(Array(rule?.findings).fill(`${expires} 00:00 UTC`));
    expect(en.pdf).toEqual(en.html);
    expect(en.md).toEqual([`${expires} 00:00 UTC`]);

    // The same evidence in Chinese: the long date of the same day, in every format alike.
    const zhOut = join(work.dir, `out-${++count}`);
    const zh = await runCli(["render", "--from", join(out, "evidence.json"), "--lang", "zh-cn", "--out", zhOut], {
      cwd: work.dir,
    });
    expect(zh.code, zh.stderr).toBe(0);
    const texts = await expiryTexts(zhOut, "zh-cn");
    expect(texts.html).toEqual(Array(rule?.findings).fill("2099年12月31日 00:00 UTC"));
    expect(texts.pdf).toEqual(texts.html);
    expect(texts.md).toEqual(["2099年12月31日 00:00 UTC"]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
