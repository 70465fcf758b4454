// npm run bench: whole-process timings of the built CLI on the benchmark scenarios.
// Each case: one warm-up run (disk cache, not JIT: every run is a fresh process), then
// RUNS timed runs; we report the median wall time, reached agents per second and the peak
// RSS the process reports for itself at exit. Outputs are checked equal across runs
// (same work in every row) and written to bench/results.json.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIN = "dist/funnel-sim.mjs";
const cases = [
  { name: "R1 10M reached", args: ["run", "bench/r1.yaml", "--json"], reached: 10_000_000 },
];

function once(args) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, FUNNEL_SIM_REPORT_RSS: "1" },
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const wallMs = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed (${r.status}): ${r.stderr}`);
  const rss = /maxRSS=(\d+)/.exec(r.stderr);
  return { wallMs, rssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN, out: r.stdout };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
for (const c of cases) {
  const warm = once(c.args);
  const runs = Array.from({ length: RUNS }, () => once(c.args));
  if (runs.some((r) => r.out !== warm.out))
    throw new Error(`${c.name}: outputs differ between runs`);
  const wall = median(runs.map((r) => r.wallMs));
  rows.push({
    case: c.name,
    runs: RUNS,
    medianWallMs: Math.round(wall),
    minWallMs: Math.round(Math.min(...runs.map((r) => r.wallMs))),
    reachedPerSec: Math.round(c.reached / (wall / 1000)),
    peakRssMiB: Math.round(Math.max(...runs.map((r) => r.rssMiB))),
  });
}

console.table(rows);
writeFileSync(
  "bench/results.json",
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2)}\n`,
);
