// IT/hosting as a loss system: the kernel of src/core/stages/hosting.ts (read that file for
// the model). Session ends wait in a calendar queue (Brown, 1988): ends are kept in time
// buckets of width 1 / invWidth minutes, each a list sorted by end time, on a wheel of
// mask + 1 lists reused year after year. Arrivals come in time order, so the cursor only moves
// forward, and an insert or a pop touches one short list. Ends pop in exact time order (ties:
// earlier insert first). Entries live in a pool the host keeps ahead of the sessions open at once.

import { CONSULTER_SHIFT, HostingCount, Route, SLOT_MIN } from "./codes.generated";

// The calendar: head of each bucket's list (i32), and per entry its id (i32), end (f64),
// absolute bucket (f64, computed once at insert, so pop and insert never disagree on a float
// edge) and next entry in its list or the free list (i32).

/** Bytes per entry of the calendar's pool (id, next, end, bucket): the host sizes pools with it. */
export const CALENDAR_ENTRY_BYTES: i32 = 4 + 4 + 8 + 8;

let head: usize = 0;
let mask: i32 = 0;
let invWidth: f64 = 0;
let entryId: usize = 0;
let entryEnd: usize = 0;
let entryBucket: usize = 0;
let entryNext: usize = 0;
let free: i32 = -1;
let used: i32 = 0;
let cursor: f64 = 0;
let lastEnd: f64 = 0;
let size: i32 = 0;

// The pass: its columns, and what it has counted so far (it runs in chunks of arrivals).
let arrival: usize = 0;
let session: usize = 0;
let route: usize = 0;
let capacity: i32 = 0;
let requestMin: usize = 0;
let requestConsulter: usize = 0;
let directMin: usize = 0;
let directWho: usize = 0;
let lostBySlot: usize = 0;
let consulters: i32 = 0;
let requests: i32 = 0;
let directs: i32 = 0;
let left: i32 = 0;
let lost: i32 = 0;
let bounced: i32 = 0;
let lostWouldBuy: i32 = 0;
let bouncedWouldBuy: i32 = 0;
let peak: i32 = 0;
// Sessions open at once per hour slot (u32): the most in the slot being counted (hourPeak),
// written when the pass moves past the slot's end (hourEndMin). Only admissions raise the
// count, so a slot's most is its count at the start or just after one of its admissions.
let peakBySlot: usize = 0;
let hourSlot: i32 = 0;
let hourPeak: i32 = 0;
let hourEndMin: f64 = 0;
// Outages: [from, to) minute pairs (f64, ascending, disjoint) and the first not yet over.
let outages: usize = 0;
let outageCount: i32 = 0;
let outageAt: i32 = 0;
// Retries: per visitor the delay after which it comes back once if turned away (f32; < 0:
// it does not), 0 when nobody retries; and the returns still to come, a binary min-heap of
// (minute f64, who i32, visitor i32) entries of RETRY_ENTRY_BYTES.
let retryDelay: usize = 0;
let retryHeap: usize = 0;
let retrySize: i32 = 0;
// The last hour slot: a return may land after the horizon, and is counted in it then.
let lastSlot: i32 = 0;
let lostOutage: i32 = 0;
let lostOutageWouldBuy: i32 = 0;
let retried: i32 = 0;
// Minute of the first arrival that found every session slot busy (NaN: none).
let firstFull: f64 = NaN;
// Arrivals that found the site full, returns included (only its first matters).
let fullArrivals: i32 = 0;

/** Bytes per pending return (minute, who, visitor): the host sizes the heap with it. */
export const RETRY_ENTRY_BYTES: i32 = 16;

/**
 * Starts an empty calendar at `at`: room for `buckets` (a power of two) × 4 bytes of list
 * heads and `pool` × CALENDAR_ENTRY_BYTES of entries (see calendarGrow for more).
 */
export function calendarBegin(at: usize, buckets: i32, bucketMin: f64, pool: i32): void {
  head = at;
  mask = buckets - 1;
  invWidth = 1 / bucketMin;
  memory.fill(head, 0xff, (<usize>buckets) << 2); // every list empty (-1)
  entryId = head + ((<usize>buckets) << 2);
  entryNext = entryId + ((<usize>pool) << 2);
  entryEnd = entryNext + ((<usize>pool) << 2);
  entryBucket = entryEnd + ((<usize>pool) << 3);
  free = -1;
  used = 0;
  cursor = 0;
  lastEnd = 0;
  size = 0;
}

/**
 * Starts a pass over an empty calendar (calendarBegin).
 * Columns: arrival (f64), session (f32) and route (u8) per visitor; the exits it writes:
 * request minute (f64) and who asks (i32: consulter rank << CONSULTER_SHIFT | route),
 * direct attempt minute (f64) and, unless `directVisitor` is 0, who makes it (i32: the
 * visitor's index); lost per slot (u32).
 */
export function hostingBegin(
  arrivalMin: usize,
  sessionMin: usize,
  routes: usize,
  concurrent: i32,
  requestAt: usize,
  requestWho: usize,
  directAt: usize,
  directVisitor: usize,
  lostHostingBySlot: usize,
  peakSessionsBySlot: usize,
  slots: i32,
): void {
  arrival = arrivalMin;
  session = sessionMin;
  route = routes;
  capacity = concurrent;
  requestMin = requestAt;
  requestConsulter = requestWho;
  directMin = directAt;
  directWho = directVisitor;
  lostBySlot = lostHostingBySlot;
  peakBySlot = peakSessionsBySlot;
  lastSlot = slots - 1;
  hourSlot = 0;
  hourPeak = 0;
  hourEndMin = slots > 1 ? <f64>SLOT_MIN : Infinity;
  consulters = 0;
  requests = 0;
  directs = 0;
  left = 0;
  lost = 0;
  bounced = 0;
  lostWouldBuy = 0;
  bouncedWouldBuy = 0;
  peak = 0;
  outages = 0;
  outageCount = 0;
  outageAt = 0;
  retryDelay = 0;
  retryHeap = 0;
  retrySize = 0;
  lostOutage = 0;
  lostOutageWouldBuy = 0;
  retried = 0;
  firstFull = NaN;
  fullArrivals = 0;
}

/**
 * Optional, after hostingBegin: outage windows (`count` [from, to) pairs at `windows`, f64)
 * during which the site refuses every arrival; and returns: `delays` (f32 per visitor, < 0
 * for those who would not come back; 0: nobody does) with room for a heap of pending returns
 * at `heap` (RETRY_ENTRY_BYTES each, one per visitor at most).
 */
export function hostingFailures(windows: usize, count: i32, delays: usize, heap: usize): void {
  outages = windows;
  outageCount = count;
  retryDelay = delays;
  retryHeap = heap;
}

/** Whether a visitor with this route would try to buy if nothing stopped it. */
function wouldBuy(r: i32): bool {
  const intent = r & Route.intentMask;
  return intent === Route.direct || (intent === Route.consult && (r & Route.closes) !== 0);
}

/**
 * Arrivals lo..hi-1; `last` (hi is the number of visitors) then drains every session still
 * open, as an arrival at +infinity would.
 */
export function hostingPass(lo: i32, hi: i32, last: bool): void {
  if (outageCount === 0 && !retryDelay) {
    plainPass(lo, hi, last);
    return;
  }
  const end = last ? hi + 1 : hi;
  for (let i = lo; i < end; i++) {
    const t = i < hi ? load<f64>(arrival + ((<usize>i) << 3)) : f64.MAX_VALUE;
    // Those coming back before this arrival come first, in time order.
    while (retrySize > 0 && load<f64>(retryHeap) <= t) {
      const at = load<f64>(retryHeap);
      const who = load<i32>(retryHeap, 8);
      const v = load<i32>(retryHeap, 12);
      retryPop();
      if (at >= hourEndMin) toHourOf(at);
      drainTo(at);
      admit(v, who, at, true);
    }
    if (t >= hourEndMin) toHourOf(t);
    drainTo(t);
    if (i === hi) {
      closeHour();
      break;
    }
    const r = <i32>load<u8>(route + <usize>i);
    // A consulter's rank among all consulters (served or not): where visit put its patience
    // and handle time; a direct buyer's own index, for the stages after the decision to buy.
    // It travels with the session, packed with the route (a run holds < 2^27 visitors).
    let who = r;
    const intent = r & Route.intentMask;
    if (intent === Route.consult) who |= consulters++ << CONSULTER_SHIFT;
    else if (intent === Route.direct) who |= i << CONSULTER_SHIFT;
    admit(i, who, t, false);
  }
}

/**
 * The pass of a site that never fails nor sees anyone return: the same as hostingPass, written
 * out in one loop (calls per arrival cost ~9 % of the pass here, and this is every run's path).
 */
function plainPass(lo: i32, hi: i32, last: bool): void {
  const end = last ? hi + 1 : hi;
  for (let i = lo; i < end; i++) {
    const t = i < hi ? load<f64>(arrival + ((<usize>i) << 3)) : f64.MAX_VALUE;
    if (t >= hourEndMin) toHourOf(t);
    for (let who = calendarPopDue(t); who >= 0; who = calendarPopDue(t)) {
      const intent = who & Route.intentMask;
      if (intent === Route.consult) {
        store<f64>(requestMin + ((<usize>requests) << 3), lastEnd);
        store<i32>(requestConsulter + ((<usize>requests) << 2), who);
        requests++;
      } else if (intent === Route.direct) {
        store<f64>(directMin + ((<usize>directs) << 3), lastEnd);
        if (directWho)
          store<i32>(directWho + ((<usize>directs) << 2), <i32>(<u32>who >>> CONSULTER_SHIFT));
        directs++;
      } else left++;
    }
    if (i === hi) {
      closeHour();
      break;
    }
    const r = <i32>load<u8>(route + <usize>i);
    let who = r;
    const intent = r & Route.intentMask;
    if (intent === Route.consult) who |= consulters++ << CONSULTER_SHIFT;
    else if (intent === Route.direct) who |= i << CONSULTER_SHIFT;
    if (size >= capacity) {
      if (lost === 0) firstFull = t;
      lost++;
      if (wouldBuy(r)) lostWouldBuy++;
      const slot = lostBySlot + ((<usize>(<i32>Math.floor(t / SLOT_MIN))) << 2);
      store<u32>(slot, load<u32>(slot) + 1);
    } else if (r & Route.bounce) {
      bounced++;
      if (wouldBuy(r)) bouncedWouldBuy++;
    } else {
      calendarInsert(who, t + <f64>load<f32>(session + ((<usize>i) << 2)));
      if (size > hourPeak) hourPeak = size;
    }
  }
}

/**
 * Closes the hour slots that end by `t` (each slot's most sessions written; the next starts
 * with the sessions still open at its start). Ends due by a slot's end pop then, in the same
 * order as they would at `t`. Times past the last slot's start count in the last slot.
 */
function toHourOf(t: f64): void {
  while (t >= hourEndMin) {
    closeHour();
    drainTo(hourEndMin);
    hourSlot++;
    hourPeak = size;
    hourEndMin = hourSlot < lastSlot ? <f64>(hourSlot + 1) * SLOT_MIN : Infinity;
  }
}

/** Writes the slot being counted (the pass ends, or moves past it). */
function closeHour(): void {
  store<u32>(peakBySlot + ((<usize>hourSlot) << 2), hourPeak);
  if (hourPeak > peak) peak = hourPeak;
}

/** Ends every session due by `t`, in time order: each visitor asks, buys or leaves. */
function drainTo(t: f64): void {
  for (let who = calendarPopDue(t); who >= 0; who = calendarPopDue(t)) {
    const intent = who & Route.intentMask;
    if (intent === Route.consult) {
      store<f64>(requestMin + ((<usize>requests) << 3), lastEnd);
      store<i32>(requestConsulter + ((<usize>requests) << 2), who);
      requests++;
    } else if (intent === Route.direct) {
      store<f64>(directMin + ((<usize>directs) << 3), lastEnd);
      if (directWho)
        store<i32>(directWho + ((<usize>directs) << 2), <i32>(<u32>who >>> CONSULTER_SHIFT));
      directs++;
    } else left++;
  }
}

/** Whether the site is down at `t` (arrivals come in time order, so a cursor suffices). */
function down(t: f64): bool {
  while (outageAt < outageCount && load<f64>(outages + ((<usize>(2 * outageAt + 1)) << 3)) <= t)
    outageAt++;
  return outageAt < outageCount && load<f64>(outages + ((<usize>(2 * outageAt)) << 3)) <= t;
}

/**
 * Visitor `v` (its route packed in `who`) arrives at `t`: refused while the site is down or
 * full (then, the first time, it may come back after its own delay and is counted only by how
 * that ends), else served: it bounces or holds a session.
 */
function admit(v: i32, who: i32, t: f64, again: bool): void {
  const r = who & ((1 << CONSULTER_SHIFT) - 1);
  const outage = outageCount > 0 && down(t);
  if (!outage && size >= capacity && fullArrivals++ === 0) firstFull = t;
  if (outage || size >= capacity) {
    if (!again && retryDelay) {
      const d = <f64>load<f32>(retryDelay + ((<usize>v) << 2));
      if (d >= 0) {
        retried++;
        retryPush(t + d, who, v);
        return;
      }
    }
    if (outage) {
      lostOutage++;
      if (wouldBuy(r)) lostOutageWouldBuy++;
      return;
    }
    lost++;
    if (wouldBuy(r)) lostWouldBuy++;
    const hour = <i32>Math.floor(t / SLOT_MIN);
    const slot = lostBySlot + ((<usize>(hour < lastSlot ? hour : lastSlot)) << 2);
    store<u32>(slot, load<u32>(slot) + 1);
  } else if (r & Route.bounce) {
    bounced++;
    if (wouldBuy(r)) bouncedWouldBuy++;
  } else {
    calendarInsert(who, t + <f64>load<f32>(session + ((<usize>v) << 2)));
    if (size > hourPeak) hourPeak = size;
  }
}

/** Entry k of the returns' heap. */
function retryEntry(k: i32): usize {
  return retryHeap + <usize>k * <usize>RETRY_ENTRY_BYTES;
}

function retryPush(at: f64, who: i32, v: i32): void {
  let k = retrySize++;
  while (k > 0) {
    const parent = (k - 1) >> 1;
    const p = retryEntry(parent);
    if (load<f64>(p) <= at) break;
    memory.copy(retryEntry(k), p, RETRY_ENTRY_BYTES);
    k = parent;
  }
  const e = retryEntry(k);
  store<f64>(e, at);
  store<i32>(e, who, 8);
  store<i32>(e, v, 12);
}

function retryPop(): void {
  const n = --retrySize;
  if (n === 0) return;
  const last = retryEntry(n);
  const at = load<f64>(last);
  let k = 0;
  for (;;) {
    let child = 2 * k + 1;
    if (child >= n) break;
    if (child + 1 < n && load<f64>(retryEntry(child + 1)) < load<f64>(retryEntry(child))) child++;
    if (load<f64>(retryEntry(child)) >= at) break;
    memory.copy(retryEntry(k), retryEntry(child), RETRY_ENTRY_BYTES);
    k = child;
  }
  memory.copy(retryEntry(k), last, RETRY_ENTRY_BYTES);
}

/** Minute of the first arrival that found the site full (NaN: none). */
export function hostingFirstFull(): f64 {
  return firstFull;
}

/** What the pass counted, by index (HostingCount); -1 for another index. */
export function hostingCount(which: i32): i32 {
  switch (which) {
    case HostingCount.requests:
      return requests;
    case HostingCount.directs:
      return directs;
    case HostingCount.left:
      return left;
    case HostingCount.lost:
      return lost;
    case HostingCount.bounced:
      return bounced;
    case HostingCount.lostWouldBuy:
      return lostWouldBuy;
    case HostingCount.bouncedWouldBuy:
      return bouncedWouldBuy;
    case HostingCount.lostOutage:
      return lostOutage;
    case HostingCount.lostOutageWouldBuy:
      return lostOutageWouldBuy;
    case HostingCount.retried:
      return retried;
    case HostingCount.peak:
      return peak;
    default:
      return -1;
  }
}

/** Adds `id` ending at `endMin` (≥ the time of the last pop). */
export function calendarInsert(id: i32, endMin: f64): void {
  let e = free;
  if (e >= 0) free = load<i32>(entryNext + ((<usize>e) << 2));
  else e = used++;
  store<i32>(entryId + ((<usize>e) << 2), id);
  store<f64>(entryEnd + ((<usize>e) << 3), endMin);
  const abs = Math.floor(endMin * invWidth);
  store<f64>(entryBucket + ((<usize>e) << 3), abs);
  const bucket = head + ((<usize>(<i32>(<i64>abs) & mask)) << 2);
  let p = load<i32>(bucket);
  if (p < 0 || load<f64>(entryEnd + ((<usize>p) << 3)) > endMin) {
    store<i32>(entryNext + ((<usize>e) << 2), p);
    store<i32>(bucket, e);
  } else {
    let q = load<i32>(entryNext + ((<usize>p) << 2));
    while (q >= 0 && load<f64>(entryEnd + ((<usize>q) << 3)) <= endMin) {
      p = q;
      q = load<i32>(entryNext + ((<usize>q) << 2));
    }
    store<i32>(entryNext + ((<usize>e) << 2), q);
    store<i32>(entryNext + ((<usize>p) << 2), e);
  }
  size++;
}

/** Removes the earliest entry ending at or before `t` and returns its id (its end in lastEnd), or -1. */
export function calendarPopDue(t: f64): i32 {
  const last = Math.floor(t * invWidth);
  if (size === 0) {
    cursor = last;
    return -1;
  }
  let at = cursor;
  let idle = 0;
  let due = -1;
  let bucket: usize = 0;
  for (;;) {
    bucket = head + ((<usize>(<i32>(<i64>at) & mask)) << 2);
    const e = load<i32>(bucket);
    // Only this year's entries are due from this bucket; later years' sit behind them.
    if (
      e >= 0 &&
      load<f64>(entryBucket + ((<usize>e) << 3)) <= at &&
      load<f64>(entryEnd + ((<usize>e) << 3)) <= t
    ) {
      due = e;
      break;
    }
    if (at >= last) break;
    at++;
    // A whole turn of the wheel with nothing due: jump to the earliest entry's bucket.
    if (++idle > mask) {
      at = Math.max(at, Math.min(last, earliestBucket()));
      idle = 0;
    }
  }
  cursor = at;
  if (due < 0) return -1;
  store<i32>(bucket, load<i32>(entryNext + ((<usize>due) << 2)));
  store<i32>(entryNext + ((<usize>due) << 2), free);
  free = due;
  size--;
  lastEnd = load<f64>(entryEnd + ((<usize>due) << 3));
  return load<i32>(entryId + ((<usize>due) << 2));
}

/** Entries in the calendar. */
export function calendarSize(): i32 {
  return size;
}

/** Entries of the pool ever used: the most sessions open at once so far. */
export function calendarUsed(): i32 {
  return used;
}

/** Moves the pool to `at`, `pool` × CALENDAR_ENTRY_BYTES (more entries than calendarUsed()). */
export function calendarGrow(at: usize, pool: i32): void {
  const n = <usize>used;
  const id = at;
  const next = id + ((<usize>pool) << 2);
  const end = next + ((<usize>pool) << 2);
  const bucket = end + ((<usize>pool) << 3);
  memory.copy(id, entryId, n << 2);
  memory.copy(next, entryNext, n << 2);
  memory.copy(end, entryEnd, n << 3);
  memory.copy(bucket, entryBucket, n << 3);
  entryId = id;
  entryNext = next;
  entryEnd = end;
  entryBucket = bucket;
}

function earliestBucket(): f64 {
  let min = Infinity;
  for (let k = 0; k <= mask; k++) {
    const e = load<i32>(head + ((<usize>k) << 2));
    if (e >= 0) {
      const bucket = load<f64>(entryBucket + ((<usize>e) << 3));
      if (bucket < min) min = bucket;
    }
  }
  return min;
}
