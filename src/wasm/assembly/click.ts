// Click times of one day: the kernel of src/core/stages/click.ts (read that file for the
// model). Inside each hour the clicks are uniform, so their times come already sorted from
// exponential spacings (U(k) = S_k / S_{n+1}); the hour's categories are shuffled first
// (Fisher–Yates) so no channel comes first.
import { SLOT_MIN, SLOTS_PER_DAY } from "./codes.generated";
import { loadState, nextExponential, nextUnit, storeState } from "./rng";

/**
 * Times of the clicks of day `day`'s slots, starting at click `lo`; returns the click
 * after the day's last. clicksBySlot (u32) per slot; category (u8) and arrivalMin (f64) per click.
 */
export function placeDay(
  state: usize,
  day: i32,
  lo: i32,
  clicksBySlot: usize,
  category: usize,
  arrivalMin: usize,
  shuffle: bool,
): i32 {
  loadState(state);
  for (let h = 0; h < SLOTS_PER_DAY; h++) {
    const slot = day * SLOTS_PER_DAY + h;
    const hi = lo + <i32>load<u32>(clicksBySlot + ((<usize>slot) << 2));
    // With one category (one channel, one segment) every order is the same: skip the shuffle.
    for (let i = shuffle ? hi - 1 : lo; i > lo; i--) {
      const j = lo + <i32>Math.floor(nextUnit() * <f64>(i - lo + 1));
      const c = load<u8>(category + <usize>i);
      store<u8>(category + <usize>i, load<u8>(category + <usize>j));
      store<u8>(category + <usize>j, c);
    }
    let sum: f64 = 0;
    for (let i = lo; i < hi; i++) {
      sum += nextExponential();
      store<f64>(arrivalMin + ((<usize>i) << 3), sum);
    }
    sum += nextExponential();
    const start = <f64>slot * SLOT_MIN;
    const scale = SLOT_MIN / sum;
    for (let i = lo; i < hi; i++) {
      const at = arrivalMin + ((<usize>i) << 3);
      store<f64>(at, start + load<f64>(at) * scale);
    }
    lo = hi;
  }
  storeState(state);
  return lo;
}
