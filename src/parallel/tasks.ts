import { type ReachUnit, type RunResult, simulate, simulateVariants } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { type ClickBlock, reachBlock } from "../core/stages/reach.js";

/**
 * Work: a whole replication; one block of reached people of a big run; or one replication of
 * several capacity variants on the same visitors (drawn once, served many).
 */
export type Task =
  | { kind: "replication"; plan: Plan; replication: number }
  | { kind: "reach"; plan: Plan; replication: number; unit: ReachUnit }
  | { kind: "variants"; plans: Plan[]; replication: number };

export type TaskResult = RunResult | ClickBlock | RunResult[];

/**
 * What a worker is sent: a batch of tasks and a counter shared by every thread working on it.
 * The worker claims the next task (an atomic add on the counter) until none is left and
 * returns what it ran, by task index.
 */
export interface Claim {
  tasks: Task[];
  next: Int32Array;
}

export type Claimed = Array<[index: number, result: TaskResult]>;

/** Claims and runs tasks of the batch until none is left. */
export function claimTasks(
  claim: Claim,
  onDone: (index: number, result: TaskResult) => void,
): void {
  for (
    let k = Atomics.add(claim.next, 0, 1);
    k < claim.tasks.length;
    k = Atomics.add(claim.next, 0, 1)
  )
    onDone(k, runTask(claim.tasks[k]));
}

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

/** The buffers of claimed results, handed over to the receiving thread instead of copied (each once). */
export function buffersOf(claimed: Claimed): ArrayBufferLike[] {
  const buffers = new Set<ArrayBufferLike>();
  for (const r of claimed.flatMap(([, result]) => (Array.isArray(result) ? result : [result]))) {
    if ("counters" in r)
      for (const a of [
        r.counters,
        r.clicksBySlot,
        r.lostHostingBySlot,
        r.lostAbandonBySlot,
        r.lostStockBySlot,
        r.clicksByChannel,
      ])
        buffers.add(a.buffer);
    else {
      buffers.add(r.slot.buffer);
      buffers.add(r.category.buffer);
      buffers.add(r.clicksBySlot.buffer);
    }
  }
  return [...buffers];
}
