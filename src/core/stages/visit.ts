import { bindSampler } from "../../rng/samplers.js";
import { Stream, streamState } from "../../rng/streams.js";
import { At, kernelMemory } from "../../wasm/kernels.js";
import { Route } from "../codes.js";
import type { Plan } from "../plan.js";
import type { Clicks } from "./click.js";

/** Visitors per unit of work for their own draws, keyed by (seed, replication, block). */
export const VISITOR_BLOCK = 1 << 16;

/**
 * Every visitor (click) in arrival order with its own draws: what the capacity passes read.
 * Columns in kernel memory, as Clicks'.
 */
export interface Visitors extends Clicks {
  route: Uint8Array;
  routeAt: number;
  sessionMin: Float32Array;
  sessionAt: number;
  /** Per visitor who intends to consult, in arrival order: the k-th consulter's at k. */
  patienceMin: Float32Array;
  patienceAt: number;
  handleMin: Float32Array;
  handleAt: number;
  /** Visitors by intent (indexed by Route.leave, consult, direct): sizes the exit columns. */
  byIntent: Uint32Array;
}

/**
 * Each visitor's own draws, in this order: bounce, intent, (when it will consult) close,
 * session length and (when it will consult) patience and handle time. They depend on (seed,
 * replication, visitor) and on the marketing and segment inputs only, never on a capacity, so
 * two scenarios that differ in site, consultants or stock see the same visitors (common random
 * numbers). The loop is a WebAssembly kernel (src/wasm/assembly/visit.ts): exponential, fixed
 * and uniform times are drawn there, lognormal and gamma by stdlib's samplers here, on the
 * same stream.
 */
export function drawVisitors(plan: Plan, replication: number, clicks: Clicks): Visitors {
  const n = clicks.count;
  const memory = kernelMemory();
  const routeAt = memory.alloc(n);
  const sessionAt = memory.alloc(4 * n);
  const patienceAt = memory.alloc(4 * n);
  const handleAt = memory.alloc(4 * n);
  const segments = plan.consultProb.length;
  if (plan.categorySegment.length > 256 || segments > 256)
    throw new RangeError("at most 256 audience categories and 256 segments");
  memory.u8(At.categorySegment, plan.categorySegment.length).set(plan.categorySegment);
  memory.f64(At.consultProb, segments).set(plan.consultProb);
  memory.f64(At.directProb, segments).set(plan.directProb);
  memory.f64(At.closeProb, segments).set(plan.closeProb);
  const counted = memory.u32(At.byIntent, Route.intentMask + 1);
  counted.fill(0);
  const { session, patience, handleTime } = plan;
  memory.f64(At.dists, 9).set([session, patience, handleTime].flatMap((d) => [d.kind, d.a, d.b]));
  memory.k.setDists(At.dists);
  // The kernel puts the stream's state at At.state before it asks for one of these draws.
  // stdlib's samplers take a draw from the stream when made (to seed their own), so they are
  // made for each block, after its state is in place.
  const state = memory.i32(At.state, 4);
  let samplers: Array<() => number> = [];
  memory.hostSample = (which) => samplers[which]();
  for (let lo = 0; lo < n; lo += VISITOR_BLOCK) {
    state.set(streamState(plan.seed, replication, Stream.visitors, lo / VISITOR_BLOCK));
    samplers = [session, patience, handleTime].map((d) => bindSampler(d, state));
    memory.k.drawVisitors(
      At.state,
      lo,
      Math.min(n, lo + VISITOR_BLOCK),
      clicks.categoryAt,
      At.categorySegment,
      At.consultProb,
      At.directProb,
      At.closeProb,
      plan.bounceProb,
      routeAt,
      sessionAt,
      patienceAt,
      handleAt,
      At.byIntent,
    );
  }
  const byIntent = counted.slice();
  return {
    count: n,
    arrivalAt: clicks.arrivalAt,
    categoryAt: clicks.categoryAt,
    clicksBySlot: clicks.clicksBySlot,
    routeAt,
    sessionAt,
    patienceAt,
    handleAt,
    byIntent,
    get arrivalMin() {
      return memory.f64(clicks.arrivalAt, n);
    },
    get category() {
      return memory.u8(clicks.categoryAt, n);
    },
    get route() {
      return memory.u8(routeAt, n);
    },
    get sessionMin() {
      return memory.f32(sessionAt, n);
    },
    get patienceMin() {
      return memory.f32(patienceAt, byIntent[Route.consult]);
    },
    get handleMin() {
      return memory.f32(handleAt, byIntent[Route.consult]);
    },
  };
}
