import { TimeHeap } from "../capacity/timeHeap.js";
import { C } from "../counters.js";
import { type Plan, SLOT_MIN } from "../plan.js";
import { Route } from "../route.js";
import { scratch } from "../scratch.js";
import type { SiteExits } from "./hosting.js";
import type { Visitors } from "./visit.js";

/** Purchase attempts made by consulted visitors who close, at the end of their consultation. */
export interface ConsultOutcome {
  attemptCount: number;
  /** Minute of each attempt; not sorted (consultations end in any order). */
  attemptMin: Float64Array;
  lostAbandonBySlot: Uint32Array;
}

/**
 * Sales as one FIFO queue in front of the consultants' seats. First come, first served means
 * each request, in arrival order, takes the seat that can start it earliest (Kiefer–Wolfowitz
 * recursion), and a request whose wait would exceed its patience abandons without delaying
 * anyone behind it — so the queue needs no event list. A seat off duty is keyed lazily by the
 * next moment it is on duty; a call started on duty may run past the end of the shift.
 */
export function consult(
  plan: Plan,
  v: Visitors,
  exits: SiteExits,
  counters: Float64Array,
): ConsultOutcome {
  const n = exits.requestCount;
  const requestMin = exits.requestMin;
  const requestVisitor = exits.requestVisitor;
  const patience = v.patienceMin;
  const handle = v.handleMin;
  const route = v.route;
  const horizon = plan.horizonMin;
  const attemptMin = scratch("consult.attemptMin", Float64Array, n);
  const lostAbandonBySlot = new Uint32Array(v.clicksBySlot.length);
  const lastSlot = lostAbandonBySlot.length - 1; // requests made while the site drains

  const unlimited = plan.seatCount === Infinity;
  const seats = unlimited ? 0 : plan.seatCount;
  const intervals = plan.seatIntervals;
  const seatEnd = plan.seatStart.subarray(1);
  const seatNext = plan.seatStart.slice(0, Math.max(seats, 1));
  const heap = new TimeHeap(seats);
  for (let k = 0; k < seats; k++)
    heap.push(seatNext[k] < seatEnd[k] ? intervals[2 * seatNext[k]] : Infinity, k);

  let attempts = 0;
  let abandoned = 0;
  let unserved = 0;
  let abandonedWouldBuy = 0;
  let unservedWouldBuy = 0;
  let consulted = 0;
  let waited = 0;
  let waitSum = 0;
  let busy = 0;
  for (let r = 0; r < n; r++) {
    const t = requestMin[r];
    const vis = requestVisitor[r];
    let start = t;
    if (!unlimited) {
      start = Infinity;
      while (heap.size > 0) {
        const key = heap.time[0];
        const seat = heap.id[0];
        const x = key > t ? key : t;
        // Earliest on-duty moment of this seat at or after x.
        let p = seatNext[seat];
        const end = seatEnd[seat];
        while (p < end && intervals[2 * p + 1] <= x) p++;
        seatNext[seat] = p;
        const avail = p === end ? Infinity : Math.max(x, intervals[2 * p]);
        if (avail === x) {
          start = x;
          break;
        }
        heap.replaceTop(avail, seat);
        if (avail === Infinity && heap.time[0] === Infinity) break;
      }
    }
    const wait = start - t;
    if (wait > patience[vis]) {
      abandoned++;
      if (route[vis] & Route.closes) abandonedWouldBuy++;
      lostAbandonBySlot[Math.min(Math.floor(t / SLOT_MIN), lastSlot)]++;
      continue;
    }
    if (start === Infinity) {
      unserved++; // waits forever and no consultant is ever on duty again
      if (route[vis] & Route.closes) unservedWouldBuy++;
      continue;
    }
    const done = start + handle[vis];
    // Utilisation counts busy time while on duty and inside the horizon; a call that runs
    // past the end of the shift is overtime, not utilisation.
    let busyUntil = done < horizon ? done : horizon;
    if (!unlimited) {
      const seat = heap.id[0];
      heap.replaceTop(done, seat);
      const dutyEnd = intervals[2 * seatNext[seat] + 1];
      if (dutyEnd < busyUntil) busyUntil = dutyEnd;
    }
    consulted++;
    if (wait > 0) waited++;
    waitSum += wait;
    if (start < busyUntil) busy += busyUntil - start;
    if (route[vis] & Route.closes) attemptMin[attempts++] = done;
  }

  counters[C.lostAbandon] += abandoned;
  counters[C.unservedAtEnd] += unserved;
  counters[C.lostAbandonWouldBuy] += abandonedWouldBuy;
  counters[C.unservedWouldBuy] += unservedWouldBuy;
  counters[C.consulted] += consulted;
  counters[C.notClosed] += consulted - attempts;
  counters[C.consultPurchaseAttempts] += attempts;
  counters[C.waitedForConsultant] += waited;
  counters[C.waitMinConsulted] += waitSum;
  counters[C.consultantBusyMin] += busy;
  return { attemptCount: attempts, attemptMin, lostAbandonBySlot };
}
