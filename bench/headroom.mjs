// Wall time of `headroom` on the plan up to 20× (the default), --threads 2, the scenario's own
// 10 replications (node bench/headroom.mjs; run `npm run build` or `node scripts/bundle.mjs`
// first). Issue #14 asks for under 20 s; written to bench/headroom-results.json.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const ARGS = [
  "bin/funnel-sim.cjs",
  "headroom",
  "scenarios/alpha-content-plan.yaml",
  "--max-traffic",
  "20",
  "--threads",
  "2",
  "--json",
];

const walls = [];
let measured = 0;
for (let i = 0; i < ROUNDS; i++) {
  const t = performance.now();
  const r = spawnSync(process.execPath, ARGS, { encoding: "utf8" });
  walls.push(performance.now() - t);
  if (r.status !== 0) throw new Error(r.stderr);
  measured = JSON.parse(r.stdout).curve.length;
}
const sorted = [...walls].sort((a, b) => a - b);
const result = {
  command: `node ${ARGS.join(" ")}`,
  rounds: ROUNDS,
  multiplesMeasured: measured,
  medianSeconds: Number((sorted[Math.floor(ROUNDS / 2)] / 1000).toFixed(2)),
  maxSeconds: Number((sorted.at(-1) / 1000).toFixed(2)),
  wallSeconds: walls.map((w) => Number((w / 1000).toFixed(2))),
};
writeFileSync("bench/headroom-results.json", `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
