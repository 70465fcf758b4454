// capacity's budget (issue #14): `capacity --target 0.95` on the actual case, 20 replications,
// --threads 2, whole process, under 15 s. Runs the built CLI (node scripts/bundle.mjs first)
// a few times and prints each wall time and the median: node bench/capacity.mjs [runs]
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const runs = Number(process.argv[2] ?? 3);
const args = [
  join(root, "bin/funnel-sim.cjs"),
  "capacity",
  join(root, "scenarios/alpha-content-actual.yaml"),
  "--target",
  "0.95",
  "--replications",
  "20",
  "--threads",
  "2",
  "--json",
];
const times = [];
for (let i = 0; i < runs; i++) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`capacity exited ${r.status}: ${r.stderr}`);
  times.push(seconds);
  const { settingsRun } = JSON.parse(r.stdout);
  console.log(`run ${i + 1}: ${seconds.toFixed(2)} s (${settingsRun} settings × 20 replications)`);
}
times.sort((a, b) => a - b);
console.log(`median ${times[Math.floor(times.length / 2)].toFixed(2)} s (budget 15 s)`);
