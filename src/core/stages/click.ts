import { nextExponential } from "../../rng/exponential.js";
import { nextUnit } from "../../rng/sfc32.js";
import { Stream, streamState } from "../../rng/streams.js";
import { kernelMemory } from "../../wasm/kernels.js";
import { type Plan, SLOT_MIN } from "../plan.js";
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
  // Each hot loop is a function of its own that returns a number or nothing: see drawClickers
  // in reach.ts (code after a loop that has never run would throw its compiled code away).
  const slotCount = plan.slotProb.length;
  const clicksBySlot = new Uint32Array(slotCount);
  let total = 0;
  for (const blk of blocks) total += addCounts(clicksBySlot, blk.clicksBySlot, blk.count);
  const memory = kernelMemory();
  const categoryAt = memory.alloc(total);
  const arrivalAt = memory.alloc(8 * total);
  const category = memory.u8(categoryAt, total);
  const arrivalMin = memory.f64(arrivalAt, total);
  if (plan.categorySegment.length === 1) category.fill(0);
  else {
    // Counting sort: each click's category goes to the next free place of its slot.
    const fill = new Uint32Array(slotCount);
    for (let s = 1; s < slotCount; s++) fill[s] = fill[s - 1] + clicksBySlot[s - 1];
    for (const blk of blocks) groupBySlot(blk.slot, blk.category, blk.count, fill, category);
  }
  const shuffle = plan.categorySegment.length > 1;
  let lo = 0;
  for (let day = 0; day * 24 < slotCount; day++)
    lo = placeDay(
      streamState(plan.seed, replication, Stream.clickTimes, day),
      day,
      lo,
      clicksBySlot,
      category,
      arrivalMin,
      shuffle,
    );
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

/**
 * Times of the clicks of one day's 24 slots, starting at click `lo`; returns the click after
 * the day's last.
 */
function placeDay(
  s: Int32Array,
  day: number,
  lo: number,
  clicksBySlot: Uint32Array,
  category: Uint8Array,
  arrivalMin: Float64Array,
  shuffle: boolean,
): number {
  for (let h = 0; h < 24; h++) {
    const slot = day * 24 + h;
    const hi = lo + clicksBySlot[slot];
    // With one category (one channel, one segment) every order is the same: skip the shuffle.
    for (let i = shuffle ? hi - 1 : lo; i > lo; i--) {
      const j = lo + Math.floor(nextUnit(s) * (i - lo + 1));
      const c = category[i];
      category[i] = category[j];
      category[j] = c;
    }
    let sum = 0;
    for (let i = lo; i < hi; i++) {
      sum += nextExponential(s);
      arrivalMin[i] = sum;
    }
    sum += nextExponential(s);
    const start = slot * SLOT_MIN;
    const scale = SLOT_MIN / sum;
    for (let i = lo; i < hi; i++) arrivalMin[i] = start + arrivalMin[i] * scale;
    lo = hi;
  }
  return lo;
}
