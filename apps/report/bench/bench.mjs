#!/usr/bin/env node
// `pnpm bench`: the benchmarks on the emulator, after a build. Every measured variant runs in its own
// child process (so its time, CPU and peak RSS are its own), the emulator in another one, and the variants of
// each comparison are interleaved rep by rep; the tables show medians. See BENCHMARKS.md.
//
//   node apps/report/bench/bench.mjs [--quick] [--only fetch,latency,rate,render,first,scale] [--reps N]
//                                    [--fetch-images N] [--scale-images N,N,...] [--render-from] [--json FILE]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  interleaved,
  markdownTable,
  medianOf,
  megabytes,
  ROOT_DIR,
  ratio,
  runChild,
  seconds,
  startEmulatorProcess,
} from "./lib.mjs";

const { values: flags } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    only: { type: "string" },
    reps: { type: "string" },
    "fetch-images": { type: "string" },
    "scale-images": { type: "string" },
    "render-from": { type: "boolean", default: false },
    json: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});
if (flags.help) {
  process.stdout.write(
    "Usage: pnpm bench [--quick] [--only fetch,latency,rate,render,first,scale] [--reps N] [--fetch-images N]\n" +
      "                  [--scale-images N,N,...] [--render-from] [--json FILE]\n",
  );
  process.exit(0);
}

const quick = flags.quick;
const sections = new Set((flags.only ?? "fetch,latency,rate,render,first,scale").split(",").map((s) => s.trim()));
const reps = Number(flags.reps ?? (quick ? 1 : 3));
if (!Number.isInteger(reps) || reps < 1 || reps > 20) throw new Error(`--reps must be 1..20, got ${flags.reps}`);
// 34,000 emulator images give ~100,000 affected (rule, image) rows across the rules, in ~520 pages of 200.
const SIZES = quick
  ? {
      fetchImages: 1_000,
      latencyImages: 500,
      rateImages: 500,
      render: [1_000],
      naive: [1_000],
      browser: 1_000,
      scale: [300, 1_000],
    }
  : {
      fetchImages: 34_000,
      latencyImages: 3_000,
      rateImages: 10_000,
      render: [10_000, 100_000],
      naive: [10_000],
      browser: 100_000,
      // Emulator images: ~2.9 affected (rule, image) rows each, so ~10,000, 100,000, 300,000 and 1,000,000 rows.
      scale: [3_400, 34_000, 102_000, 340_000],
    };
if (flags["scale-images"]) SIZES.scale = flags["scale-images"].split(",").map(Number);
if (flags["fetch-images"]) SIZES.fetchImages = Number(flags["fetch-images"]);
const RATE_LIMIT = 20;
const RATE_LATENCY_MS = 50;
const FETCH_LATENCY_MS = 50;

const log = (line) => process.stderr.write(`${line}\n`);
const tmp = mkdtempSync(join(tmpdir(), "hss-bench-"));
const results = { machine: machine(), quick, reps, sizes: SIZES, sections: {} };
const tables = [];
const benchStarted = performance.now();

function machine() {
  const cpu = cpus()[0];
  return {
    nproc: cpus().length,
    cpu: cpu?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeGb: Math.round(freemem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAtStart: loadavg()[0],
  };
}

function verdict(value, target, better = "lower") {
  if (!Number.isFinite(value)) return "n/a";
  return (better === "lower" ? value <= target : value >= target) ? "met" : "MISSED";
}

async function walkSection(key, title, images, emulatorArgs, variants) {
  log(`${title}: starting the emulator (${images} images${emulatorArgs.length ? ` ${emulatorArgs.join(" ")}` : ""})`);
  const emulator = await startEmulatorProcess({ images, args: emulatorArgs });
  try {
    const args = [emulator.url, emulator.projectId, emulator.token, emulator.ak, emulator.sk];
    // A warm-up walk so the emulator's lazily built rule memberships do not bill the first variant.
    await runChild("fetch-walk.mjs", ["floor", ...args]);
    const runs = await interleaved(
      variants.map((v) => ({
        name: v.name,
        run: async () => {
          const before = emulator.cpuMs();
          const result = await runChild("fetch-walk.mjs", [v.variant, ...args], {
            env: { ...process.env, ...(v.env ?? {}) },
          });
          return { ...result, emulatorCpuMs: emulator.cpuMs() - before };
        },
      })),
      reps,
      log,
    );
    const medians = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianOf(list)]));
    results.sections[key] = { images, emulatorArgs, runs, medians, emulatorMemory: emulator.memory() };
    return medians;
  } finally {
    await emulator.close();
  }
}

const fetchRow = (label, m, ref) => [
  label,
  seconds(m.ms),
  `${Math.round(m.cpuMs)} ms`,
  `${Math.round(m.emulatorCpuMs)} ms`,
  megabytes(m.maxRssMb),
  m.pages,
  m.rows,
  m.throttled ?? 0,
  ref ? ratio(m.ms / ref.ms) : "",
  ref ? ratio(m.cpuMs / ref.cpuMs) : "",
];
const FETCH_HEADER = [
  "variant",
  "time",
  "client CPU",
  "emulator CPU",
  "client peak RSS",
  "pages",
  "rows",
  "429s",
  "time / floor",
  "client CPU / floor",
];

/** Floor, our client (serial and default) and the peer over the same walk, with the targets of section 1. */
async function fetchComparison(section, label, images, emulatorArgs, heading) {
  const m = await walkSection(section, label, images, emulatorArgs, [
    { name: "floor", variant: "floor" },
    { name: "api-serial", variant: "api-serial" },
    { name: "api-default", variant: "api-default" },
    { name: "peer", variant: "peer" },
  ]);
  const floor = m.floor;
  const serialRatio = m["api-serial"].ms / floor.ms;
  const speedup = m.peer.ms / m["api-default"].ms;
  tables.push(
    `${heading(m)} (median of ${reps})\n\n` +
      markdownTable(FETCH_HEADER, [
        fetchRow("floor: fetch + JSON.parse, serial", m.floor, floor),
        fetchRow("@hss-reports/api, concurrency 1", m["api-serial"], floor),
        fetchRow("@hss-reports/api, default concurrency", m["api-default"], floor),
        fetchRow("peer: sdk-core HcClient AK/SK, serial", m.peer, floor),
      ]) +
      "\n\n" +
      markdownTable(
        ["target", "figure", "verdict"],
        [
          ["api serial within 1.25x of the floor", ratio(serialRatio), verdict(serialRatio, 1.25)],
          ["api default >= 3x faster than peer serial", ratio(speedup), verdict(speedup, 3, "higher")],
        ],
      ),
  );
  results.sections[section].targets = { serialRatio, speedup };
}

// 1. Fetch everything, on loopback with no added latency: what each client costs per page.
if (sections.has("fetch")) {
  await fetchComparison(
    "fetch",
    "1. fetch everything",
    SIZES.fetchImages,
    [],
    (m) =>
      `### 1. Fetch everything: ${m.floor.rows} affected (rule, image) rows of ${SIZES.fetchImages} images, ` +
      "limit 200, no added latency",
  );
}

// 1b. The same walk with a server latency like a real region's: where concurrency pays.
if (sections.has("latency")) {
  await fetchComparison(
    "latency",
    "1b. fetch with latency",
    SIZES.latencyImages,
    ["--latency", String(FETCH_LATENCY_MS)],
    (m) =>
      `### 1b. Fetch everything with ${FETCH_LATENCY_MS} ms server latency: ${m.floor.rows} rows of ` +
      `${SIZES.latencyImages} images`,
  );
}

// 2. Against the API's own limit: 20 requests/s, 50 ms latency. Floor = pages / 20 per second.
if (sections.has("rate")) {
  const m = await walkSection(
    "rate",
    "2. against the rate limit",
    SIZES.rateImages,
    ["--rate-limit", String(RATE_LIMIT), "--latency", String(RATE_LATENCY_MS)],
    [
      { name: "api-paced", variant: "api-paced", env: { RPS: String(RATE_LIMIT) } },
      { name: "api-adaptive", variant: "api-adaptive" },
    ],
  );
  const pages = m["api-paced"].pages;
  const floorMs = (pages / RATE_LIMIT) * 1000;
  const paced = m["api-paced"].ms / floorMs;
  const adaptive = m["api-adaptive"].ms / floorMs;
  const row = (label, r, x) => [label, seconds(r.ms), r.pages, r.requests, r.throttled, ratio(x)];
  tables.push(
    `### 2. Against the API's limit: ${RATE_LIMIT} requests/s, ${RATE_LATENCY_MS} ms latency, ${pages} pages ` +
      `(${m["api-paced"].rows} rows; floor ${seconds(floorMs)} = pages / ${RATE_LIMIT}; median of ${reps})\n\n` +
      markdownTable(
        ["variant", "time", "pages", "requests", "429s", "time / floor"],
        [
          row(`@hss-reports/api, maxRequestsPerSecond ${RATE_LIMIT}`, m["api-paced"], paced),
          row("@hss-reports/api, no hint (adaptive on 429)", m["api-adaptive"], adaptive),
        ],
      ) +
      "\n\n" +
      markdownTable(
        ["target", "figure", "verdict"],
        [
          ["paced: within 1.15x of the floor, no failure", ratio(paced), verdict(paced, 1.15)],
          ["adaptive: within 1.15x of the floor, no failure", ratio(adaptive), verdict(adaptive, 1.15)],
        ],
      ),
  );
  results.sections.rate.targets = { floorMs, paced, adaptive };
}

// 3. Rendering: HTML and PDF of N affected images against the naive one-table pdfmake baseline.
if (sections.has("render")) {
  log("3. rendering");
  const section = { runs: {}, medians: {} };
  results.sections.render = section;
  const render = (kind, size) => ({
    name: `${kind}-${size}`,
    run: (rep) =>
      runChild(
        "render-one.mjs",
        [kind, String(size), join(tmp, `${kind}-${size}-${rep}.${kind === "html" ? "html" : "pdf"}`)],
        {
          timeoutMs: 600_000,
        },
      ),
  });
  const rows = [];
  const targets = [];
  for (const size of SIZES.render) {
    const withNaive = SIZES.naive.includes(size);
    // The 100,000 PDF runs once: it is the slowest render and its figure is about memory.
    const variants = [render("html", size), render("pdf", size), ...(withNaive ? [render("naive", size)] : [])];
    const runs = await interleaved(variants, size >= 100_000 ? 1 : reps, log);
    Object.assign(section.runs, runs);
    const m = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianOf(list)]));
    Object.assign(section.medians, m);
    const naive = m[`naive-${size}`];
    for (const kind of ["html", "pdf", "naive"]) {
      const r = m[`${kind}-${size}`];
      if (!r) continue;
      rows.push([
        kind === "naive" ? "naive pdfmake table" : kind.toUpperCase(),
        size,
        r.rows,
        seconds(r.ms),
        `${Math.round(r.cpuMs)} ms`,
        megabytes(r.maxRssMb),
        megabytes(r.modelRssMb),
        `${(r.bytes / 2 ** 20).toFixed(1)} MB`,
        naive && kind === "pdf" ? ratio(naive.ms / r.ms) : "",
        naive && kind === "pdf" ? ratio(naive.cpuMs / r.cpuMs) : "",
        r.n,
      ]);
    }
    if (!withNaive) rows.push(["naive pdfmake table", size, "", "not run (minutes, GBs)", "", "", "", "", "", "", ""]);
    const pdf = m[`pdf-${size}`];
    const html = m[`html-${size}`];
    if (naive) {
      const x = naive.ms / pdf.ms;
      const cpu = naive.cpuMs / pdf.cpuMs;
      targets.push([
        `PDF >= 5x faster than the baseline at ${size}`,
        `${ratio(x)} (CPU ${ratio(cpu)})`,
        verdict(x, 5, "higher"),
      ]);
    }
    if (size >= 100_000) {
      targets.push([`${size} to PDF under 1 GB peak RSS`, megabytes(pdf.maxRssMb), verdict(pdf.maxRssMb, 1024)]);
      targets.push([`HTML of ${size} in a few seconds (<= 5 s)`, seconds(html.ms), verdict(html.ms, 5000)]);
    }
  }
  // Real Chromium opening the biggest HTML: is it usable?
  const browserSize = SIZES.browser;
  const htmlFile = join(tmp, `browser-${browserSize}.html`);
  await runChild("render-one.mjs", ["html", String(browserSize), htmlFile], { timeoutMs: 600_000 });
  const loads = await interleaved(
    [{ name: "chromium", run: () => runChild("chromium-load.mjs", [htmlFile]) }],
    reps,
    log,
  );
  const load = medianOf(loads.chromium);
  section.chromium = { size: browserSize, runs: loads.chromium, median: load };
  targets.push([
    `HTML of ${browserSize}: loads in Chromium in under 2 s`,
    `${seconds(load.loadMs)} load, ${seconds(load.fcpMs)} FCP`,
    verdict(load.loadMs, 2000),
  ]);
  targets.push([
    `HTML of ${browserSize}: a filter keystroke updates within 250 ms`,
    `median ${Math.round(load.keystrokeMedianMs)} ms, slowest ${Math.round(load.keystrokeMaxMs)} ms (right after load: ${seconds(load.filterMs)})`,
    verdict(load.keystrokeMaxMs, 250),
  ]);
  tables.push(
    `### 3. Rendering (synthetic model; median of ${reps}, 100,000 once)\n\n` +
      markdownTable(
        [
          "output",
          "images",
          "rows",
          "time",
          "CPU",
          "peak RSS",
          "RSS after the model",
          "size",
          "baseline / this",
          "baseline CPU / this",
          "n",
        ],
        rows,
      ) +
      `\n\nChromium ${browserSize} images: DOMContentLoaded ${seconds(load.domContentLoadedMs)}, load ${seconds(load.loadMs)}, ` +
      `first contentful paint ${seconds(load.fcpMs)}, a filter right after load ${seconds(load.filterMs)}, ` +
      `keystrokes once idle: median ${Math.round(load.keystrokeMedianMs)} ms, slowest ${Math.round(load.keystrokeMaxMs)} ms (median of ${reps}).` +
      "\n\n" +
      markdownTable(["target", "figure", "verdict"], targets),
  );
}

// 5. Whole runs at scale: the CLI against the emulator, one format per run (and every format at once), so the PDF
// run compares with the JSON-only run of the same tenant and each format's peak RSS is its own.
if (sections.has("scale")) {
  log("5. whole runs at scale");
  const section = { runs: {}, medians: {} };
  results.sections.scale = section;
  const rows = [];
  const targets = [];
  const naive = results.sections.render?.medians?.[`naive-${SIZES.naive[0]}`];
  const byRows = [];
  for (const images of SIZES.scale) {
    const emulator = await startEmulatorProcess({ images });
    try {
      const env = { ...process.env, HSS_AUTH_TOKEN: emulator.token };
      // With --render-from, the JSON runs' folders stay until `render --from` has re-rendered their evidence.json.
      const outOf = (formats, rep) => join(tmp, `run-${images}-${formats}-${rep}`);
      const run = (formats) => ({
        name: `${images}-${formats}`,
        run: (rep) =>
          runChild("cli-run.mjs", [emulator.url, emulator.projectId, formats, outOf(formats, rep)], {
            env,
            timeoutMs: 1_800_000,
          }).finally(
            () =>
              (flags["render-from"] && formats === "json") ||
              rmSync(outOf(formats, rep), { recursive: true, force: true }),
          ),
      });
      // Up to 100,000 rows every format on its own; above, the formats that stay readable at any size.
      const formats = images <= 40_000 ? ["json", "pdf", "html", "csv", "json,pdf,html,csv,md"] : ["json", "pdf"];
      // A warm-up walk (the emulator builds rule memberships lazily), which also counts the rows.
      const warm = await runChild("fetch-walk.mjs", [
        "floor",
        emulator.url,
        emulator.projectId,
        emulator.token,
        emulator.ak,
        emulator.sk,
      ]);
      const repsHere = images >= 100_000 ? 1 : reps;
      const runs = await interleaved(
        formats.map((f) => run(f)),
        repsHere,
        log,
      );
      Object.assign(section.runs, runs);
      const m = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianOf(list)]));
      Object.assign(section.medians, m);
      const json = m[`${images}-json`];
      const rowsOf = warm.rows;
      for (const f of formats) {
        const r = m[`${images}-${f}`];
        rows.push([
          images,
          rowsOf,
          f === "json,pdf,html,csv,md" ? "all five" : f,
          seconds(r.ms),
          `${Math.round(r.cpuMs)} ms`,
          megabytes(r.maxRssMb),
          f === "json" ? "" : ratio(r.ms / json.ms),
          f === "json" ? "" : ratio(r.cpuMs / json.cpuMs),
          r.n,
        ]);
      }
      // `render --from` of the last JSON run's evidence.json (read a response at a time into its own spool).
      const fromFormats = flags["render-from"] ? ["json", "pdf"] : [];
      const from = await interleaved(
        fromFormats.map((f) => ({
          name: `${images}-from-${f}`,
          run: () =>
            runChild(
              "cli-run.mjs",
              ["--from", join(outOf("json", repsHere - 1), "evidence.json"), f, join(tmp, `from-${images}`)],
              { timeoutMs: 1_800_000 },
            ).finally(() => rmSync(join(tmp, `from-${images}`), { recursive: true, force: true })),
        })),
        repsHere,
        log,
      );
      for (let rep = 0; rep < repsHere; rep++)
        rmSync(join(tmp, `run-${images}-${rep}`), { recursive: true, force: true });
      for (const f of fromFormats) {
        const r = medianOf(from[`${images}-from-${f}`]);
        section.runs[`${images}-from-${f}`] = from[`${images}-from-${f}`];
        section.medians[`${images}-from-${f}`] = r;
        m[`${images}-from-${f}`] = r;
        const cells = [seconds(r.ms), `${Math.round(r.cpuMs)} ms`, megabytes(r.maxRssMb)];
        rows.push([
          images,
          rowsOf,
          `render --from: ${f}`,
          ...cells,
          ratio(r.ms / json.ms),
          ratio(r.cpuMs / json.cpuMs),
          r.n,
        ]);
      }
      byRows.push({ images, rows: rowsOf, json, pdf: m[`${images}-pdf`] });
      const pdf = m[`${images}-pdf`];
      // The naive render's own size (within 2x of its rows): a comparison of the same amount of data.
      if (naive && rowsOf >= naive.rows / 2 && rowsOf <= naive.rows * 2)
        targets.push([
          `whole --format pdf run (${rowsOf} rows) >= 5x faster than the naive table render alone (${naive.rows} rows)`,
          `${ratio(naive.ms / pdf.ms)} (CPU ${ratio(naive.cpuMs / pdf.cpuMs)})`,
          verdict(naive.ms / pdf.ms, 5, "higher"),
        ]);
      if (rowsOf >= 90_000 && rowsOf < 200_000) {
        targets.push([
          `${rowsOf} rows: PDF run within 2x of the JSON run`,
          `${ratio(pdf.ms / json.ms)} (CPU ${ratio(pdf.cpuMs / json.cpuMs)})`,
          verdict(pdf.ms / json.ms, 2),
        ]);
        const worst = Math.max(...formats.filter((f) => !f.includes(",")).map((f) => m[`${images}-${f}`].maxRssMb));
        targets.push([`${rowsOf} rows: peak RSS of any one format <= 400 MB`, megabytes(worst), verdict(worst, 400)]);
      }
      if (rowsOf >= 900_000) {
        const worst = Math.max(
          json.maxRssMb,
          pdf.maxRssMb,
          ...fromFormats.map((f) => m[`${images}-from-${f}`].maxRssMb),
        );
        targets.push([`${rowsOf} rows completes with peak RSS <= 1 GB`, megabytes(worst), verdict(worst, 1024)]);
      }
    } finally {
      await emulator.close();
    }
  }
  // Linear time: CPU per row of the JSON run at each size, against the smallest size's.
  const base = byRows[0];
  const linear = byRows.map((b) => [
    b.rows,
    `${((b.json.cpuMs / b.rows) * 1000).toFixed(1)} µs`,
    base ? ratio(b.json.cpuMs / b.rows / (base.json.cpuMs / base.rows)) : "",
    `${((b.pdf.cpuMs / b.rows) * 1000).toFixed(1)} µs`,
  ]);
  tables.push(
    `### 5. Whole runs at scale: the CLI against the emulator (median of ${reps}; 100,000+ images once)\n\n` +
      markdownTable(
        ["images", "rows", "--format", "time", "CPU", "peak RSS", "time / JSON run", "CPU / JSON run", "n"],
        rows,
      ) +
      "\n\n" +
      markdownTable(["rows", "JSON run CPU per row", "per row / smallest", "PDF run CPU per row"], linear) +
      (targets.length ? `\n\n${markdownTable(["target", "figure", "verdict"], targets)}` : ""),
  );
}

// 4. First use: `pnpm report` on the demo data from a built checkout (turbo's cache check included).
if (sections.has("first")) {
  log("4. first use");
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(HUAWEICLOUD_|HSS_)/.test(k) && !k.startsWith("npm_")),
  );
  const timed = (command, args, out) =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const child = spawn(command, [...args, "--out", out, "--quiet"], { cwd: ROOT_DIR, env, stdio: "ignore" });
      child.on("error", reject);
      child.on("exit", (code) => {
        rmSync(out, { recursive: true, force: true });
        if (code !== 0) reject(new Error(`${command} ${args.join(" ")} exited ${code}`));
        else resolve({ ms: performance.now() - started });
      });
    });
  const runs = await interleaved(
    [
      { name: "pnpm report", run: (rep) => timed("pnpm", ["report"], join(tmp, `first-${rep}`)) },
      {
        name: "node dist/cli.js",
        run: (rep) => timed(process.execPath, ["apps/report/dist/cli.js"], join(tmp, `cli-${rep}`)),
      },
    ],
    reps,
    log,
  );
  const m = Object.fromEntries(Object.entries(runs).map(([name, list]) => [name, medianOf(list)]));
  results.sections.first = { runs, medians: m };
  // What a run writes with no --format: counted from the CLI's own table, not written here.
  const { DEFAULT_FORMATS } = await import("../dist/config/values.js");
  tables.push(
    `### 4. First use: the demo report (its ${DEFAULT_FORMATS.length} default formats: ${DEFAULT_FORMATS.join(", ")}) from a built checkout (median of ${reps})\n\n` +
      markdownTable(
        ["command", "wall time"],
        [
          ["pnpm report (turbo cache check + CLI)", seconds(m["pnpm report"].ms)],
          ["node apps/report/dist/cli.js (CLI alone)", seconds(m["node dist/cli.js"].ms)],
        ],
      ),
  );
}

rmSync(tmp, { recursive: true, force: true });
const mc = results.machine;
const header =
  `## pnpm bench${quick ? " --quick" : ""}: ${mc.nproc} CPUs (${mc.cpu}), ${mc.memoryGb} GB, Node ${mc.node}, ` +
  `${seconds(performance.now() - benchStarted)} in all; load average ${mc.loadAtStart.toFixed(1)} at the start, ` +
  `${loadavg()[0].toFixed(1)} at the end (other work on the machine: absolute times are context only)`;
process.stdout.write(`\n${header}\n\n${tables.join("\n\n")}\n`);
if (flags.json) writeFileSync(flags.json, `${JSON.stringify(results, null, 2)}\n`);
