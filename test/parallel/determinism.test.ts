import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { compile, loadScenario, simulate, simulateVariants } from "../../src/index.js";
import { WorkerPool } from "../../src/parallel/pool.js";
import { runReplications, runVariants, simulateOn } from "../../src/parallel/runs.js";
import { type Claimed, runTask, type Task } from "../../src/parallel/tasks.js";

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
  // Traffic events (a campaign's, a channel's own) and a channel's own profile.
  [
    "test/fixtures/planners/sneaker-drop.yaml",
    [
      'marketing.traffic.events=[{day: 1, at: "10:00", share: 0.3, halfLife: 20}]',
      'marketing.channels.1.traffic={hourly: uniform, events: [{day: 2, at: "09:00", share: 0.6, halfLife: 45}]}',
    ],
  ],
] as const;

describe.each(scenarios)("%s on worker threads", (file, set) => {
  const plan = compile(loadScenario(file, [...set]));

  test("a worker given a whole batch returns what this thread computes for each task", async () => {
    const tasks: Task[] = [0, 1, 2].map((replication) => ({
      kind: "replication",
      plan,
      replication,
    }));
    // The worker claims every task: this thread takes none here.
    const claimed = await pool.run<Claimed>({
      tasks,
      next: new Int32Array(new SharedArrayBuffer(4)),
    });
    expect(claimed.map(([k]) => k)).toEqual([0, 1, 2]);
    for (const [k, result] of claimed)
      expect(Array.from((result as ReturnType<typeof simulate>).counters)).toEqual(
        Array.from((runTask(tasks[k]) as ReturnType<typeof simulate>).counters),
      );
  });

  test("simulateOn(plan) with reach drawn on the pool equals simulate(plan) in this thread", async () => {
    const here = simulate(plan, 0);
    const there = await simulateOn(plan, 0, pool, 0);
    expect(Array.from(there.counters)).toEqual(Array.from(here.counters));
    expect(Array.from(there.lostBySlot.lostHosting)).toEqual(
      Array.from(here.lostBySlot.lostHosting),
    );
  });

  test("runReplications(plan, 3) on the pool equals the same replications in this thread", async () => {
    const there = await runReplications(plan, 3, pool);
    const here = await runReplications(plan, 3, null);
    expect(there.map((r) => Array.from(r.counters))).toEqual(
      here.map((r) => Array.from(r.counters)),
    );
  });

  test("runVariants(plans) on the pool equals simulateVariants and simulate on each plan", async () => {
    const variant = compile(loadScenario(file, [...set, "supply.stock=unlimited"]));
    const [onWorkers] = await runVariants([plan, variant], 1, pool);
    const inThread = simulateVariants([plan, variant], 0);
    expect(onWorkers.map((r) => Array.from(r.counters))).toEqual(
      inThread.map((r) => Array.from(r.counters)),
    );
    expect(Array.from(inThread[1].counters)).toEqual(Array.from(simulate(variant, 0).counters));
  });
});
