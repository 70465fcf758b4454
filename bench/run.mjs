// npm run bench: whole-process timings of the built CLI on the benchmark scenarios.
// Each case: one warm-up run (disk cache, not JIT: every run is a fresh process), then
// RUNS timed runs; we report the median wall time, reached agents per second and the peak
// RSS the process reports for itself at exit. Outputs are checked equal across runs
// (same work in every row) and written to bench/results.json.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { coreEfficiency } from "./cores.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BIN = "bin/funnel-sim.cjs";
const R1 = ["run", "bench/r1.yaml", "--json"];
const R1_100M = [
  ...R1,
  "--set",
  "marketing.channels.0.reach=100000000",
  "--set",
  "marketing.channels.0.clickRate=0.01",
];
const R1_400M = [
  ...R1,
  "--set",
  "marketing.channels.0.reach=400000000",
  "--set",
  "marketing.channels.0.clickRate=0.0025",
];
// 20 M expected clicks, half the size from which a single run draws its reach on the pool
// (PARALLEL_CLICKS_MIN; this row is what set it); capacities scaled 20× so the funnel is R1's.
const R1_200M = [
  ...R1,
  "--set",
  "marketing.channels.0.reach=200000000",
  "--set",
  "site.capacity=2400",
  "--set",
  "sales.consultants=900",
  "--set",
  "supply.stock=800000",
];
const BATCH = [...R1, "--replications", "8"];
const cases = [
  { name: "R1 10M, threads 1", args: [...R1, "--threads", "1"], reached: 10_000_000 },
  { name: "R1 10M, threads 2", args: [...R1, "--threads", "2"], reached: 10_000_000 },
  { name: "R1 100M @1%, threads 1", args: [...R1_100M, "--threads", "1"], reached: 100_000_000 },
  { name: "R1 100M @1%, threads 2", args: [...R1_100M, "--threads", "2"], reached: 100_000_000 },
  { name: "R1 400M @0.25%, threads 1", args: [...R1_400M, "--threads", "1"], reached: 400_000_000 },
  { name: "R1 400M @0.25%, threads 2", args: [...R1_400M, "--threads", "2"], reached: 400_000_000 },
  {
    name: "R1 200M @10% (20 M clicks), threads 1",
    args: [...R1_200M, "--threads", "1"],
    reached: 200_000_000,
  },
  {
    name: "R1 200M @10% (20 M clicks), threads 2",
    args: [...R1_200M, "--threads", "2"],
    reached: 200_000_000,
  },
  { name: "8 × R1 10M, threads 1", args: [...BATCH, "--threads", "1"], reached: 80_000_000 },
  { name: "8 × R1 10M, threads 2", args: [...BATCH, "--threads", "2"], reached: 80_000_000 },
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
    output: warm.out,
  });
}

const outputs = new Map();
for (const [i, c] of cases.entries()) {
  const key = JSON.stringify(
    c.args.filter((a, j, all) => a !== "--threads" && all[j - 1] !== "--threads"),
  );
  if (outputs.has(key) && outputs.get(key) !== rows[i].output)
    throw new Error(`${c.name}: output differs from the same work on another thread count`);
  outputs.set(key, rows[i].output);
  delete rows[i].output;
}
const t1 = rows.find((r) => r.case === "8 × R1 10M, threads 1");
const t2 = rows.find((r) => r.case === "8 × R1 10M, threads 2");
const speedUp = t1 && t2 ? Math.round((100 * t1.medianWallMs) / t2.medianWallMs) / 100 : null;
const cores = await coreEfficiency();
console.table(rows);
console.log(
  `machine, two processes at once against one (bench/cores.mjs): arithmetic loop ${cores.arithmetic.efficiency}×, memory-bound loop ${cores.memory.efficiency}×, fresh pages ${cores.freshPages.efficiency}×, 4 R1 replications per process ${cores.simulation.efficiency}×`,
);
console.log(`replication batch speed-up, threads 1 → 2: ${speedUp}×`);
writeFileSync(
  "bench/results.json",
  `${JSON.stringify({ node: process.version, date: new Date().toISOString(), runs: RUNS, rows, replicationSpeedUp: speedUp, cores }, null, 2)}\n`,
);
