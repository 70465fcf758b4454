/** People counted at each stage of the funnel: the report's `funnel`, in funnel order. */
export const FUNNEL_COUNTERS = [
  "reached",
  "clicked",
  "lostHosting",
  "served",
  "lostBounce",
  "leftAfterVisit",
  "consultRequests",
  "lostAbandon",
  "consulted",
  "unservedAtEnd",
  "notClosed",
  "directAttempts",
  "consultPurchaseAttempts",
  "purchaseAttempts",
  "lostStock",
  "purchased",
] as const;

/** Every counter of one run, declared once; a run's counters are a Float64Array indexed by these. */
export const COUNTER_NAMES = [
  ...FUNNEL_COUNTERS,
  /** Consulted requests that had to wait for a consultant (wait > 0). */
  "waitedForConsultant",
  /** Sum of waiting minutes of consulted requests. */
  "waitMinConsulted",
  /** 90th percentile (nearest rank) of consulted requests' waits, minutes (NaN: none consulted). */
  "waitP90Consulted",
  /** Requests lost to patience while at least one consultant was on duty at some moment of the
   * wait (so they waited for a busy team), and while none was (nobody there to pick them up).
   * They add up to lostAbandon. */
  "lostAbandonBusy",
  "lostAbandonOffDuty",
  /** Sum of the minutes abandoning requests waited (their patience). */
  "waitMinAbandoned",
  /** 90th percentile (nearest rank) of abandoning requests' waits, minutes (NaN: none). */
  "waitP90Abandoned",
  /** Consultant busy minutes inside the horizon. */
  "consultantBusyMin",
  /** Most concurrent sessions on the site at any moment. */
  "peakSessions",
  /** Minute of the first purchase attempt that found no stock (NaN: never ran out). */
  "stockOutMin",
  /** Of those lost to a full site, a bounce, abandonment or no consultant on duty: how many
   * would have tried to buy (their own drawn intent), for the loss ledger's revenue at stake. */
  "lostHostingWouldBuy",
  "lostBounceWouldBuy",
  "lostAbandonBusyWouldBuy",
  "lostAbandonOffDutyWouldBuy",
  "unservedWouldBuy",
] as const;

export type CounterName = (typeof COUNTER_NAMES)[number];
export type FunnelCounter = (typeof FUNNEL_COUNTERS)[number];

/** Index of each counter in a run's counter array. */
export const C = Object.fromEntries(COUNTER_NAMES.map((n, i) => [n, i])) as {
  readonly [K in CounterName]: number;
};

/** A fresh zeroed counter array. */
export function newCounters(): Float64Array {
  const c = new Float64Array(COUNTER_NAMES.length);
  c[C.stockOutMin] = NaN;
  c[C.waitP90Consulted] = NaN;
  c[C.waitP90Abandoned] = NaN;
  return c;
}
