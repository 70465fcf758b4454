import { nextExponential } from "../../rng/exponential.js";
import { bindSampler, Dist } from "../../rng/samplers.js";
import { nextUnit } from "../../rng/sfc32.js";
import { Stream, streamState } from "../../rng/streams.js";
import type { Plan } from "../plan.js";
import { Route } from "../route.js";
import { scratch } from "../scratch.js";
import type { Clicks } from "./click.js";

/** Visitors per unit of work for their own draws, keyed by (seed, replication, block). */
export const VISITOR_BLOCK = 1 << 16;

/** Every visitor (click) in arrival order with its own draws: what the capacity passes read. */
export interface Visitors extends Clicks {
  route: Uint8Array;
  sessionMin: Float32Array;
  /** Only drawn for visitors who intend to consult (0 otherwise). */
  patienceMin: Float32Array;
  handleMin: Float32Array;
  /** Visitors by intent (indexed by Route.leave, consult, direct): sizes the exit columns. */
  byIntent: Uint32Array;
}

/**
 * Each visitor's own draws, in this order: bounce, intent, (when it will consult) close,
 * session length and (when it will consult) patience and handle time. They depend on (seed,
 * replication, visitor) and on the marketing and segment inputs only, never on a capacity, so
 * two scenarios that differ in site, consultants or stock see the same visitors (common random
 * numbers).
 */
export function drawVisitors(plan: Plan, replication: number, clicks: Clicks): Visitors {
  const n = clicks.count;
  const route = scratch("visit.route", Uint8Array, n);
  const sessionMin = scratch("visit.sessionMin", Float32Array, n);
  const patienceMin = scratch("visit.patienceMin", Float32Array, n);
  const handleMin = scratch("visit.handleMin", Float32Array, n);
  const byIntent = new Uint32Array(Route.intentMask + 1);
  for (let lo = 0; lo < n; lo += VISITOR_BLOCK) {
    const hi = Math.min(n, lo + VISITOR_BLOCK);
    drawBlock(
      plan,
      streamState(plan.seed, replication, Stream.visitors, lo / VISITOR_BLOCK),
      clicks.category,
      lo,
      hi,
      route,
      sessionMin,
      patienceMin,
      handleMin,
      byIntent,
    );
  }
  return { ...clicks, route, sessionMin, patienceMin, handleMin, byIntent };
}

function drawBlock(
  plan: Plan,
  s: Int32Array,
  category: Uint8Array,
  lo: number,
  hi: number,
  route: Uint8Array,
  sessionMin: Float32Array,
  patienceMin: Float32Array,
  handleMin: Float32Array,
  byIntent: Uint32Array,
): void {
  const { categorySegment, consultProb, directProb, closeProb, bounceProb } = plan;
  // Exponential (the common case) is inlined; other shapes go through the bound samplers.
  const sessionMean = plan.session.kind === Dist.exponential ? plan.session.a : 0;
  const patienceMean = plan.patience.kind === Dist.exponential ? plan.patience.a : 0;
  const handleMean = plan.handleTime.kind === Dist.exponential ? plan.handleTime.a : 0;
  const session = bindSampler(plan.session, s);
  const patience = bindSampler(plan.patience, s);
  const handle = bindSampler(plan.handleTime, s);
  for (let i = lo; i < hi; i++) {
    const seg = categorySegment[category[i]];
    const bounced = nextUnit(s) < bounceProb;
    const uIntent = nextUnit(s);
    const consultP = consultProb[seg];
    let r: number =
      uIntent < consultP
        ? Route.consult
        : uIntent < consultP + (1 - consultP) * directProb[seg]
          ? Route.direct
          : Route.leave;
    byIntent[r]++;
    const consults = r === Route.consult;
    // Whether a consultation would close is drawn only for those who will ask for one.
    if (consults && nextUnit(s) < closeProb[seg]) r |= Route.closes;
    if (bounced) r |= Route.bounce;
    route[i] = r;
    sessionMin[i] = sessionMean > 0 ? sessionMean * nextExponential(s) : session();
    if (consults) {
      patienceMin[i] = patienceMean > 0 ? patienceMean * nextExponential(s) : patience();
      handleMin[i] = handleMean > 0 ? handleMean * nextExponential(s) : handle();
    }
  }
}
