// An exact description of a set of hour slots of the horizon (slot = (day − 1) × 24 + hour),
// for a sentence that names only what it counts: every range and number in it is exact.

/** Hours of the day per slot day. */
export const HOURS_PER_DAY = 24;

/** A run of consecutive values, both ends included: [first, last]. */
export type Range = [number, number];

/** A run of consecutive slots, both ends included. */
export interface SlotSpan {
  from: number;
  to: number;
}

/**
 * A set of hour slots, described exactly. `count` is always the number of slots in the set.
 * - `none`: the empty set.
 * - `grid`: exactly the product of the hours of day in `hours` (0–23) and the days in `days`
 *   (1-based): every named hour of every named day, and nothing else.
 * - `spans`: not a product, but at most {@link MAX_SPANS} runs of consecutive slots.
 * - `scattered`: anything else; exactly `inWindow` of the `count` slots lie in the product
 *   `window.hours` × `window.days`, more than half of them (today one range of hours and one
 *   of days, chosen as in `scatterWindow`; a list so a renderer need not assume so).
 */
export type SlotDescription =
  | { kind: "none" }
  | { kind: "grid"; hours: Range[]; days: Range[]; count: number }
  | { kind: "spans"; spans: SlotSpan[]; count: number }
  | {
      kind: "scattered";
      count: number;
      window: { hours: Range[]; days: Range[] };
      inWindow: number;
    };

/** Most runs of consecutive slots a `spans` description lists; more read as a list, not a shape. */
export const MAX_SPANS = 3;

/** Day (1-based) of a slot. */
export const dayOf = (slot: number) => Math.floor(slot / HOURS_PER_DAY) + 1;
/** Hour of day (0–23) of a slot. */
export const hourOf = (slot: number) => slot % HOURS_PER_DAY;

/** Runs of consecutive values of sorted, unique integers. */
export function runsOf(sorted: readonly number[]): Range[] {
  const out: Range[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    out.push([sorted[i], sorted[j]]);
    i = j + 1;
  }
  return out;
}

/**
 * Describes a set of hour slots of a `days`-day horizon exactly. Slots may come in any order
 * and repeat; each must be a whole number in [0, days × 24).
 *
 * The first that fits: none; grid (the set is exactly hours-of-day × days); spans (at most
 * {@link MAX_SPANS} runs of consecutive slots); scattered, with a window of one range of hours
 * of day × one range of days (see {@link scatterWindow}) and `inWindow` counted exactly.
 */
export function describeSlots(slots: readonly number[], days: number): SlotDescription {
  const n = days * HOURS_PER_DAY;
  for (const s of slots)
    if (!Number.isInteger(s) || s < 0 || s >= n)
      throw new RangeError(`slot ${s} is outside the ${days}-day horizon (0–${n - 1})`);
  const set = [...new Set(slots)].sort((a, b) => a - b);
  const count = set.length;
  if (count === 0) return { kind: "none" };

  const hourSet = [...new Set(set.map(hourOf))].sort((a, b) => a - b);
  const daySet = [...new Set(set.map(dayOf))].sort((a, b) => a - b);
  // The set lies inside hourSet × daySet, so it is that product exactly when the sizes agree.
  if (hourSet.length * daySet.length === count)
    return { kind: "grid", hours: runsOf(hourSet), days: runsOf(daySet), count };

  const runs = runsOf(set);
  if (runs.length <= MAX_SPANS)
    return { kind: "spans", spans: runs.map(([from, to]) => ({ from, to })), count };

  const { hours, days: windowDays, inWindow } = scatterWindow(set, days);
  return {
    kind: "scattered",
    count,
    window: { hours: [hours], days: [windowDays] },
    inWindow,
  };
}

/**
 * The window of a scattered set (sorted, unique slots of a `days`-day horizon): one range of
 * hours of day [a, b] × one range of days [c, d], the rectangle that best stands for the set
 * while holding most of it. Of the rectangles holding more than half of the slots, it is the
 * one that is wrong about the fewest hours: slots left outside plus hours inside that are not
 * slots, count + area − 2 × inside; so it takes in a dense block whole and leaves sparse edges
 * out. One range each way reads at a glance ("10:00–18:59 on days 1–2"). Ties: the smaller
 * rectangle, then the earlier hour, then the earlier day. The whole horizon holds every slot,
 * so a window always exists.
 *
 * For each of the 300 hour ranges: prefix sums over days of the slots inside (P) and of
 * 2 × slots − hours (Q, the score); for each first day c the last days that reach the target
 * are those from a pointer e(c) on, which only moves forward, and the best of them is a
 * suffix maximum of Q. O(300 × days).
 */
function scatterWindow(
  set: readonly number[],
  days: number,
): { hours: Range; days: Range; inWindow: number } {
  const need = Math.floor(set.length / 2) + 1;
  // at[h][d]: 1 when slot (day d + 1, hour h) is in the set.
  const at = Array.from({ length: HOURS_PER_DAY }, () => new Uint8Array(days));
  for (const s of set) at[hourOf(s)][dayOf(s) - 1] = 1;
  let best = { score: Number.NEGATIVE_INFINITY, area: 0, inside: 0, a: 0, b: 0, c: 0, d: 0 };
  const perDay = new Int32Array(days);
  const P = new Int32Array(days + 1);
  const Q = new Int32Array(days + 1);
  // top[i]: the index j ≥ i with the largest Q[j], the smallest such j on ties.
  const top = new Int32Array(days + 1);
  for (let a = 0; a < HOURS_PER_DAY; a++) {
    perDay.fill(0);
    for (let b = a; b < HOURS_PER_DAY; b++) {
      const width = b - a + 1;
      for (let d = 0; d < days; d++) {
        perDay[d] += at[b][d];
        P[d + 1] = P[d] + perDay[d];
        Q[d + 1] = Q[d] + 2 * perDay[d] - width;
      }
      top[days] = days;
      for (let i = days - 1; i >= 0; i--) top[i] = Q[i] >= Q[top[i + 1]] ? i : top[i + 1];
      // Days c..e are P[e + 1] − P[c] slots; e + 1 runs from `end` on.
      let end = 1;
      for (let c = 0; c < days; c++) {
        if (end < c + 1) end = c + 1;
        while (end <= days && P[end] - P[c] < need) end++;
        if (end > days) break;
        const e1 = top[end];
        const score = Q[e1] - Q[c];
        const area = width * (e1 - c);
        if (score > best.score || (score === best.score && area < best.area))
          best = { score, area, inside: P[e1] - P[c], a, b, c, d: e1 - 1 };
      }
    }
  }
  return { hours: [best.a, best.b], days: [best.c + 1, best.d + 1], inWindow: best.inside };
}
