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
 * Clicks that arrive with a traffic event (src/core/traffic.ts) are placed per event after
 * the hour slots' and merged with them into arrival order (placeEvents).
 */
export function orderClicks(
  plan: Plan,
  replication: number,
  blocks: readonly ClickBlock[],
): Clicks {
  // Each hot loop in this file is a function of its own that returns a number or nothing: V8
  // compiles a loop while it runs, and code after it that has never run would throw that away.
  // Keys are the hour slots, then the traffic events (the clicks that arrive with each).
  const slotCount = plan.days * 24;
  const keyCount = slotCount + plan.eventStartMin.length;
  const clicksByKey = new Uint32Array(keyCount);
  let total = 0;
  for (const blk of blocks) total += addCounts(clicksByKey, blk.clicksBySlot, blk.count);
  const memory = kernelMemory();
  let categoryAt = memory.alloc(total);
  let arrivalAt = memory.alloc(8 * total);
  const bySlotAt = memory.alloc(4 * slotCount);
  const category = memory.u8(categoryAt, total);
  if (plan.categorySegment.length === 1) category.fill(0);
  else {
    // Counting sort: each click's category goes to the next free place of its slot.
    const fill = new Uint32Array(keyCount);
    for (let s = 1; s < keyCount; s++) fill[s] = fill[s - 1] + clicksByKey[s - 1];
    for (const blk of blocks) groupBySlot(blk.slot, blk.category, blk.count, fill, category);
  }
  // The times, day by day, in a WebAssembly kernel (src/wasm/assembly/click.ts).
  const shuffle = plan.categorySegment.length > 1;
  memory.u32(bySlotAt, slotCount).set(clicksByKey.subarray(0, slotCount));
  const state = memory.i32(At.state, 4);
  let lo = 0;
  for (let day = 0; day * 24 < slotCount; day++) {
    state.set(streamState(plan.seed, replication, Stream.clickTimes, day));
    lo = memory.k.placeDay(At.state, day, lo, bySlotAt, categoryAt, arrivalAt, shuffle);
  }
  let clicksBySlot = clicksByKey;
  if (keyCount > slotCount) {
    [arrivalAt, categoryAt] = placeEvents(plan, replication, clicksByKey, lo, {
      arrivalAt,
      categoryAt,
      bySlotAt,
      total,
      shuffle,
    });
    clicksBySlot = memory.u32(bySlotAt, slotCount).slice();
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

/**
 * The clicks of each traffic event after the hour slots' (from click `lo` on): their times, by
 * event, each from a stream keyed by (seed, replication, event); then every run of sorted
 * clicks (the hour slots', each event's) merged pairwise, as a bottom-up merge sort from those
 * runs, into arrival order. Returns where the merged arrival and category columns are.
 */
function placeEvents(
  plan: Plan,
  replication: number,
  clicksByKey: Uint32Array,
  lo: number,
  at: { arrivalAt: number; categoryAt: number; bySlotAt: number; total: number; shuffle: boolean },
): [number, number] {
  const memory = kernelMemory();
  const slotCount = plan.days * 24;
  const state = memory.i32(At.state, 4);
  const bounds = [0, lo];
  for (let e = 0; e < plan.eventStartMin.length; e++) {
    const n = clicksByKey[slotCount + e];
    if (n > 0) {
      const start = plan.eventStartMin[e];
      const mean = plan.eventMeanMin[e];
      state.set(streamState(plan.seed, replication, Stream.eventTimes, e));
      memory.k.placeEvent(
        At.state,
        lo,
        n,
        start,
        mean,
        -Math.expm1(-(plan.horizonMin - start) / mean),
        plan.horizonMin,
        at.bySlotAt,
        slotCount,
        at.categoryAt,
        at.arrivalAt,
        at.shuffle,
      );
      lo += n;
      bounds.push(lo);
    }
  }
  let from = [at.arrivalAt, at.categoryAt];
  if (bounds.length <= 2) return [from[0], from[1]];
  let to = [memory.alloc(8 * at.total), memory.alloc(at.total)];
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const mid = bounds[r + 1];
      const hi = bounds[Math.min(r + 2, bounds.length - 1)];
      memory.k.mergeClicks(from[0], from[1], to[0], to[1], bounds[r], mid, hi);
      next.push(hi);
    }
    bounds.splice(0, bounds.length, ...next);
    [from, to] = [to, from];
  }
  return [from[0], from[1]];
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
