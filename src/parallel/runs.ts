import { assertFits, type RunResult, reachUnits, serve, simulate } from "../core/pipeline.js";
import { expectedClicks, type Plan } from "../core/plan.js";
import type { ClickBlock } from "../core/stages/reach.js";
import type { WorkerPool } from "./pool.js";
import { shardBatch } from "./shard.js";
import { type Claim, type Claimed, runTask, type Task, type TaskResult } from "./tasks.js";

/**
 * Expected clicks from which a single run draws its reach blocks on the pool. Drawing costs
 * little per click (geometric gaps skip the people who do not click), and the serve passes,
 * sequential in time, stay on the main thread. Measured with bench/run.mjs, the pool gave no
 * reliable gain at 5 M and 20 M clicks (docs/performance.md has the figures), so only runs
 * beyond that use it.
 */
export const PARALLEL_CLICKS_MIN = 40_000_000;

/**
 * One run; its reach blocks go to the pool when the run is big enough. Where the main thread
 * does not compute (a long run), the run — or, for a big one, its serving — goes to a worker.
 * Same result either way.
 */
export async function simulateOn(
  plan: Plan,
  replication: number,
  pool: WorkerPool | null,
  minClicks = PARALLEL_CLICKS_MIN,
): Promise<RunResult> {
  if (!pool) return simulate(plan, replication);
  assertFits(plan);
  if (expectedClicks(plan) < minClicks)
    return pool.mainComputes
      ? simulate(plan, replication)
      : onOneWorker<RunResult>(pool, { kind: "replication", plan, replication });
  const blocks = await shareOut<ClickBlock>(
    reachUnits(plan).map((unit): Task => ({ kind: "reach", plan, replication, unit })),
    pool,
    () => {},
  );
  if (pool.mainComputes) return serve(plan, replication, blocks);
  const buffers = blocks.flatMap((b) => [b.slot.buffer, b.category.buffer, b.clicksBySlot.buffer]);
  return onOneWorker<RunResult>(pool, { kind: "serve", plan, replication, blocks }, buffers);
}

/** One task on one worker (its buffers handed over, not copied). */
async function onOneWorker<T extends TaskResult>(
  pool: WorkerPool,
  task: Task,
  transfer?: ArrayBufferLike[],
): Promise<T> {
  const claim: Claim = { tasks: [task], next: new Int32Array(new SharedArrayBuffer(4)) };
  const claimed = await pool.run<Claimed>(claim, transfer);
  return claimed[0][1] as T;
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
  return shareOut<RunResult>(
    Array.from(
      { length: count },
      (_, replication): Task => ({ kind: "replication", plan, replication }),
    ),
    pool,
    onDone,
  );
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
  return shareOut<RunResult[]>(
    Array.from(
      { length: count },
      (_, replication): Task => ({ kind: "variants", plans, replication }),
    ),
    pool,
    onDone,
  );
}

/**
 * Runs `tasks` and returns their results in task order. Without a pool, one after another in
 * this thread. With one, every thread (this one and each worker) claims the next unclaimed task
 * from a shared counter until none is left, so a thread that started late or runs slower simply
 * does fewer: each worker gets the whole batch in one message and returns what it ran. This
 * thread yields between its tasks, so a worker's failure or Ctrl-C is seen within one task.
 */
export function shareOut<T extends TaskResult>(
  tasks: Task[],
  pool: WorkerPool | null,
  onDone: () => void,
): Promise<T[]> {
  // A shard computes only its own items; a merge takes them from the parts (shard.ts).
  return (
    shardBatch<T>(tasks.length, async (mine, keep) => {
      const results = await runHere(
        mine.map((k) => tasks[k]),
        pool,
        onDone,
      );
      mine.forEach((k, j) => {
        keep(k, results[j]);
      });
    }) ?? runHere<T>(tasks, pool, onDone)
  );
}

/** Runs `tasks` here (this thread and the pool's workers), results in task order. */
async function runHere<T extends TaskResult>(
  tasks: Task[],
  pool: WorkerPool | null,
  onDone: () => void,
): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  if (!pool) {
    for (let k = 0; k < tasks.length; k++) {
      results[k] = runTask(tasks[k]) as T;
      onDone();
    }
    return results;
  }
  const claim: Claim = { tasks, next: new Int32Array(new SharedArrayBuffer(4)) };
  let failure: { error: unknown } | undefined;
  let fail: (error: unknown) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {}); // observed below
  const workers = Array.from({ length: pool.workers }, () =>
    pool.run<Claimed>(claim).then(
      (claimed) => {
        for (const [k, result] of claimed) {
          results[k] = result as T;
          onDone();
        }
      },
      (error: unknown) => {
        failure ??= { error };
        fail(error);
      },
    ),
  );
  // The main thread takes tasks too only when they are short (pool.mainComputes).
  for (
    let k = pool.mainComputes ? Atomics.add(claim.next, 0, 1) : tasks.length;
    k < tasks.length;
    k = Atomics.add(claim.next, 0, 1)
  ) {
    results[k] = runTask(tasks[k]) as T;
    onDone();
    await new Promise((resolve) => setImmediate(resolve));
    if (failure) throw failure.error;
  }
  // The first worker to fail ends the wait, without waiting for the others' batches.
  await Promise.race([Promise.all(workers), failed]);
  return results;
}
