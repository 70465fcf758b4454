// Times each stage of one R1 run, cold, in this fresh process, and prints them as JSON (ms).
// `node bench/stages.mjs [runs] [file]` bundles this file as the CLI is bundled and reports
// each stage's median over fresh processes; under `npx tsx bench/stages.ts [file]` the kernels
// run untransformed by the bundler and several times slower, so only compare like with like.
import { C, newCounters } from "../src/core/counters.js";
import { mergeAttempts, reachUnits } from "../src/core/pipeline.js";
import { compile } from "../src/core/plan.js";
import { orderClicks } from "../src/core/stages/click.js";
import { consult } from "../src/core/stages/consult.js";
import { hosting } from "../src/core/stages/hosting.js";
import { reachBlock } from "../src/core/stages/reach.js";
import { drawVisitors } from "../src/core/stages/visit.js";
import { loadScenario } from "../src/scenario/parse.js";
import { purchase } from "../src/stages/purchase.js";

const plan = compile(loadScenario(process.argv[2] ?? "bench/r1.yaml"));
const counters = newCounters();
const times: Record<string, number> = {};
let t = performance.now();
const lap = (stage: string) => {
  const now = performance.now();
  times[stage] = Math.round(now - t);
  t = now;
};
const blocks = reachUnits(plan).map((u) => reachBlock(plan, 0, u.channel, u.block, u.agents));
lap("reach");
const clicks = orderClicks(plan, 0, blocks);
lap("click");
const visitors = drawVisitors(plan, 0, clicks);
lap("visit");
const exits = hosting(visitors, plan.siteCapacity, plan.meanSessionMin, counters);
lap("hosting");
const consulted = consult(plan, visitors, exits, counters);
lap("consult");
const lostStock = new Uint32Array(visitors.clicksBySlot.length);
purchase.serveAttempts?.(mergeAttempts(exits.directMin, consulted.attemptMin), {
  plan,
  replication: 0,
  counters,
  C,
  segmentOf: () => 0,
  lostBySlot: () => lostStock,
});
lap("purchase");
console.log(JSON.stringify(times));
