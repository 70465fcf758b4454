import { type ReachUnit, type RunResult, simulate, simulateVariants } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { type ClickBlock, reachBlock } from "../core/stages/reach.js";

/**
 * Work the pool runs: a whole replication; one block of reached people of a big run; or one
 * replication of several capacity variants on the same visitors (drawn once, served many).
 */
export type Task =
  | { kind: "replication"; plan: Plan; replication: number }
  | { kind: "reach"; plan: Plan; replication: number; unit: ReachUnit }
  | { kind: "variants"; plans: Plan[]; replication: number };

export type TaskResult = RunResult | ClickBlock | RunResult[];

/** Runs a task where it is (worker or main thread); results depend only on the task. */
export function runTask(task: Task): TaskResult {
  switch (task.kind) {
    case "replication":
      return simulate(task.plan, task.replication);
    case "variants":
      return simulateVariants(task.plans, task.replication);
    case "reach": {
      const { plan, replication, unit } = task;
      return reachBlock(plan, replication, unit.channel, unit.block, unit.agents);
    }
  }
}

/** The buffers of a task's result, handed over to the receiving thread instead of copied (each once). */
export function buffersOf(result: TaskResult): ArrayBufferLike[] {
  const buffers = new Set<ArrayBufferLike>();
  for (const r of Array.isArray(result) ? result : [result]) {
    if ("counters" in r)
      for (const a of [
        r.counters,
        r.clicksBySlot,
        r.lostHostingBySlot,
        r.lostAbandonBySlot,
        r.lostStockBySlot,
      ])
        buffers.add(a.buffer);
    else {
      buffers.add(r.slot.buffer);
      buffers.add(r.category.buffer);
    }
  }
  return [...buffers];
}
