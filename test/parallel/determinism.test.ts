import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile, loadScenario, simulate, simulateVariants } from "../../src/index.js";
import { WorkerPool } from "../../src/parallel/pool.js";
import { runReplications, runVariants, simulateOn } from "../../src/parallel/runs.js";

// The built worker (npm test builds before vitest runs).
const WORKER = new URL("../../dist/worker.cjs", import.meta.url);
let pool: WorkerPool;
beforeAll(async () => {
  pool = (await WorkerPool.open(2, WORKER))!;
});
afterAll(() => pool.destroy());

const scenarios = [
  ["bench/r1.yaml", ["marketing.channels.0.reach=3000000"]],
  ["scenarios/alpha-content-actual.yaml", []],
  ["scenarios/alpha-content-plan.yaml", ["sales.skill=1.5"]],
] as const;

describe.each(scenarios)("%s on worker threads", (file, set) => {
  const plan = compile(loadScenario(file, [...set]));

  test("simulateOn(plan) with reach drawn on two workers equals simulate(plan) in this thread", async () => {
    const here = simulate(plan, 0);
    const there = await simulateOn(plan, 0, pool, 0);
    expect(Array.from(there.counters)).toEqual(Array.from(here.counters));
    expect(Array.from(there.lostHostingBySlot)).toEqual(Array.from(here.lostHostingBySlot));
  });

  test("runReplications(plan, 3) on two workers equals the same replications in this thread", async () => {
    const there = await runReplications(plan, 3, pool);
    const here = await runReplications(plan, 3, null);
    expect(there.map((r) => Array.from(r.counters))).toEqual(
      here.map((r) => Array.from(r.counters)),
    );
  });

  test("runVariants(plans) on workers equals simulateVariants and simulate on each plan", async () => {
    const variant = compile(loadScenario(file, [...set, "supply.stock=unlimited"]));
    const [onWorkers] = await runVariants([plan, variant], 1, pool);
    const inThread = simulateVariants([plan, variant], 0);
    expect(onWorkers.map((r) => Array.from(r.counters))).toEqual(
      inThread.map((r) => Array.from(r.counters)),
    );
    expect(Array.from(inThread[1].counters)).toEqual(Array.from(simulate(variant, 0).counters));
  });
});
