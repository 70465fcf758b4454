import { Stream, streamState } from "../../rng/streams.js";
import { At, kernelMemory } from "../../wasm/kernels.js";
import type { Plan } from "../plan.js";

/** Reached agents per block: the unit of work whose random stream is keyed by (seed, replication, channel, block). */
export const BLOCK_AGENTS = 1 << 20;

/** The clickers of one block of reached agents, in agent order. */
export interface ClickBlock {
  count: number;
  /**
   * Hour slot of the click (index into the horizon's days × 24), or days × 24 + e for a click
   * that arrives with traffic event e; empty when the plan has one category.
   */
  slot: Uint16Array;
  /** Audience category (channel × segment, see Plan.categorySegment); empty with one category. */
  category: Uint8Array;
  /** Clicks in each hour slot, then with each event (what the click stage's counting sort needs first). */
  clicksBySlot: Uint32Array;
}

/**
 * Draws `agentCount` reached agents of channel `channel`, block `block`. Each agent clicks
 * with probability p = P(click) independently, so the gaps between clickers are geometric:
 * one draw per clicker, not per reached person, skips straight to the next one (the same
 * Bernoulli process, ~10× fewer draws at a 10 % click rate). Each clicker then draws its
 * category (slice of width P(click and k) of p) and its hour of the horizon from the traffic
 * profile (alias table, one uniform). The loop is a WebAssembly kernel
 * (src/wasm/assembly/reach.ts); the block's columns are copied out, to travel between threads.
 */
export function reachBlock(
  plan: Plan,
  replication: number,
  channel: number,
  block: number,
  agentCount: number,
  /** Clickers the first try has room for (default: 6 sd above the mean; tests force a retry). */
  firstRoom?: number,
): ClickBlock {
  const ch = plan.channels[channel];
  const start = streamState(plan.seed, replication, Stream.reach, channel * 65536 + block);
  // The channel's traffic profile: hour slots, then events (src/core/traffic.ts).
  const table = plan.slotTables[plan.channelProfile[channel]];
  const slots = table.prob.length;
  if (!(ch.clickProb > 0))
    return {
      count: 0,
      slot: new Uint16Array(0),
      category: new Uint8Array(0),
      clicksBySlot: new Uint32Array(slots),
    };
  // Gap G to the next clicker: P(G ≥ g) = (1 - p)^g, so G = floor(E / λ) with E a standard
  // exponential and λ = -ln(1 - p). p = 1 gives 1/λ = 0 and every gap 0.
  const gapPerExp = -1 / Math.log1p(-ch.clickProb);
  const expected = agentCount * ch.clickProb;
  let room = firstRoom ?? Math.ceil(expected + 6 * Math.sqrt(expected) + 16);
  const memory = kernelMemory();
  const mark = memory.mark();
  try {
    for (;;) {
      const cumAt = memory.alloc(8 * ch.clickCum.length);
      const categoryOfAt = memory.alloc(ch.clickCategory.length);
      const slotProbAt = memory.alloc(8 * slots);
      const slotAliasAt = memory.alloc(4 * slots);
      const bySlotAt = memory.alloc(4 * slots);
      const slotAt = memory.alloc(2 * room);
      const categoryAt = memory.alloc(room);
      memory.f64(cumAt, ch.clickCum.length).set(ch.clickCum);
      memory.u8(categoryOfAt, ch.clickCategory.length).set(ch.clickCategory);
      memory.f64(slotProbAt, slots).set(table.prob);
      memory.i32(slotAliasAt, slots).set(table.alias);
      memory.u32(bySlotAt, slots).fill(0);
      // The stream's start each time, so a retry with more room replays the same draws.
      memory.i32(At.state, 4).set(start);
      const count = memory.k.drawClickers(
        At.state,
        agentCount,
        ch.clickProb,
        gapPerExp,
        cumAt,
        categoryOfAt,
        ch.clickCum.length - 1,
        slotProbAt,
        slotAliasAt,
        slots,
        slotAt,
        categoryAt,
        bySlotAt,
        room,
      );
      if (count >= 0) {
        // With one category the click stage needs only the counts per slot (nothing to sort).
        const keep = plan.categorySegment.length > 1 ? count : 0;
        return {
          count,
          slot: memory.u16(slotAt, keep).slice(),
          category: memory.u8(categoryAt, keep).slice(),
          clicksBySlot: memory.u32(bySlotAt, slots).slice(),
        };
      }
      memory.release(mark);
      room *= 2; // more clickers than 6 sd above the mean: about once in 10⁹ blocks
    }
  } finally {
    memory.release(mark);
  }
}
