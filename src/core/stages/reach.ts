import { nextExponential } from "../../rng/exponential.js";
import { nextUnit } from "../../rng/sfc32.js";
import { Stream, streamState } from "../../rng/streams.js";
import type { Plan } from "../plan.js";

/** Reached agents per block: the unit of work whose random stream is keyed by (seed, replication, channel, block). */
export const BLOCK_AGENTS = 1 << 20;

/** The clickers of one block of reached agents, in agent order. */
export interface ClickBlock {
  count: number;
  /** Hour slot of the click (index into the horizon's days × 24). */
  slot: Uint16Array;
  /** Audience category (channel × segment, see Plan.categorySegment). */
  category: Uint8Array;
  /** Clicks in each hour slot (what the click stage's counting sort needs first). */
  clicksBySlot: Uint32Array;
}

/**
 * Draws `agentCount` reached agents of channel `channel`, block `block`. Each agent clicks
 * with probability p = P(click) independently, so the gaps between clickers are geometric:
 * one draw per clicker, not per reached person, skips straight to the next one (the same
 * Bernoulli process, ~10× fewer draws at a 10 % click rate). Each clicker then draws its
 * category (slice of width P(click and k) of p) and its hour of the horizon from the traffic
 * profile (alias table, one uniform).
 */
export function reachBlock(
  plan: Plan,
  replication: number,
  channel: number,
  block: number,
  agentCount: number,
): ClickBlock {
  const ch = plan.channels[channel];
  const start = streamState(plan.seed, replication, Stream.reach, channel * 65536 + block);
  const expected = agentCount * ch.clickProb;
  let capacity = Math.ceil(expected + 6 * Math.sqrt(expected) + 16);
  for (;;) {
    const slot = new Uint16Array(capacity);
    const category = new Uint8Array(capacity);
    const clicksBySlot = new Uint32Array(plan.slotProb.length);
    // A copy of the stream, so a retry with room for more clickers replays the same draws.
    const count = drawClickers(
      plan,
      channel,
      start.slice(),
      agentCount,
      slot,
      category,
      clicksBySlot,
    );
    if (count >= 0) return { count, slot, category, clicksBySlot };
    capacity *= 2; // more clickers than 6 sd above the mean: about once in 10⁹ blocks
  }
}

/**
 * Fills `slot` and `category` with the block's clickers in agent order, counts them by slot,
 * and returns their count, or -1 when they do not fit. The hot loop lives alone in this
 * function and returns a number: V8 compiles it on the fly (on-stack replacement), and code
 * after the loop that has never run would otherwise throw that compiled code away on every
 * block.
 */
function drawClickers(
  plan: Plan,
  channel: number,
  s: Int32Array,
  agentCount: number,
  slot: Uint16Array,
  category: Uint8Array,
  clicksBySlot: Uint32Array,
): number {
  const ch = plan.channels[channel];
  const clickProb = ch.clickProb;
  const cum = ch.clickCum;
  const categoryOf = ch.clickCategory;
  const lastK = cum.length - 1;
  const slotProb = plan.slotProb;
  const slotAlias = plan.slotAlias;
  const nSlots = slotProb.length;
  const capacity = slot.length;
  // Gap G to the next clicker: P(G ≥ g) = (1 - p)^g, so G = floor(E / λ) with E a standard
  // exponential and λ = -ln(1 - p). p = 1 gives 1/λ = 0 and every gap 0; p = 0, no clicker.
  if (!(clickProb > 0)) return 0;
  const gapPerExp = -1 / Math.log1p(-clickProb);
  let n = 0;
  for (
    let i = Math.floor(nextExponential(s) * gapPerExp);
    i < agentCount;
    i += 1 + Math.floor(nextExponential(s) * gapPerExp)
  ) {
    if (n === capacity) return -1;
    let k = 0;
    if (lastK > 0) {
      // One category (one segment in the mix) needs no draw.
      const u = nextUnit(s) * clickProb;
      while (k < lastK && u >= cum[k]) k++;
    }
    const v = nextUnit(s) * nSlots;
    const j = Math.floor(v);
    const hour = v - j < slotProb[j] ? j : slotAlias[j];
    slot[n] = hour;
    clicksBySlot[hour]++;
    category[n] = categoryOf[k];
    n++;
  }
  return n;
}
