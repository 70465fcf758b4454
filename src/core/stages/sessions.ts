import { kernelMemory } from "../../wasm/kernels.js";
import { CONSULTER_SHIFT, Route } from "../codes.js";
import { C } from "../counters.js";
import type { Plan } from "../plan.js";
import type { ConsultOutcome } from "./consult.js";
import type { SiteExits } from "./hosting.js";
import type { Visitors } from "./visit.js";

/** The requests consultants take, and the attempts of those who bought after a session. */
export interface Booked {
  /** The requests left to the consultants: SiteExits' columns without the booked ones. */
  rest: SiteExits;
  /** Minute of each purchase attempt after a session (its end), and the consulter's rank. */
  attemptMin: Float64Array;
  attemptConsulter: Int32Array;
}

/**
 * Consultations held at set times for many at once (a webinar, a group demo). Requests come in
 * time order; each books the first session still to come with a free seat that starts within
 * its patience, and is consulted there: it decides at the session's end, buying with its own
 * close draw. The rest wait for the consultants as before. A booked request has not queued for
 * anyone, so it is not part of the waiting figures. Those with no session are `rest`, in the
 * same order, as the consult kernel reads them.
 */
export function bookSessions(
  plan: Plan,
  v: Visitors,
  requests: SiteExits,
  counters: Float64Array,
): Booked {
  const start = plan.sessionStartMin;
  const seatsLeft = plan.sessionSeats.slice();
  const length = plan.sessionLengthMin;
  const sessions = start.length;
  const n = requests.requestCount;
  const memory = kernelMemory();
  // Allocate before taking any view: growing the memory detaches the views made before.
  const restAt = memory.alloc(8 * n);
  const restWhoAt = memory.alloc(4 * n);
  const at = requests.requestMin;
  const asker = requests.requestConsulter;
  const patience = v.patienceMin;
  const restMin = memory.f64(restAt, n);
  const restWho = memory.i32(restWhoAt, n);
  const attemptMin: number[] = [];
  const attemptConsulter: number[] = [];
  let kept = 0;
  let booked = 0;
  let first = 0; // the first session not started by the current request
  for (let r = 0; r < n; r++) {
    const t = at[r];
    const who = asker[r];
    const rank = who >>> CONSULTER_SHIFT;
    while (first < sessions && start[first] < t) first++;
    let s = first;
    while (s < sessions && (seatsLeft[s] <= 0 || start[s] - t > patience[rank])) {
      // Sessions are in time order: once one starts beyond its patience, so do the rest.
      if (start[s] - t > patience[rank]) {
        s = sessions;
        break;
      }
      s++;
    }
    if (s < sessions) {
      seatsLeft[s]--;
      booked++;
      if (who & Route.closes) {
        attemptMin.push(start[s] + length[s]);
        attemptConsulter.push(rank);
      }
    } else {
      restMin[kept] = t;
      restWho[kept++] = who;
    }
  }
  counters[C.consultedInSession] += booked;
  counters[C.consulted] += booked;
  counters[C.consultPurchaseAttempts] += attemptMin.length;
  counters[C.notClosed] += booked - attemptMin.length;
  const rest = Object.create(requests, {
    requestCount: { value: kept },
    requestAt: { value: restAt },
    requestConsulterAt: { value: restWhoAt },
    requestMin: { get: () => memory.f64(restAt, kept) },
    requestConsulter: { get: () => memory.i32(restWhoAt, kept) },
  }) as SiteExits;
  return {
    rest,
    attemptMin: Float64Array.from(attemptMin),
    attemptConsulter: Int32Array.from(attemptConsulter),
  };
}

/** The consultants' outcome with the sessions' attempts added (order does not matter). */
export function withSessionAttempts(consulted: ConsultOutcome, booked: Booked): ConsultOutcome {
  const count = consulted.attemptCount + booked.attemptMin.length;
  const minute = new Float64Array(count);
  minute.set(consulted.attemptMin);
  minute.set(booked.attemptMin, consulted.attemptCount);
  const who = new Int32Array(count);
  if (consulted.attemptConsulter.length === consulted.attemptCount) {
    who.set(consulted.attemptConsulter);
    who.set(booked.attemptConsulter, consulted.attemptCount);
  }
  return Object.create(consulted, {
    attemptCount: { value: count },
    attemptMin: { value: minute },
    attemptConsulter: { value: who },
  }) as ConsultOutcome;
}
