import { COUNTER_NAMES } from "../core/counters.js";
import {
  type ReachUnit,
  type RunResult,
  serve,
  simulate,
  simulateVariants,
} from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { type ClickBlock, reachBlock } from "../core/stages/reach.js";

/**
 * Work: a whole replication; one block of reached people of a big run; or one replication of
 * several capacity variants on the same visitors (drawn once, served many).
 */
export type Task =
  | { kind: "replication"; plan: Plan; replication: number }
  | { kind: "reach"; plan: Plan; replication: number; unit: ReachUnit }
  | { kind: "variants"; plans: Plan[]; replication: number }
  | { kind: "counters"; plans: Plan[]; replication: number }
  | { kind: "serve"; plan: Plan; replication: number; blocks: ClickBlock[] };

/** A "counters" task's result: each plan's counters, one after another (COUNTER_NAMES.length each). */
export type TaskResult = RunResult | ClickBlock | RunResult[] | Float64Array;

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
    case "counters": {
      // A study keeps only the counters of each point: hour-by-hour columns of thousands of
      // points would not fit, and the study's table needs none of them.
      const runs = simulateVariants(task.plans, task.replication);
      const out = new Float64Array(runs.length * COUNTER_NAMES.length);
      runs.forEach((run, i) => {
        out.set(run.counters, i * COUNTER_NAMES.length);
      });
      return out;
    }
    case "serve":
      return serve(task.plan, task.replication, task.blocks);
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
    if (r instanceof Float64Array) buffers.add(r.buffer);
    else if ("counters" in r)
      for (const a of [
        r.counters,
        r.clicksBySlot,
        ...Object.values(r.lostBySlot),
        ...(r.clicksByPeriod ? [r.clicksByPeriod] : []),
        r.clicksByChannel,
        r.peakSessionsBySlot,
        r.queueMinBySlot,
        r.busyMinBySlot,
        r.onDutyMinBySlot,
        ...Object.values(r.byDay),
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
