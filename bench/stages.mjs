// Cold time of each stage of an R1 run, median over fresh processes:
// `node bench/stages.mjs [runs = 9] [scenario = bench/r1.yaml]`. Bundles bench/stages.ts the
// way the CLI is bundled (esbuild, minified), so the kernels are compiled as in a real run.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";

const runs = Number(process.argv[2] ?? 9);
const scenario = process.argv[3] ?? "bench/r1.yaml";
const out = join(mkdtempSync(join(tmpdir(), "funnel-sim-stages-")), "stages.mjs");
await build({
  entryPoints: ["bench/stages.ts"],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  minify: true,
  outfile: out,
  logLevel: "warning",
  banner: {
    js: "import { createRequire as __stagesRequire } from 'node:module'; const require = __stagesRequire(import.meta.url);",
  },
});
const samples = {};
for (let i = 0; i < runs; i++) {
  const r = spawnSync(process.execPath, [out, scenario], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  for (const [stage, ms] of Object.entries(JSON.parse(r.stdout))) {
    samples[stage] ??= [];
    samples[stage].push(ms);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const medians = Object.fromEntries(Object.entries(samples).map(([s, xs]) => [s, median(xs)]));
console.log(`cold ms, median of ${runs} processes:`, medians);
