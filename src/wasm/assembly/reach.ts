// Who clicks among a block of reached people: the kernel of src/core/stages/reach.ts (read
// that file for the model). One exponential per clicker gives the geometric gap to the next
// one; each clicker then draws its category and its hour slot (alias table, one uniform).
import { loadState, nextExponential, nextUnit, storeState } from "./rng";

/**
 * Fills slot (u16) and category (u8) with the block's clickers in agent order, adds them to
 * clicksBySlot (u32), and returns their count, or -1 when more than `room` click. Per category
 * k of the channel: clickCum (f64, cumulative P(click and k), ascending) and clickCategory (u8);
 * per slot: slotProb (f64) and slotAlias (i32).
 */
export function drawClickers(
  state: usize,
  agentCount: f64,
  clickProb: f64,
  gapPerExp: f64,
  clickCum: usize,
  clickCategory: usize,
  lastK: i32,
  slotProb: usize,
  slotAlias: usize,
  slots: i32,
  slot: usize,
  category: usize,
  clicksBySlot: usize,
  room: i32,
): i32 {
  loadState(state);
  let n = 0;
  for (
    let i = Math.floor(nextExponential() * gapPerExp);
    i < agentCount;
    i += 1 + Math.floor(nextExponential() * gapPerExp)
  ) {
    if (n === room) return -1;
    let k = 0;
    if (lastK > 0) {
      // One category (one segment in the mix) needs no draw.
      const u = nextUnit() * clickProb;
      while (k < lastK && u >= load<f64>(clickCum + ((<usize>k) << 3))) k++;
    }
    const v = nextUnit() * <f64>slots;
    const j = Math.floor(v);
    const at = <usize>(<i32>j);
    const hour =
      v - j < load<f64>(slotProb + (at << 3)) ? <i32>j : load<i32>(slotAlias + (at << 2));
    store<u16>(slot + ((<usize>n) << 1), <u16>hour);
    const count = clicksBySlot + ((<usize>hour) << 2);
    store<u32>(count, load<u32>(count) + 1);
    store<u8>(category + <usize>n, load<u8>(clickCategory + <usize>k));
    n++;
  }
  storeState(state);
  return n;
}
