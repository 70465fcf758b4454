import { bindSampler, type CompiledDist } from "../../rng/samplers.js";
import { nextUnit } from "../../rng/sfc32.js";
import { Stream, streamState } from "../../rng/streams.js";
import { kernelMemory, readCounts } from "../../wasm/kernels.js";
import { HostingCount, Route, SLOT_MIN } from "../codes.js";
import { C } from "../counters.js";
import { keepEarliest } from "../earliest.js";
import type { Visitors } from "./visit.js";

/**
 * What leaves the site, in time order: consultation requests and direct purchase attempts.
 * Columns in kernel memory, as Clicks'.
 */
export interface SiteExits {
  requestCount: number;
  /** Minute each consultation request is made (session end), ascending. */
  requestMin: Float64Array;
  requestAt: number;
  /** Who makes each request: the consulter's rank (its place in the consulters' patience
   * and handle columns) << CONSULTER_SHIFT | its route. */
  requestConsulter: Int32Array;
  requestConsulterAt: number;
  directCount: number;
  /** Minute of each direct purchase attempt, ascending. */
  directMin: Float64Array;
  /** Who makes each direct attempt: the visitor's index. */
  directVisitor: Int32Array;
  lostHostingBySlot: Uint32Array;
  /** Most sessions open at once in each hour slot (returns after the horizon: the last slot). */
  peakSessionsBySlot: Uint32Array;
}

/** Arrivals per call of the kernel: V8 moves a hot wasm function to optimised code between calls. */
const CHUNK = 1 << 14;

/**
 * IT/hosting as a loss system: `capacity` concurrent sessions. Visitors arrive in time order;
 * a session that ends at or before an arrival frees its slot first; an arrival that finds
 * every slot busy is lost to hosting. Bounced visitors are served but hold no slot. Session
 * ends pop from a calendar queue in time order, so the exits need no sort. The pass is a
 * WebAssembly kernel (src/wasm/assembly/hosting.ts).
 */
export function hosting(
  v: Visitors,
  capacity: number,
  meanSessionMin: number,
  counters: Float64Array,
  /** Whether to record who makes each direct attempt (stages after the decision read it). */
  withVisitors = false,
  /** Outages and returns, when the scenario has them (see Failures). */
  failures?: Failures,
): SiteExits {
  const n = v.count;
  const memory = kernelMemory();
  const consultMax = v.byIntent[Route.consult];
  const directMax = v.byIntent[Route.direct];
  const slots = v.clicksBySlot.length;
  const requestAt = memory.alloc(8 * consultMax);
  const requestConsulterAt = memory.alloc(4 * consultMax);
  const directAt = memory.alloc(8 * directMax);
  const directVisitorAt = withVisitors ? memory.alloc(4 * directMax) : 0;
  const lostAt = memory.alloc(4 * slots);
  const peakAt = memory.alloc(4 * slots);
  // About one session end per bucket at the busiest hour, and a wheel spanning ~8 mean sessions.
  // Buckets no narrower than a quarter of the horizon's mean gap between arrivals, though: the
  // cursor steps through every bucket, and a spike (a traffic event) packing a large share of
  // the clicks into minutes would otherwise have it step through ~10⁸ empty ones the rest of
  // the time. Ends pop in exact time order whatever the width, so the width is speed only.
  let busiest = 1;
  for (const c of v.clicksBySlot) if (c > busiest) busiest = c;
  const bucketMin = Math.max(SLOT_MIN / busiest, (slots * SLOT_MIN) / (4 * Math.max(n, 1)));
  const wanted = Math.min(1 << 20, Math.ceil((8 * meanSessionMin) / bucketMin) + 1);
  let buckets = 1;
  while (buckets < wanted) buckets *= 2;
  // No more sessions than this are ever open at once (n: an unlimited site). The calendar's
  // pool starts at most a few chunks big and grows ahead of the pass, so an unlimited site
  // does not reserve an entry per visitor.
  const concurrent = Math.min(capacity, n);
  const entryBytes = 24;
  const returns = failures !== undefined && failures.retryShare > 0;
  // Returns open sessions beyond a chunk's arrivals: then the pool holds them all from the start.
  let pool = returns ? concurrent + 1 : Math.min(concurrent, 4 * CHUNK) + 1;
  const calendarAt = memory.alloc(4 * buckets + entryBytes * pool);
  memory.u32(lostAt, slots).fill(0);
  memory.k.calendarBegin(calendarAt, buckets, bucketMin, pool);
  memory.k.hostingBegin(
    v.arrivalAt,
    v.sessionAt,
    v.routeAt,
    concurrent,
    requestAt,
    requestConsulterAt,
    directAt,
    directVisitorAt,
    lostAt,
    peakAt,
    slots,
  );
  if (failures && (failures.outageMin.length > 0 || returns)) {
    const windowsAt = memory.alloc(8 * failures.outageMin.length);
    memory.f64(windowsAt, failures.outageMin.length).set(failures.outageMin);
    const delaysAt = returns ? returnDelays(v, failures) : 0;
    const heapAt = returns ? memory.alloc(memory.k.RETRY_ENTRY_BYTES.value * n) : 0;
    memory.k.hostingFailures(windowsAt, failures.outageMin.length / 2, delaysAt, heapAt);
  }
  for (let lo = 0; ; lo += CHUNK) {
    // A chunk opens at most CHUNK sessions.
    if (pool <= concurrent && pool - memory.k.calendarUsed() < CHUNK) {
      pool = Math.min(2 * pool, concurrent + 1);
      memory.k.calendarGrow(memory.alloc(entryBytes * pool), pool);
    }
    const hi = Math.min(n, lo + CHUNK);
    memory.k.hostingPass(lo, hi, hi === n);
    if (hi === n) break;
  }
  const {
    requests,
    directs,
    left,
    lost,
    bounced,
    lostWouldBuy,
    bouncedWouldBuy,
    peak,
    lostOutage,
    lostOutageWouldBuy,
    retried,
  } = readCounts(memory.k.hostingCount, HostingCount);

  counters[C.clicked] += n;
  counters[C.lostHosting] += lost;
  counters[C.served] += n - lost - lostOutage;
  counters[C.lostOutage] += lostOutage;
  counters[C.lostOutageWouldBuy] += lostOutageWouldBuy;
  counters[C.retriedAfterRefusal] += retried;
  counters[C.lostBounce] += bounced;
  counters[C.lostHostingWouldBuy] += lostWouldBuy;
  counters[C.lostBounceWouldBuy] += bouncedWouldBuy;
  counters[C.leftAfterVisit] += left;
  counters[C.consultRequests] += requests;
  counters[C.directAttempts] += directs;
  counters[C.peakSessions] = Math.max(counters[C.peakSessions], peak);
  const firstFull = memory.k.hostingFirstFull();
  keepEarliest(counters, C.firstFullMin, firstFull);
  return {
    requestCount: requests,
    requestAt,
    requestConsulterAt,
    directCount: directs,
    lostHostingBySlot: memory.u32(lostAt, slots).slice(),
    peakSessionsBySlot: memory.u32(peakAt, slots).slice(),
    get requestMin() {
      return memory.f64(requestAt, requests);
    },
    get requestConsulter() {
      return memory.i32(requestConsulterAt, requests);
    },
    get directMin() {
      return memory.f64(directAt, directs);
    },
    get directVisitor() {
      return memory.i32(directVisitorAt, directs);
    },
  };
}

/** What a site's failures are: outage windows and people who come back once. */
export interface Failures {
  seed: number;
  replication: number;
  /** [from, to) minute pairs, ascending, disjoint. */
  outageMin: Float64Array;
  retryShare: number;
  retryDelay: CompiledDist;
}

/** Visitors per unit of the returns' stream. */
const RETURN_BLOCK = 1 << 16;

/**
 * Each visitor's own return, drawn whether or not it is ever turned away (so a capacity
 * changes who is turned away, never what each would do): with probability retryShare it comes
 * back after a delay from retryDelay, else never (−1). Streams by block of visitors.
 */
function returnDelays(v: Visitors, f: Failures): number {
  const n = v.count;
  const memory = kernelMemory();
  const at = memory.alloc(4 * n);
  const delays = memory.f32(at, n);
  for (let lo = 0; lo < n; lo += RETURN_BLOCK) {
    const state = streamState(f.seed, f.replication, Stream.returns, lo / RETURN_BLOCK);
    const sample = bindSampler(f.retryDelay, state);
    const hi = Math.min(n, lo + RETURN_BLOCK);
    for (let i = lo; i < hi; i++) {
      const back = nextUnit(state) < f.retryShare;
      const d = sample();
      delays[i] = back ? d : -1;
    }
  }
  return at;
}
