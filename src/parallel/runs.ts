import { type RunResult, reachUnits, serve, simulate } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import type { ClickBlock } from "../core/stages/reach.js";
import type { WorkerPool } from "./pool.js";
import { runTask, type Task, type TaskResult } from "./tasks.js";

/**
 * Reached people from which a single run draws its reach blocks on the pool. Measured here
 * (whole process, 1 % → 0.25 % click rates so clicks stay ~1 M): at 100 M the pool was no
 * faster (worker start-up, a second cold JIT); at 400 M, series ranged from 30 % faster to
 * 12 % slower on this noisy machine (bench/run.mjs has both rows). The serve passes are
 * sequential in time and stay on the main thread.
 */
export const PARALLEL_REACH_MIN = 200_000_000;

/** One run; its reach blocks go to the pool when the run is big enough. Same result either way. */
export async function simulateOn(
  plan: Plan,
  replication: number,
  pool: WorkerPool | null,
  minReach = PARALLEL_REACH_MIN,
): Promise<RunResult> {
  const reached = plan.channels.reduce((n, ch) => n + ch.reach, 0);
  if (!pool || reached < minReach) return simulate(plan, replication);
  const blocks = await Promise.all(
    reachUnits(plan).map((unit) =>
      pool.run<ClickBlock>({ kind: "reach", plan, replication, unit }),
    ),
  );
  return serve(plan, replication, blocks);
}

/**
 * Replications 0..count-1, returned in replication order whatever thread ran them. With a pool
 * each replication is one task; `onDone` is called as each finishes (for progress).
 */
export async function runReplications(
  plan: Plan,
  count: number,
  pool: WorkerPool | null,
  onDone: () => void = () => {},
): Promise<RunResult[]> {
  if (count === 1) return [await simulateOn(plan, 0, pool)];
  return eachReplication<RunResult>(count, pool, onDone, (replication) => ({
    kind: "replication",
    plan,
    replication,
  }));
}

/**
 * For each replication 0..count-1, the capacity variants `plans` on that replication's visitors
 * (one task per replication: drawn once, served once per plan), in replication order.
 */
export function runVariants(
  plans: Plan[],
  count: number,
  pool: WorkerPool | null,
  onDone: () => void = () => {},
): Promise<RunResult[][]> {
  return eachReplication<RunResult[]>(count, pool, onDone, (replication) => ({
    kind: "variants",
    plans,
    replication,
  }));
}

/** One task per replication, on the pool or (without one) in this thread, in replication order. */
async function eachReplication<T extends TaskResult>(
  count: number,
  pool: WorkerPool | null,
  onDone: () => void,
  task: (replication: number) => Task,
): Promise<T[]> {
  const one = async (replication: number) => {
    const result = pool ? await pool.run<T>(task(replication)) : (runTask(task(replication)) as T);
    onDone();
    return result;
  };
  if (pool) return Promise.all(Array.from({ length: count }, (_, r) => one(r)));
  const results: T[] = [];
  for (let r = 0; r < count; r++) results.push(await one(r));
  return results;
}
