// Sales: the kernel of src/core/stages/consult.ts (read that file for the model). One FIFO
// queue in front of the consultants' seats: each request, in arrival order, takes the seat that
// can start it earliest (Kiefer–Wolfowitz recursion); a request whose wait would exceed its
// patience abandons without delaying anyone behind it. The seats sit in a binary min-heap keyed
// by when each frees up; a seat off duty is keyed lazily by the next moment it is on duty.

import { CONSULTER_SHIFT, ConsultCount, Route, SLOT_MIN } from "./codes.generated";

// The seats' heap: key (f64) and seat (i32) per entry.

/** Bytes per seat of the seats' heap (key, seat): the host sizes the heap with it. */
export const SEAT_HEAP_ENTRY_BYTES: i32 = 8 + 4;

let heapTime: usize = 0;
let heapId: usize = 0;
let heapSize: i32 = 0;

// What the pass counted, read by the host with consultCount (ConsultCount).
let attempts: i32 = 0;
let firstAbandon: f64 = NaN;
let abandoned: i32 = 0;
let unserved: i32 = 0;
let abandonedWouldBuy: i32 = 0;
let unservedWouldBuy: i32 = 0;
let consulted: i32 = 0;
let waited: i32 = 0;
let waitSum: f64 = 0;
let busy: f64 = 0;
let abandonedOffDuty: i32 = 0;
let abandonedOffDutyWouldBuy: i32 = 0;
let abandonWaitSum: f64 = 0;

function push(t: f64, id: i32): void {
  let i = heapSize++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pt = load<f64>(heapTime + ((<usize>parent) << 3));
    if (pt <= t) break;
    store<f64>(heapTime + ((<usize>i) << 3), pt);
    store<i32>(heapId + ((<usize>i) << 2), load<i32>(heapId + ((<usize>parent) << 2)));
    i = parent;
  }
  store<f64>(heapTime + ((<usize>i) << 3), t);
  store<i32>(heapId + ((<usize>i) << 2), id);
}

/**
 * Adds the minutes of [from, to) that fall in each hour slot to that slot's f64 at `bySlot`
 * (to ≤ the horizon; a stretch rarely spans more than two slots).
 */
function addBySlot(bySlot: usize, from: f64, to: f64, lastSlot: i32): void {
  let s = <i32>Math.floor(from / SLOT_MIN);
  let a = from;
  while (a < to && s <= lastSlot) {
    const slotEnd = <f64>(s + 1) * SLOT_MIN;
    const b = to < slotEnd ? to : slotEnd;
    const at = bySlot + ((<usize>s) << 3);
    store<f64>(at, load<f64>(at) + (b - a));
    a = b;
    s++;
  }
}

/** Replaces the earliest entry by (t, id): a pop and a push in one sift-down. */
function replaceTop(t: f64, id: i32): void {
  const n = heapSize;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (
      child + 1 < n &&
      load<f64>(heapTime + ((<usize>(child + 1)) << 3)) <
        load<f64>(heapTime + ((<usize>child) << 3))
    )
      child++;
    const ct = load<f64>(heapTime + ((<usize>child) << 3));
    if (ct >= t) break;
    store<f64>(heapTime + ((<usize>i) << 3), ct);
    store<i32>(heapId + ((<usize>i) << 2), load<i32>(heapId + ((<usize>child) << 2)));
    i = child;
  }
  store<f64>(heapTime + ((<usize>i) << 3), t);
  store<i32>(heapId + ((<usize>i) << 2), id);
}

/**
 * The whole pass over `n` requests: request minute (f64, ascending) and who asks (i32, from
 * hosting.ts); per consulter, patience and handle time (f32). `seats` < 0: consultants unlimited.
 * Seat k is on duty in the [from, to) pairs of `intervals` (f64) from seatNext[k] (i32, a copy
 * of the schedule's starts, advanced here) to seatEnd[k] (i32). Writes the minute of each
 * purchase attempt after a consultation (f64) and, unless `attemptWho` is 0, who makes it
 * (i32: the consulter's rank),
 * and abandonments per slot (u32). `heap` has room
 * for seats × SEAT_HEAP_ENTRY_BYTES. `duty` holds `dutyCount` [from, to) pairs (f64, ascending, disjoint):
 * the moments at least one consultant is on duty, so an abandonment can be told apart by whether
 * anyone was on duty while it waited. Writes each positive wait of a served request to
 * `servedWaitMin` and each abandoning request's wait (its patience) to `abandonWaitMin` (f32),
 * for the host's percentiles. Adds, per hour slot inside the horizon (f64, zeroed by the host),
 * the minutes consultants were busy (as the utilisation counts them) to `busyMinBySlot` and the
 * minutes requests waited in the queue (served, abandoning or never served) to `queueMinBySlot`.
 */
export function consultPass(
  n: i32,
  requestMin: usize,
  requestConsulter: usize,
  patienceMin: usize,
  handleMin: usize,
  horizon: f64,
  seats: i32,
  intervals: usize,
  seatNext: usize,
  seatEnd: usize,
  heap: usize,
  attemptMin: usize,
  attemptWho: usize,
  lostAbandonBySlot: usize,
  lastSlot: i32,
  duty: usize,
  dutyCount: i32,
  servedWaitMin: usize,
  abandonWaitMin: usize,
  busyMinBySlot: usize,
  queueMinBySlot: usize,
): void {
  const unlimited = seats < 0;
  heapTime = heap;
  heapId = heap + ((<usize>(seats > 0 ? seats : 0)) << 3);
  heapSize = 0;
  for (let k = 0; k < seats; k++) {
    const p = load<i32>(seatNext + ((<usize>k) << 2));
    push(
      p < load<i32>(seatEnd + ((<usize>k) << 2))
        ? load<f64>(intervals + ((<usize>(2 * p)) << 3))
        : Infinity,
      k,
    );
  }
  attempts = abandoned = unserved = abandonedWouldBuy = unservedWouldBuy = consulted = waited = 0;
  firstAbandon = NaN;
  abandonedOffDuty = abandonedOffDutyWouldBuy = 0;
  waitSum = busy = abandonWaitSum = 0;
  // Requests come in time order, so the first duty stretch not over by the request is the only
  // one that can overlap its wait.
  let d = 0;
  for (let r = 0; r < n; r++) {
    const t = load<f64>(requestMin + ((<usize>r) << 3));
    const who = load<i32>(requestConsulter + ((<usize>r) << 2));
    const rank = <usize>who >>> CONSULTER_SHIFT;
    let start = t;
    if (!unlimited) {
      start = Infinity;
      while (heapSize > 0) {
        const key = load<f64>(heapTime);
        const seat = load<i32>(heapId);
        const x = key > t ? key : t;
        // Earliest on-duty moment of this seat at or after x.
        const nextAt = seatNext + ((<usize>seat) << 2);
        let p = load<i32>(nextAt);
        const end = load<i32>(seatEnd + ((<usize>seat) << 2));
        while (p < end && load<f64>(intervals + ((<usize>(2 * p + 1)) << 3)) <= x) p++;
        store<i32>(nextAt, p);
        const avail =
          p === end ? Infinity : Math.max(x, load<f64>(intervals + ((<usize>(2 * p)) << 3)));
        if (avail === x) {
          start = x;
          break;
        }
        replaceTop(avail, seat);
        if (avail === Infinity && load<f64>(heapTime) === Infinity) break;
      }
    }
    const wait = start - t;
    const closes = (who & Route.closes) !== 0;
    const patience = <f64>load<f32>(patienceMin + (rank << 2));
    if (wait > patience) {
      // Requests come in time order: the first lost is the earliest.
      if (abandoned === 0) firstAbandon = t;
      store<f32>(abandonWaitMin + ((<usize>abandoned) << 2), <f32>patience);
      abandoned++;
      abandonWaitSum += patience;
      addBySlot(queueMinBySlot, t, Math.min(t + patience, horizon), lastSlot);
      if (closes) abandonedWouldBuy++;
      while (d < dutyCount && load<f64>(duty + ((<usize>(2 * d + 1)) << 3)) <= t) d++;
      if (d === dutyCount || load<f64>(duty + ((<usize>(2 * d)) << 3)) >= t + patience) {
        abandonedOffDuty++;
        if (closes) abandonedOffDutyWouldBuy++;
      }
      const slot = <i32>Math.floor(t / SLOT_MIN);
      const at = lostAbandonBySlot + ((<usize>(slot < lastSlot ? slot : lastSlot)) << 2);
      store<u32>(at, load<u32>(at) + 1);
      continue;
    }
    if (start === Infinity) {
      addBySlot(queueMinBySlot, t, horizon, lastSlot);
      unserved++; // waits forever and no consultant is ever on duty again
      if (closes) unservedWouldBuy++;
      continue;
    }
    const done = start + <f64>load<f32>(handleMin + (rank << 2));
    // Utilisation counts busy time while on duty and inside the horizon; a call that runs
    // past the end of the shift is overtime, not utilisation.
    let busyUntil = done < horizon ? done : horizon;
    if (!unlimited) {
      const seat = load<i32>(heapId);
      replaceTop(done, seat);
      const dutyEnd = load<f64>(
        intervals + ((<usize>(2 * load<i32>(seatNext + ((<usize>seat) << 2)) + 1)) << 3),
      );
      if (dutyEnd < busyUntil) busyUntil = dutyEnd;
    }
    consulted++;
    if (wait > 0) {
      store<f32>(servedWaitMin + ((<usize>waited) << 2), <f32>wait);
      waited++;
      addBySlot(queueMinBySlot, t, Math.min(start, horizon), lastSlot);
    }
    waitSum += wait;
    if (start < busyUntil) {
      busy += busyUntil - start;
      addBySlot(busyMinBySlot, start, busyUntil, lastSlot);
    }
    if (closes) {
      store<f64>(attemptMin + ((<usize>attempts) << 3), done);
      if (attemptWho) store<i32>(attemptWho + ((<usize>attempts) << 2), <i32>rank);
      attempts++;
    }
  }
}

/** What the pass counted, by index (ConsultCount); NaN for another index. */
export function consultCount(which: i32): f64 {
  switch (which) {
    case ConsultCount.firstAbandonMin:
      return firstAbandon;
    case ConsultCount.attempts:
      return <f64>attempts;
    case ConsultCount.abandoned:
      return <f64>abandoned;
    case ConsultCount.unserved:
      return <f64>unserved;
    case ConsultCount.abandonedWouldBuy:
      return <f64>abandonedWouldBuy;
    case ConsultCount.unservedWouldBuy:
      return <f64>unservedWouldBuy;
    case ConsultCount.consulted:
      return <f64>consulted;
    case ConsultCount.waited:
      return <f64>waited;
    case ConsultCount.waitSum:
      return waitSum;
    case ConsultCount.busy:
      return busy;
    case ConsultCount.abandonedOffDuty:
      return <f64>abandonedOffDuty;
    case ConsultCount.abandonedOffDutyWouldBuy:
      return <f64>abandonedOffDutyWouldBuy;
    case ConsultCount.abandonWaitSum:
      return abandonWaitSum;
    default:
      return NaN;
  }
}

/**
 * The k-th smallest (0-based) of `n` f32 at `at`, which it reorders: Hoare's selection with a
 * median-of-three pivot (equal values stop both scans, so many ties stay linear). For the
 * waits' percentiles; in the kernel because a cold JavaScript selection over the waits of a
 * big run cost more than the whole consult pass.
 */
export function selectF32(at: usize, n: i32, k: i32): f32 {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    const a = load<f32>(at + ((<usize>lo) << 2));
    const b = load<f32>(at + ((<usize>mid) << 2));
    const c = load<f32>(at + ((<usize>hi) << 2));
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (load<f32>(at + ((<usize>i) << 2)) < pivot) i++;
      while (load<f32>(at + ((<usize>j) << 2)) > pivot) j--;
      if (i <= j) {
        const t = load<f32>(at + ((<usize>i) << 2));
        store<f32>(at + ((<usize>i) << 2), load<f32>(at + ((<usize>j) << 2)));
        store<f32>(at + ((<usize>j) << 2), t);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return load<f32>(at + ((<usize>k) << 2));
}
