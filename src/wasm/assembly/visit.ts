// Each visitor's own draws: the kernel of src/core/stages/visit.ts (read that file for the
// model; this one is its loop). Draw order per visitor: bounce, intent, (when it will consult)
// close, session length, and (when it will consult) patience and handle time.
import { Dist, Route } from "./codes.generated";
import { loadState, nextExponential, nextUnit, storeState } from "./rng";

/** A sampler of another shape (lognormal, gamma) on the host, drawing from the state in memory. */
declare function hostSample(which: i32): f64;

let statePtr: usize = 0;
// Session, patience and handle time: kind and two parameters each, as CompiledDist.
let kind0: i32 = 0;
let kind1: i32 = 0;
let kind2: i32 = 0;
let a0: f64 = 0;
let a1: f64 = 0;
let a2: f64 = 0;
let b0: f64 = 0;
let b1: f64 = 0;
let b2: f64 = 0;

/**
 * Session, patience and handle time, read from `at`: nine f64, (kind, a, b) each, as
 * CompiledDist (the host writes them there; one block, not a parameter list to copy).
 */
export function setDists(at: usize): void {
  kind0 = <i32>load<f64>(at);
  a0 = load<f64>(at, 8);
  b0 = load<f64>(at, 16);
  kind1 = <i32>load<f64>(at, 24);
  a1 = load<f64>(at, 32);
  b1 = load<f64>(at, 40);
  kind2 = <i32>load<f64>(at, 48);
  a2 = load<f64>(at, 56);
  b2 = load<f64>(at, 64);
}

function sample(kind: i32, a: f64, b: f64, which: i32): f64 {
  if (kind === Dist.exponential) return a * nextExponential();
  if (kind === Dist.fixed || kind === Dist.never) return a;
  if (kind === Dist.uniform) return a + (b - a) * nextUnit();
  storeState(statePtr);
  const x = hostSample(which);
  loadState(statePtr);
  return x;
}

/**
 * Draws visitors lo..hi-1 from the stream whose state is at `state` (advanced in place).
 * Per segment: consultProb, directProb, closeProb (f64); categorySegment (u8) per category;
 * byIntent (u32 × 4) is added to. Route (u8) and session (f32) per visitor; patience and
 * handle time (f32) per consulter, the k-th consulter of the run at k.
 */
export function drawVisitors(
  state: usize,
  lo: i32,
  hi: i32,
  category: usize,
  categorySegment: usize,
  consultProb: usize,
  directProb: usize,
  closeProb: usize,
  bounceProb: f64,
  route: usize,
  sessionMin: usize,
  patienceMin: usize,
  handleMin: usize,
  byIntent: usize,
): void {
  statePtr = state;
  loadState(state);
  for (let i = lo; i < hi; i++) {
    const seg = (<usize>load<u8>(categorySegment + <usize>load<u8>(category + <usize>i))) << 3;
    const bounced = nextUnit() < bounceProb;
    const uIntent = nextUnit();
    const consultP = load<f64>(consultProb + seg);
    let r: i32 =
      uIntent < consultP
        ? Route.consult
        : uIntent < consultP + (1 - consultP) * load<f64>(directProb + seg)
          ? Route.direct
          : Route.leave;
    // Visitors of this intent before this one: for a consulter, its place in the consulters'
    // columns (patience, handle time), which stay dense (~1 in 5 visitors consults).
    const count = byIntent + ((<usize>r) << 2);
    const before = load<u32>(count);
    store<u32>(count, before + 1);
    const consults = r === Route.consult;
    if (consults && nextUnit() < load<f64>(closeProb + seg)) r |= Route.closes;
    if (bounced) r |= Route.bounce;
    store<u8>(route + <usize>i, <u8>r);
    store<f32>(sessionMin + ((<usize>i) << 2), <f32>sample(kind0, a0, b0, 0));
    if (consults) {
      store<f32>(patienceMin + ((<usize>before) << 2), <f32>sample(kind1, a1, b1, 1));
      store<f32>(handleMin + ((<usize>before) << 2), <f32>sample(kind2, a2, b2, 2));
    }
  }
  storeState(state);
}
