import { type ReachUnit, type RunResult, simulate } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { type ClickBlock, reachBlock } from "../core/stages/reach.js";

/** Work the pool runs: a whole replication, or one block of reached people of a big run. */
export type Task =
  | { kind: "replication"; plan: Plan; replication: number }
  | { kind: "reach"; plan: Plan; replication: number; unit: ReachUnit };

/** Runs a task where it is (worker or main thread); results depend only on the task. */
export function runTask(task: Task): RunResult | ClickBlock {
  if (task.kind === "replication") return simulate(task.plan, task.replication);
  const { plan, replication, unit } = task;
  return reachBlock(plan, replication, unit.channel, unit.block, unit.agents);
}

/** The buffers of a task's result, handed over to the receiving thread instead of copied. */
export function buffersOf(result: RunResult | ClickBlock): ArrayBufferLike[] {
  if ("counters" in result)
    return [
      result.counters.buffer,
      result.clicksBySlot.buffer,
      result.lostHostingBySlot.buffer,
      result.lostAbandonBySlot.buffer,
      result.lostStockBySlot.buffer,
    ];
  return [result.slot.buffer, result.category.buffer];
}
