import { type RunResult, reachUnits, serve, simulate, simulateVariants } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import type { ClickBlock } from "../core/stages/reach.js";
import type { WorkerPool } from "./pool.js";

/**
 * Reached people from which a single run draws its reach blocks on the pool. Measured here
 * (whole process, 1 % → 0.25 % click rates so clicks stay ~1 M): at 100 M the pool was no
 * faster (1.0–1.2 s either way: worker start-up, a second cold JIT), at 400 M it was 20–30 %
 * faster (1.3–1.6 s against 1.9–2.0 s). The serve passes are sequential in time and stay on
 * the main thread.
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
  if (!pool)
    return Array.from({ length: count }, (_, r) => {
      const run = simulate(plan, r);
      onDone();
      return run;
    });
  return Promise.all(
    Array.from({ length: count }, (_, replication) =>
      pool.run<RunResult>({ kind: "replication", plan, replication }).then((run) => {
        onDone();
        return run;
      }),
    ),
  );
}

/**
 * For each replication 0..count-1, the capacity variants `plans` on that replication's visitors
 * (one task per replication: drawn once, served once per plan), in replication order.
 */
export async function runVariants(
  plans: Plan[],
  count: number,
  pool: WorkerPool | null,
  onDone: () => void = () => {},
): Promise<RunResult[][]> {
  if (!pool)
    return Array.from({ length: count }, (_, r) => {
      const runs = simulateVariants(plans, r);
      onDone();
      return runs;
    });
  return Promise.all(
    Array.from({ length: count }, (_, replication) =>
      pool.run<RunResult[]>({ kind: "variants", plans, replication }).then((runs) => {
        onDone();
        return runs;
      }),
    ),
  );
}
