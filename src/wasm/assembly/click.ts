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

/**
 * Times of the `n` clicks of one traffic event, at clicks lo..lo+n: exponential from `start`
 * with mean `mean`, truncated at `end` (the horizon's end; `mass` = 1 − e^(−(end − start)/mean)).
 * Sorted uniforms U(k) = S_k / S_{n+1} go through the inverse of that distribution, which keeps
 * their order; the event's categories are shuffled first. Adds each click to its hour slot in
 * clicksBySlot (u32, `slots` of them).
 */
export function placeEvent(
  state: usize,
  lo: i32,
  n: i32,
  start: f64,
  mean: f64,
  mass: f64,
  end: f64,
  clicksBySlot: usize,
  slots: i32,
  category: usize,
  arrivalMin: usize,
  shuffle: bool,
): void {
  loadState(state);
  const hi = lo + n;
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
  // The last minute before the horizon's end: rounding never takes a click past it.
  const last = reinterpret<f64>(reinterpret<u64>(end) - 1);
  let prev = start;
  for (let i = lo; i < hi; i++) {
    const at = arrivalMin + ((<usize>i) << 3);
    let t = start - mean * Math.log1p(-(load<f64>(at) / sum) * mass);
    if (t < prev) t = prev; // the inverse is increasing; rounding must not break the order
    if (t > last) t = last;
    prev = t;
    store<f64>(at, t);
    let slot = <i32>(t / SLOT_MIN);
    if (slot >= slots) slot = slots - 1;
    const count = clicksBySlot + ((<usize>slot) << 2);
    store<u32>(count, load<u32>(count) + 1);
  }
  storeState(state);
}

/**
 * Merges two sorted runs of clicks, lo..mid and mid..hi, from (time f64, category u8) columns
 * into the same places of another pair; on equal times the first run's click comes first.
 */
export function mergeClicks(
  fromTime: usize,
  fromCategory: usize,
  toTime: usize,
  toCategory: usize,
  lo: i32,
  mid: i32,
  hi: i32,
): void {
  let i = lo;
  let j = mid;
  for (let k = lo; k < hi; k++) {
    let from = i;
    if (
      i >= mid ||
      (j < hi && load<f64>(fromTime + ((<usize>j) << 3)) < load<f64>(fromTime + ((<usize>i) << 3)))
    ) {
      from = j;
      j++;
    } else i++;
    store<f64>(toTime + ((<usize>k) << 3), load<f64>(fromTime + ((<usize>from) << 3)));
    store<u8>(toCategory + <usize>k, load<u8>(fromCategory + <usize>from));
  }
}
