import { nextUnit, UINT32_TO_UNIT } from "../../rng/sfc32.js";
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
 * Draws `agentCount` reached agents of channel `channel`, block `block`. Each agent's one
 * uniform decides click and category together (agent clicks in category k when the uniform
 * falls in k's slice of width P(click and k)); each clicker then draws its hour of the
 * horizon from the traffic profile (alias table, one uniform).
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
  const uClick = new Float64Array(1);
  let n = 0;
  let i = firstClicker(s, 0, agentCount, clickProb, uClick);
  while (i >= 0) {
    const u = uClick[0];
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
    i = firstClicker(s, i + 1, agentCount, clickProb, uClick);
  }
  return { count: n, slot, category };
}

/**
 * Index of the first agent in [from, to) whose click uniform is below `p` (its uniform goes to
 * uOut[0]), or -1. Every agent consumes exactly one draw here; sfc32 is inlined with its state
 * in locals because this loop runs once per reached person (~3 ns each).
 */
function firstClicker(
  s: Int32Array,
  from: number,
  to: number,
  p: number,
  uOut: Float64Array,
): number {
  let a = s[0];
  let b = s[1];
  let c = s[2];
  let d = s[3];
  let found = -1;
  for (let i = from; i < to; i++) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    const u = (t >>> 0) * UINT32_TO_UNIT;
    if (u < p) {
      uOut[0] = u;
      found = i;
      break;
    }
  }
  s[0] = a;
  s[1] = b;
  s[2] = c;
  s[3] = d;
  return found;
}
