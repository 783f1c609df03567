// Shared helpers of the benchmark harness: the emulator as a child process, one measurement per child process,
// medians, and the printed table. Plain ESM over the built packages (dist), so the harness needs no build step.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = fileURLToPath(new URL(".", import.meta.url));
export const REPORT_DIR = fileURLToPath(new URL("..", import.meta.url));
export const ROOT_DIR = fileURLToPath(new URL("../../..", import.meta.url));
const EMULATOR_CLI = fileURLToPath(new URL("../../../packages/emulator/dist/cli.js", import.meta.url));

/** Peak (VmHWM) and current (VmRSS) resident memory of a live process, in MB; undefined once it has exited. */
export function procMemory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a live process has used so far, in ms (from /proc/<pid>/stat, 100 Hz ticks). */
export function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/**
 * Starts the emulator CLI in its own process (so the measured process's CPU and RSS are its own) and resolves
 * with where it listens and its demo credentials. `args` are CLI flags such as `--rate-limit 20`.
 */
export async function startEmulatorProcess({ images, seed = "bench", args = [] }) {
  const child = spawn(
    process.execPath,
    [EMULATOR_CLI, "--port", "0", "--quiet", "--images", String(images), "--seed", seed, ...args],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  // Never leave an emulator behind, whatever ends the harness.
  const stop = () => child.kill("SIGTERM");
  process.once("exit", stop);
  let banner = "";
  let errors = "";
  child.stderr.on("data", (chunk) => {
    errors += chunk;
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`emulator did not start in 30 s: ${errors}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      banner += chunk;
      if (banner.includes("Ctrl-C")) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited with ${code}: ${errors}`));
    });
  });
  if (!ready) throw new Error("emulator did not start");
  const field = (re) => {
    const match = re.exec(banner);
    if (!match) throw new Error(`emulator banner without ${re}: ${banner}`);
    return match[1];
  };
  const [ak, sk] = field(/AK\/SK:\s+(\S+ \/ \S+)/).split(" / ");
  return {
    url: field(/listening on (\S+)/),
    token: field(/X-Auth-Token: (\S+)/),
    projectId: field(/project (\S+) \(/),
    ak,
    sk,
    pid: child.pid,
    memory: () => procMemory(child.pid),
    cpuMs: () => procCpuMs(child.pid),
    close: () =>
      new Promise((resolve) => {
        process.off("exit", stop);
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
      }),
  };
}

/**
 * Runs `node <script> ...args` as its own process and parses the JSON it prints last on stdout. The child reports
 * its own time and `process.resourceUsage().maxRSS`; wall time of the whole process is added here.
 */
export function runChild(script, args, { timeoutMs = 300_000, nodeArgs = [], cwd = REPORT_DIR, env } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, `${BENCH_DIR}${script}`, ...args], {
      cwd,
      env: env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - started;
      const last = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) {
        reject(new Error(`${script} ${args.join(" ")} failed (${signal ?? code}): ${err.slice(-2000)}`));
        return;
      }
      try {
        resolve({ ...JSON.parse(last), processWallMs: wallMs });
      } catch {
        reject(new Error(`${script} printed no JSON result: ${out.slice(-500)} ${err.slice(-500)}`));
      }
    });
  });
}

/** What a child prints as its result: its figures plus its own CPU time and peak RSS. */
export function childResult(figures, cpuStart = undefined) {
  const cpu = process.cpuUsage(cpuStart);
  return JSON.stringify({
    ...figures,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  });
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs each variant `reps` times, interleaved (A B C, A B C, ...), so drift on a noisy machine hits all alike. */
export async function interleaved(variants, reps, log) {
  const results = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let rep = 0; rep < reps; rep++) {
    for (const variant of variants) {
      const result = await variant.run(rep);
      results[variant.name].push(result);
      log?.(`  ${variant.name} #${rep + 1}: ${summarize(result)}`);
    }
  }
  return results;
}

function summarize(result) {
  return Object.entries(result)
    .filter(([, v]) => typeof v === "number" || typeof v === "string" || typeof v === "boolean")
    .map(([k, v]) => `${k}=${typeof v === "number" ? Math.round(v * 10) / 10 : v}`)
    .join(" ");
}

/** The median of each numeric field over the repetitions of one variant. */
export function medianOf(results) {
  const out = {};
  for (const key of Object.keys(results[0] ?? {})) {
    const values = results.map((r) => r[key]);
    out[key] = typeof values[0] === "number" ? median(values) : values[0];
  }
  out.n = results.length;
  return out;
}

export const seconds = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
export const megabytes = (mb) => (Number.isFinite(mb) ? `${Math.round(mb)} MB` : "n/a");
export const ratio = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}x` : "n/a");

/** A GitHub-flavoured Markdown table (readable in a terminal too). */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(String(h).length, ...rows.map((r) => String(r[i] ?? "").length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c ?? "").padEnd(widths[i])).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}
