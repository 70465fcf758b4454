import { availableParallelism } from "node:os";
import { type RunResult, simulate } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import type { ReplicationTask } from "./worker.js";

/** The worker entry, bundled next to the CLI and the library in dist/. */
const WORKER = new URL("./worker.mjs", import.meta.url);

/** Default thread count: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

/**
 * Runs replications 0..count-1 of a plan on `threads` threads and returns them in replication
 * order. One thread (or one replication) runs in this thread: a worker's start-up (~40–50 ms
 * here) would only cost. Workers start once per call and are destroyed at the end; a worker
 * that throws or dies rejects the whole call, and no task is left running.
 */
export async function runReplications(
  plan: Plan,
  count: number,
  threads: number,
): Promise<RunResult[]> {
  if (threads <= 1 || count <= 1) return Array.from({ length: count }, (_, r) => simulate(plan, r));
  // Loaded on demand (and kept out of the bundle): a one-thread run never pays for it.
  const { Piscina } = await import("piscina");
  const pool = new Piscina<ReplicationTask, RunResult>({
    filename: WORKER.href,
    minThreads: Math.min(threads, count),
    maxThreads: Math.min(threads, count),
    idleTimeout: 1000,
  });
  const failure = new Promise<never>((_, reject) => pool.on("error", reject));
  try {
    const runs = Array.from({ length: count }, (_, replication) => pool.run({ plan, replication }));
    return await Promise.race([Promise.all(runs), failure]);
  } finally {
    await pool.destroy();
  }
}
