// PDF rendering benchmark: `node scripts/pdf-bench.mjs [--images 10000,100000] [--naive 10000]` after
// `pnpm build` and `pnpm bench:build` (the synthetic report and naive baseline live in bench/pdf).
// Each measurement runs in its own child process so peak RSS is that of one render alone.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};

if (arg("child") !== undefined) {
  const mode = arg("child");
  const images = Number(arg("size"));
  const lang = arg("lang", "en-us");
  const bench = await import("../bench/dist/bench/pdf/index.js");
  const report = bench.syntheticReport({ images, lang });
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const bytes = mode === "naive" ? await bench.naiveBaselinePdf(report) : await bench.renderPdf(report);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  const out = arg("out");
  if (out) writeFileSync(out, bytes);
  process.stdout.write(
    JSON.stringify({
      mode,
      images,
      lang,
      ms: Math.round(ms),
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      bytes: bytes.length,
    }),
  );
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (mode, size) => {
    const child = spawnSync(process.execPath, [self, "--child", mode, "--size", String(size), ...args], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (child.status !== 0) throw new Error(`${mode} ${size} failed: ${child.stderr}`);
    return JSON.parse(child.stdout);
  };
  const rows = [];
  for (const size of arg("naive", "10000").split(",").filter(Boolean)) rows.push(run("naive", Number(size)));
  for (const size of arg("images", "10000,100000").split(",").filter(Boolean)) rows.push(run("render", Number(size)));
  console.table(rows);
}
