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
  const s = streamState(plan.seed, replication, Stream.reach, channel * 65536 + block);
  const clickProb = ch.clickProb;
  const expected = agentCount * clickProb;
  let capacity = Math.ceil(expected + 6 * Math.sqrt(expected) + 16);
  let slot = new Uint16Array(capacity);
  let category = new Uint8Array(capacity);

  const cum = ch.clickCum;
  const categoryOf = ch.clickCategory;
  const lastK = cum.length - 1;
  const slotProb = plan.slotProb;
  const slotAlias = plan.slotAlias;
  const nSlots = slotProb.length;
  // Gap G to the next clicker: P(G ≥ g) = (1 - p)^g, so G = floor(ln(1 - U) / ln(1 - p)).
  // p = 1 gives ln(1 - p) = -Infinity and every gap 0; p = 0 gives no clicker at all.
  const invLogMiss = clickProb > 0 ? 1 / Math.log1p(-clickProb) : 0;
  let n = 0;
  let i = clickProb > 0 ? Math.floor(Math.log(1 - nextUnit(s)) * invLogMiss) : agentCount;
  while (i < agentCount) {
    const u = nextUnit(s) * clickProb;
    let k = 0;
    while (k < lastK && u >= cum[k]) k++;
    if (n === capacity) {
      capacity *= 2;
      const grownSlot = new Uint16Array(capacity);
      grownSlot.set(slot);
      slot = grownSlot;
      const grownCategory = new Uint8Array(capacity);
      grownCategory.set(category);
      category = grownCategory;
    }
    const v = nextUnit(s) * nSlots;
    const j = Math.floor(v);
    slot[n] = v - j < slotProb[j] ? j : slotAlias[j];
    category[n] = categoryOf[k];
    n++;
    i += 1 + Math.floor(Math.log(1 - nextUnit(s)) * invLogMiss);
  }
  return { count: n, slot, category };
}
