// The consultation requests of a run, and the consultant queue replayed on them for any
// seating: what `staffing` searches over. Requests do not depend on the consultants (hosting
// and the delays come before them, and use their own streams), so they are drawn once per
// replication and every staffing plan is served on the same requests (common random numbers).

import { kernelMemory } from "../wasm/kernels.js";
import type { SeatSchedule } from "./capacity/seats.js";
import { CONSULTER_SHIFT } from "./codes.js";
import { newCounters } from "./counters.js";
import { drawnVisitors, siteRequests } from "./pipeline.js";
import type { Plan } from "./plan.js";

/** One replication's consultation requests, in time order, copied out of kernel memory. */
export interface RequestStream {
  replication: number;
  /** Minute each request is made (ascending). */
  minute: Float64Array;
  /** Its asker's patience and handle time, minutes (as the consult kernel reads them: f32). */
  patience: Float32Array;
  handle: Float32Array;
}

/**
 * The requests the consult stage is given in replication `replication` of `plan`: the same
 * draws, hosting pass and consultDelay as a run (core/pipeline.ts), stopped before the
 * consultants.
 */
export function drawRequests(plan: Plan, replication: number): RequestStream {
  const visitors = drawnVisitors(plan, replication);
  const { requests } = siteRequests(plan, replication, visitors, newCounters(), false);
  const n = requests.requestCount;
  const at = requests.requestMin;
  const who = requests.requestConsulter;
  const patienceOf = visitors.patienceMin;
  const handleOf = visitors.handleMin;
  const minute = new Float64Array(n);
  const patience = new Float32Array(n);
  const handle = new Float32Array(n);
  for (let r = 0; r < n; r++) {
    const rank = who[r] >>> CONSULTER_SHIFT;
    minute[r] = at[r];
    patience[r] = patienceOf[rank];
    handle[r] = handleOf[rank];
  }
  kernelMemory().releaseAll();
  return { replication, minute, patience, handle };
}

/** What the queue did to the requests of each cell (a cell: the request's part of the plan). */
export interface QueueCounts {
  requests: Float64Array;
  abandoned: Float64Array;
  /** Picked up after a wait of at most `withinMin` minutes. */
  answeredWithin: Float64Array;
}

/**
 * The consult kernel's first-come-first-served pass (src/wasm/assembly/consult.ts), replayed
 * here on a request stream for one seating, adding each request's outcome to its cell's
 * counts (`cellOf(minute)`). Same recursion and arithmetic: each request takes the seat that
 * can start it earliest (a seat off duty is keyed by the next moment it is on duty, a call
 * may run past the end of the shift), one whose wait exceeds its patience abandons and
 * delays nobody. The search calls it hundreds of times per replication on a few thousand
 * requests, where a kernel call per plan would cost more in copying than in queueing.
 */
export function replayQueue(
  stream: RequestStream,
  seats: SeatSchedule,
  cellOf: (minute: number) => number,
  withinMin: number,
  into: QueueCounts,
): void {
  const count = seats.seatCount;
  const intervals = seats.seatIntervals;
  const next = seats.seatStart.slice(0, count);
  const end = seats.seatStart.subarray(1, count + 1);
  // Binary min-heap of (free-from time, seat).
  const heapTime = new Float64Array(count);
  const heapId = new Int32Array(count);
  let size = 0;
  const push = (t: number, id: number) => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heapTime[parent] <= t) break;
      heapTime[i] = heapTime[parent];
      heapId[i] = heapId[parent];
      i = parent;
    }
    heapTime[i] = t;
    heapId[i] = id;
  };
  const replaceTop = (t: number, id: number) => {
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && heapTime[child + 1] < heapTime[child]) child++;
      if (heapTime[child] >= t) break;
      heapTime[i] = heapTime[child];
      heapId[i] = heapId[child];
      i = child;
    }
    heapTime[i] = t;
    heapId[i] = id;
  };
  for (let k = 0; k < count; k++) push(next[k] < end[k] ? intervals[2 * next[k]] : Infinity, k);
  const { minute, patience, handle } = stream;
  for (let r = 0; r < minute.length; r++) {
    const t = minute[r];
    let start = Infinity;
    while (size > 0) {
      const key = heapTime[0];
      const seat = heapId[0];
      const x = Math.max(key, t);
      let p = next[seat];
      const e = end[seat];
      while (p < e && intervals[2 * p + 1] <= x) p++;
      next[seat] = p;
      const avail = p === e ? Infinity : Math.max(x, intervals[2 * p]);
      if (avail === x) {
        start = x;
        break;
      }
      replaceTop(avail, seat);
      if (avail === Infinity && heapTime[0] === Infinity) break;
    }
    const cell = cellOf(t);
    into.requests[cell]++;
    const wait = start - t;
    if (wait > patience[r]) {
      into.abandoned[cell]++;
      continue;
    }
    if (start === Infinity) continue; // never picked up: no consultant on duty again
    if (wait <= withinMin) into.answeredWithin[cell]++;
    replaceTop(start + handle[r], heapId[0]);
  }
}
