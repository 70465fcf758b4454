import { COUNTERS } from "../model/stages.js";

// A run's counters are a Float64Array indexed by C; which counters there are is declared by
// the stages (src/stages/*.ts, listed in src/model/stages.ts).

/** Every counter's name, in counter-array order: the funnel counts first, in funnel order. */
export const COUNTER_NAMES: readonly string[] = COUNTERS.map((c) => c.name);

export type CounterName = string;

/** Index of each counter in a run's counter array. */
export const C: Readonly<Record<string, number>> = Object.fromEntries(
  COUNTER_NAMES.map((n, i) => [n, i]),
);

const INITIAL = Float64Array.from(COUNTERS, (c) => c.initial ?? 0);

/** A fresh counter array (zero, or NaN for the minima and percentiles not yet seen). */
export function newCounters(): Float64Array {
  return INITIAL.slice();
}
