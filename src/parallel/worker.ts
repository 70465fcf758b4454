import { type RunResult, simulate } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";

/** A unit of work for the pool: one replication of a compiled plan. */
export interface ReplicationTask {
  plan: Plan;
  replication: number;
}

/** Piscina worker entry: runs one replication. Its streams are keyed by (seed, replication), so
 * the result is the same on any thread. The result's arrays are small (per hour), so they are
 * cloned back; the plan's arrays are small too. */
export default function runReplication(task: ReplicationTask): RunResult {
  return simulate(task.plan, task.replication);
}
