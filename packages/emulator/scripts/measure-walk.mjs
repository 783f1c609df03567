// Measures the emulator's memory over a full walk: starts the built CLI as its own process, fetches every page of
// every rule of both image types, then reads the child's RSS (VmRSS now, VmHWM peak) from /proc.
// Usage: node scripts/measure-walk.mjs [images=100000] [concurrency=4]
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const images = Number(process.argv[2] ?? 100_000);
const concurrency = Number(process.argv[3] ?? 4);
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const child = spawn(process.execPath, [cli, "--port", "0", "--images", String(images), "--quiet"], {
  stdio: ["ignore", "pipe", "inherit"],
});
let banner = "";
const url = await new Promise((resolve, reject) => {
  child.stdout.on("data", (chunk) => {
    banner += chunk;
    const match = /listening on (\S+)/.exec(banner);
    if (match && banner.includes("Ctrl-C")) resolve(match[1]);
  });
  child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)));
});
const token = /X-Auth-Token: (\S+)/.exec(banner)[1];
const projectId = /project (\S+) \(/.exec(banner)[1];
const memory = () => {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)[1]);
  return { rssMB: (kb("VmRSS") / 1024).toFixed(1), peakMB: (kb("VmHWM") / 1024).toFixed(1) };
};
const startMemory = memory();

async function page(path, query) {
  const response = await fetch(`${url}/v5/${projectId}/image/${path}?${new URLSearchParams(query)}`, {
    headers: { "X-Auth-Token": token },
  });
  if (response.status !== 200) throw new Error(`${path} ${response.status} ${await response.text()}`);
  return response.json();
}

const started = Date.now();
let requests = 0;
let items = 0;
for (const imageType of ["registry", "cicd"]) {
  const rules = await page("build-command-risks", { image_type: imageType, limit: 200 });
  requests++;
  for (const rule of rules.data_list) {
    const offsets = [];
    for (let offset = 0; offset < rule.image_num; offset += 200) offsets.push(offset);
    while (offsets.length > 0) {
      const batch = offsets.splice(0, concurrency);
      const pages = await Promise.all(
        batch.map((offset) =>
          page("build-command-risks/images", { image_type: imageType, rule_id: rule.rule_id, offset, limit: 200 }),
        ),
      );
      requests += pages.length;
      for (const p of pages) {
        if (p.total_num !== rule.image_num)
          throw new Error(`${rule.rule_id}: total_num ${p.total_num} != ${rule.image_num}`);
        items += p.data_list.length;
      }
    }
  }
}
const seconds = (Date.now() - started) / 1000;
console.log(JSON.stringify({ images, requests, items, seconds, atStart: startMemory, afterWalk: memory() }, null, 2));
child.kill("SIGTERM");
