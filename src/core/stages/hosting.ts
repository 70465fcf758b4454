import { Calendar } from "../capacity/calendar.js";
import { C } from "../counters.js";
import { SLOT_MIN } from "../plan.js";
import { Route, wouldBuy } from "../route.js";
import { scratch } from "../scratch.js";
import type { Visitors } from "./visit.js";

/** What leaves the site, in time order: consultation requests and direct purchase attempts. */
export interface SiteExits {
  requestCount: number;
  /** Minute each consultation request is made (session end), ascending. */
  requestMin: Float64Array;
  /** Visitor index of each request. */
  requestVisitor: Int32Array;
  directCount: number;
  /** Minute of each direct purchase attempt, ascending. */
  directMin: Float64Array;
  lostHostingBySlot: Uint32Array;
}

/**
 * IT/hosting as a loss system: `capacity` concurrent sessions. Visitors arrive in time order;
 * a session that ends at or before an arrival frees its slot first; an arrival that finds
 * every slot busy is lost to hosting. Bounced visitors are served but hold no slot. Session
 * ends pop from the calendar in time order, so the exits need no sort.
 */
export function hosting(
  v: Visitors,
  capacity: number,
  meanSessionMin: number,
  counters: Float64Array,
): SiteExits {
  const n = v.count;
  const arrival = v.arrivalMin;
  const session = v.sessionMin;
  const route = v.route;
  const consultMax = v.byIntent[Route.consult];
  const directMax = v.byIntent[Route.direct];
  const requestMin = scratch("hosting.requestMin", Float64Array, consultMax);
  const requestVisitor = scratch("hosting.requestVisitor", Int32Array, consultMax);
  const directMin = scratch("hosting.directMin", Float64Array, directMax);
  const lostHostingBySlot = new Uint32Array(v.clicksBySlot.length);
  // About one session end per bucket at the busiest hour, and a wheel spanning ~8 mean sessions.
  let busiest = 1;
  for (const c of v.clicksBySlot) if (c > busiest) busiest = c;
  const bucketMin = SLOT_MIN / busiest;
  const sessions = new Calendar(
    bucketMin,
    Math.min(1 << 20, Math.ceil((8 * meanSessionMin) / bucketMin) + 1),
    Math.min(capacity, n) + 1,
  );

  let requests = 0;
  let directs = 0;
  let left = 0;
  let lost = 0;
  let bounced = 0;
  let lostWouldBuy = 0;
  let bouncedWouldBuy = 0;
  let peak = 0;
  // Arrival n is a sentinel at +Infinity: it drains every session still open.
  for (let i = 0; i <= n; i++) {
    const t = i < n ? arrival[i] : Number.MAX_VALUE;
    for (let visitor = sessions.popDue(t); visitor >= 0; visitor = sessions.popDue(t)) {
      const endMin = sessions.lastEnd;
      const intent = route[visitor] & Route.intentMask;
      if (intent === Route.consult) {
        requestMin[requests] = endMin;
        requestVisitor[requests++] = visitor;
      } else if (intent === Route.direct) directMin[directs++] = endMin;
      else left++;
    }
    if (i === n) break;
    if (sessions.size >= capacity) {
      lost++;
      if (wouldBuy(route[i])) lostWouldBuy++;
      lostHostingBySlot[Math.floor(t / SLOT_MIN)]++;
    } else if (route[i] & Route.bounce) {
      bounced++;
      if (wouldBuy(route[i])) bouncedWouldBuy++;
    } else {
      sessions.insert(i, t + session[i]);
      if (sessions.size > peak) peak = sessions.size;
    }
  }

  counters[C.clicked] += n;
  counters[C.lostHosting] += lost;
  counters[C.served] += n - lost;
  counters[C.lostBounce] += bounced;
  counters[C.lostHostingWouldBuy] += lostWouldBuy;
  counters[C.lostBounceWouldBuy] += bouncedWouldBuy;
  counters[C.leftAfterVisit] += left;
  counters[C.consultRequests] += requests;
  counters[C.directAttempts] += directs;
  counters[C.peakSessions] = Math.max(counters[C.peakSessions], peak);
  return {
    requestCount: requests,
    requestMin,
    requestVisitor,
    directCount: directs,
    directMin,
    lostHostingBySlot,
  };
}
