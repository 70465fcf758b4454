import type { Attempts } from "../../model/stage.js";
import { bindSampler, type CompiledDist } from "../../rng/samplers.js";
import { Stream, streamState } from "../../rng/streams.js";
import { kernelMemory } from "../../wasm/kernels.js";
import { CONSULTER_SHIFT, Route } from "../codes.js";
import { C } from "../counters.js";
import { delaysOf } from "../delays.js";
import type { Plan } from "../plan.js";
import type { ConsultOutcome } from "./consult.js";
import type { SiteExits } from "./hosting.js";
import { VISITOR_BLOCK, type Visitors } from "./visit.js";

// Delays between stages (segments' consultDelay and purchaseDelay). A delayed request or
// attempt whose moment falls at or after the end of the horizon is pending: not lost, not
// bought, counted on its own (pendingConsult, pendingPurchase). A person with no delay (a
// segment without one, or a draw of 0) is followed as before, past the horizon included.

const consults = (r: number) => (r & Route.intentMask) === Route.consult;
/** Whether a visitor of this route decides to buy: directly, or after a consultation. */
const buys = (r: number) => {
  const intent = r & Route.intentMask;
  return intent === Route.direct || (intent === Route.consult && (r & Route.closes) !== 0);
};

/**
 * Each visitor's delay of one kind (0 where none), by visitor index: drawn from the visitor's
 * own stream (`stream`, by block of VISITOR_BLOCK visitors), in visitor order, for the visitors
 * it concerns (`takes`: their own intent and close draws) in segments that have one. Never
 * depends on a capacity, so variants that differ in site, consultants or stock see the same
 * delays (common random numbers).
 */
export function drawDelays(
  plan: Plan,
  replication: number,
  v: Visitors,
  per: readonly (CompiledDist | null)[],
  stream: number,
  takes: (route: number) => boolean,
): Float32Array {
  const n = v.count;
  const delay = new Float32Array(n);
  const route = v.route;
  const category = v.category;
  const segment = plan.categorySegment;
  for (let lo = 0; lo < n; lo += VISITOR_BLOCK) {
    const state = streamState(plan.seed, replication, stream, lo / VISITOR_BLOCK);
    const samplers = per.map((d) => (d === null ? null : bindSampler(d, state)));
    const hi = Math.min(n, lo + VISITOR_BLOCK);
    for (let i = lo; i < hi; i++) {
      const sample = samplers[segment[category[i]]];
      if (sample !== null && takes(route[i])) delay[i] = sample();
    }
  }
  return delay;
}

/** The visitor index of each consulter rank (see Visitors.patienceMin). */
function consulterVisitors(v: Visitors): Int32Array {
  const visitor = new Int32Array(v.byIntent[Route.consult]);
  const route = v.route;
  for (let i = 0, k = 0; i < v.count; i++) if (consults(route[i])) visitor[k++] = i;
  return visitor;
}

/** Indices 0..n-1 ordered by minute (ties: by index, so earlier-listed first). */
function byMinute(minute: Float64Array, n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => minute[a] - minute[b] || a - b,
  );
}

/**
 * The consultation requests with each consulter's consultDelay added, in time order (as the
 * consult kernel reads them), without those pending at the end of the horizon (counted in
 * pendingConsult). Columns in kernel memory, as SiteExits'; the direct attempts are exits' own.
 */
export function delayRequests(
  plan: Plan,
  replication: number,
  v: Visitors,
  exits: SiteExits,
  counters: Float64Array,
): SiteExits {
  const per = delaysOf(plan)?.consult;
  if (!per) return exits;
  const delay = drawDelays(plan, replication, v, per, Stream.consultDelay, consults);
  const visitorOf = consulterVisitors(v);
  const n = exits.requestCount;
  const at = exits.requestMin;
  const asker = exits.requestConsulter;
  const horizon = plan.horizonMin;
  const minute = new Float64Array(n);
  const who = new Int32Array(n);
  let kept = 0;
  for (let r = 0; r < n; r++) {
    const w = asker[r];
    const wait = delay[visitorOf[w >>> CONSULTER_SHIFT]];
    const t = at[r] + wait;
    if (wait > 0 && t >= horizon) continue;
    minute[kept] = t;
    who[kept++] = w;
  }
  const order = byMinute(minute, kept);
  const memory = kernelMemory();
  const requestAt = memory.alloc(8 * kept);
  const requestConsulterAt = memory.alloc(4 * kept);
  const sortedMin = memory.f64(requestAt, kept);
  const sortedWho = memory.i32(requestConsulterAt, kept);
  for (let k = 0; k < kept; k++) {
    sortedMin[k] = minute[order[k]];
    sortedWho[k] = who[order[k]];
  }
  counters[C.pendingConsult] += n - kept;
  // Everything else (the direct attempts, the losses by hour, …) is exits' own.
  return Object.create(exits, {
    requestCount: { value: kept },
    requestAt: { value: requestAt },
    requestConsulterAt: { value: requestConsulterAt },
    requestMin: { get: () => memory.f64(requestAt, kept) },
    requestConsulter: { get: () => memory.i32(requestConsulterAt, kept) },
  }) as SiteExits;
}

/**
 * Every purchase attempt, direct and after a consultation, each made its buyer's
 * purchaseDelay after the decision (the end of the visit, or of the consultation), merged in
 * time order (direct ones win ties, as without delays), with who makes each; those pending at
 * the end of the horizon are left out (counted in pendingPurchase). Needs who makes each
 * direct attempt and each attempt after a consultation (hosting and consult withVisitors).
 */
export function delayedAttempts(
  plan: Plan,
  replication: number,
  v: Visitors,
  exits: SiteExits,
  consulted: ConsultOutcome,
  counters: Float64Array,
): Attempts {
  const per = delaysOf(plan)?.purchase;
  if (!per) throw new Error("delayedAttempts: the plan has no purchaseDelay");
  const delay = drawDelays(plan, replication, v, per, Stream.purchaseDelay, buys);
  const visitorOf = consulterVisitors(v);
  const nDirect = exits.directCount;
  const nConsult = consulted.attemptCount;
  const horizon = plan.horizonMin;
  const minute = new Float64Array(nDirect + nConsult);
  const visitor = new Int32Array(nDirect + nConsult);
  let kept = 0;
  const keep = (decided: number, who: number) => {
    const wait = delay[who];
    const t = decided + wait;
    if (wait > 0 && t >= horizon) return;
    minute[kept] = t;
    visitor[kept++] = who;
  };
  const direct = exits.directMin;
  const directVisitor = exits.directVisitor;
  for (let i = 0; i < nDirect; i++) keep(direct[i], directVisitor[i]);
  const after = consulted.attemptMin;
  const attemptConsulter = consulted.attemptConsulter;
  for (let c = 0; c < nConsult; c++) keep(after[c], visitorOf[attemptConsulter[c]]);
  counters[C.pendingPurchase] += nDirect + nConsult - kept;
  const order = byMinute(minute, kept);
  return {
    count: kept,
    minute: Float64Array.from(order, (i) => minute[i]),
    visitor: Int32Array.from(order, (i) => visitor[i]),
  };
}
