import { Stream, streamState } from "../../rng/streams.js";
import { At, kernelMemory } from "../../wasm/kernels.js";
import type { Plan } from "../plan.js";
import type { ClickBlock } from "./reach.js";

/**
 * Every click of a run in arrival order. The columns live in this thread's kernel memory (at
 * the byte offsets given) until the next run starts; each read of a column makes a fresh view,
 * since the memory may have grown (and detached older views) since.
 */
export interface Clicks {
  count: number;
  arrivalMin: Float64Array;
  arrivalAt: number;
  /** Audience category of each click (channel × segment). */
  category: Uint8Array;
  categoryAt: number;
  /** Clicks in each hour slot of the horizon. */
  clicksBySlot: Uint32Array;
}

/**
 * Places the clicks of all blocks (in block order) on the time line. Clicks are grouped by hour
 * with a counting sort; inside an hour the click times are uniform, so they are generated
 * already sorted from exponential spacings (U(k) = S_k / S_{n+1}), and the hour's categories
 * are shuffled (Fisher–Yates) so no channel comes first. Random streams belong to days:
 * keyed by (seed, replication, day). No comparison sort, and every pass is sequential.
 */
export function orderClicks(
  plan: Plan,
  replication: number,
  blocks: readonly ClickBlock[],
): Clicks {
  // Each hot loop in this file is a function of its own that returns a number or nothing: V8
  // compiles a loop while it runs, and code after it that has never run would throw that away.
  const slotCount = plan.slotProb.length;
  const clicksBySlot = new Uint32Array(slotCount);
  let total = 0;
  for (const blk of blocks) total += addCounts(clicksBySlot, blk.clicksBySlot, blk.count);
  const memory = kernelMemory();
  const categoryAt = memory.alloc(total);
  const arrivalAt = memory.alloc(8 * total);
  const bySlotAt = memory.alloc(4 * slotCount);
  const category = memory.u8(categoryAt, total);
  if (plan.categorySegment.length === 1) category.fill(0);
  else {
    // Counting sort: each click's category goes to the next free place of its slot.
    const fill = new Uint32Array(slotCount);
    for (let s = 1; s < slotCount; s++) fill[s] = fill[s - 1] + clicksBySlot[s - 1];
    for (const blk of blocks) groupBySlot(blk.slot, blk.category, blk.count, fill, category);
  }
  // The times, day by day, in a WebAssembly kernel (src/wasm/assembly/click.ts).
  const shuffle = plan.categorySegment.length > 1;
  memory.u32(bySlotAt, slotCount).set(clicksBySlot);
  const state = memory.i32(At.state, 4);
  let lo = 0;
  for (let day = 0; day * 24 < slotCount; day++) {
    state.set(streamState(plan.seed, replication, Stream.clickTimes, day));
    lo = memory.k.placeDay(At.state, day, lo, bySlotAt, categoryAt, arrivalAt, shuffle);
  }
  return {
    count: total,
    arrivalAt,
    categoryAt,
    clicksBySlot,
    get arrivalMin() {
      return memory.f64(arrivalAt, total);
    },
    get category() {
      return memory.u8(categoryAt, total);
    },
  };
}

/** Adds a block's clicks per slot to the run's; returns the block's click count. */
function addCounts(into: Uint32Array, from: Uint32Array, count: number): number {
  for (let s = 0; s < into.length; s++) into[s] += from[s];
  return count;
}

/** Each click of a block goes to the next free place of its slot. */
function groupBySlot(
  slot: Uint16Array,
  cat: Uint8Array,
  count: number,
  fill: Uint32Array,
  category: Uint8Array,
): void {
  for (let j = 0; j < count; j++) category[fill[slot[j]]++] = cat[j];
}
