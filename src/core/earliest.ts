/**
 * Keeps the earliest minute in counters[index], a counter that starts at NaN ("not yet"):
 * `minute` replaces it when it is earlier, or when none is kept; a NaN minute changes nothing.
 */
export function keepEarliest(counters: Float64Array, index: number, minute: number): void {
  if (!Number.isNaN(minute) && !(counters[index] <= minute)) counters[index] = minute;
}
