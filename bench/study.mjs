// What a study saves (node bench/study.mjs; run `npm run build` first), written to
// bench/study-results.json:
//
// 1. Capacity-only sweep: R1 over 32 site capacities that all bind (60–122 sessions; R1's
//    unlimited run peaks at ~150) × 8 replications, in one `sweep` process on one thread,
//    against the same 256 runs done independently — (a) as a planner does them today, one
//    `run --set site.capacity=X --replications 8` process per capacity, and (b) in one process
//    with the library, each run drawn and served on its own (no visitors shared). CPU time
//    (user + sys) of the processes, the machine's drift cancelled by interleaving A, B, A, B.
// 2. A 64-point traffic sweep of R1 (traffic 0.02–1.28, 8 replications) on --threads 2,
//    against the same work split over two single-thread processes run at once (odd and even
//    points), wall time, interleaved.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIN = "bin/funnel-sim.cjs";
const node = process.execPath;

/** Runs `commands` (arrays of arguments to node) at once; wall ms and summed CPU ms. */
function measure(commands) {
  const t = performance.now();
  const script = commands
    .map(
      (args) =>
        `/usr/bin/time -f "CPU %U %S" ${[node, ...args].map((a) => `'${a}'`).join(" ")} >/dev/null &`,
    )
    .join("\n");
  const r = spawnSync("bash", ["-c", `${script}\nwait`], { encoding: "utf8" });
  const wall = performance.now() - t;
  let cpu = 0;
  for (const m of r.stderr.matchAll(/CPU ([\d.]+) ([\d.]+)/g))
    cpu += 1000 * (Number(m[1]) + Number(m[2]));
  if (r.status !== 0 || /funnel-sim:/.test(r.stderr)) throw new Error(r.stderr);
  return { wall, cpu };
}

/** Runs `sequential` one after another (each may be several processes at once). */
function measureAll(groups) {
  let wall = 0;
  let cpu = 0;
  for (const g of groups) {
    const m = measure(g);
    wall += m.wall;
    cpu += m.cpu;
  }
  return { wall, cpu };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const capacities = Array.from({ length: 32 }, (_, i) => 60 + 2 * i);

const cases = {
  sweep: [
    [
      [
        BIN,
        "sweep",
        "bench/r1.yaml",
        "--vary",
        "site.capacity=60:122:2",
        "--replications",
        "8",
        "--threads",
        "1",
        "--json",
      ],
    ],
  ],
  processes: capacities.map((c) => [
    [
      BIN,
      "run",
      "bench/r1.yaml",
      "--set",
      `site.capacity=${c}`,
      "--replications",
      "8",
      "--threads",
      "1",
      "--json",
    ],
  ]),
  inProcess: [
    [
      "--input-type=module",
      "-e",
      `const m = await import("${new URL("../dist/index.mjs", import.meta.url).href}"); const s = m.loadScenario("bench/r1.yaml"); for (const c of ${JSON.stringify(capacities)}) { const p = m.compile({ ...s, site: { ...s.site, capacity: c } }); for (let r = 0; r < 8; r++) m.simulate(p, r); }`,
    ],
  ].map((cmd) => [cmd]),
  traffic2: [
    [
      [
        BIN,
        "sweep",
        "bench/r1.yaml",
        "--vary",
        "traffic=0.02:1.28:0.02",
        "--replications",
        "8",
        "--threads",
        "2",
        "--json",
      ],
    ],
  ],
  trafficSplit: [
    [
      [
        BIN,
        "sweep",
        "bench/r1.yaml",
        "--vary",
        "traffic=0.02:1.26:0.04",
        "--replications",
        "8",
        "--threads",
        "1",
        "--json",
      ],
      [
        BIN,
        "sweep",
        "bench/r1.yaml",
        "--vary",
        "traffic=0.04:1.28:0.04",
        "--replications",
        "8",
        "--threads",
        "1",
        "--json",
      ],
    ],
  ],
};

const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++)
  for (const [name, groups] of Object.entries(cases)) {
    const m = measureAll(groups);
    samples[name].push(m);
    process.stderr.write(
      `round ${round + 1}: ${name} wall ${Math.round(m.wall)} ms, cpu ${Math.round(m.cpu)} ms\n`,
    );
  }
const med = (name, key) => Math.round(median(samples[name].map((m) => m[key])));
const results = {
  date: new Date().toISOString(),
  rounds: ROUNDS,
  capacitySweep: {
    sweepCpuMs: med("sweep", "cpu"),
    separateProcessesCpuMs: med("processes", "cpu"),
    inProcessUnsharedCpuMs: med("inProcess", "cpu"),
    ratioToProcesses: Math.round((100 * med("sweep", "cpu")) / med("processes", "cpu")) / 100,
    ratioToInProcess: Math.round((100 * med("sweep", "cpu")) / med("inProcess", "cpu")) / 100,
  },
  trafficSweep: {
    threads2WallMs: med("traffic2", "wall"),
    twoProcessesWallMs: med("trafficSplit", "wall"),
    ratio: Math.round((100 * med("traffic2", "wall")) / med("trafficSplit", "wall")) / 100,
  },
};
console.log(JSON.stringify(results, null, 2));
writeFileSync(
  new URL("./study-results.json", import.meta.url),
  `${JSON.stringify(results, null, 2)}\n`,
);
