import type { AttemptContext, Attempts } from "../model/stage.js";
import { ATTEMPT_STAGES, STAGES, stageNeedsVisitors, stagePresent } from "../model/stages.js";
import { kernelMemory, MAX_KERNEL_BYTES } from "../wasm/kernels.js";
import { Route, SLOTS_PER_DAY } from "./codes.js";
import { C, newCounters } from "./counters.js";
import { delaysOf } from "./delays.js";
import { expectedClicks, type Plan, SLOT_MIN } from "./plan.js";
import { orderClicks } from "./stages/click.js";
import { type ConsultOutcome, consult } from "./stages/consult.js";
import { delayedAttempts, delayRequests } from "./stages/delays.js";
import { hosting, type SiteExits } from "./stages/hosting.js";
import { BLOCK_AGENTS, type ClickBlock, reachBlock } from "./stages/reach.js";
import { bookSessions, withSessionAttempts } from "./stages/sessions.js";
import { drawVisitors, type Visitors } from "./stages/visit.js";

/** Counters and hour-by-hour figures of one simulated run (one replication). */
export interface RunResult {
  replication: number;
  /** Indexed by C (see counters.ts). */
  counters: Float64Array;
  clicksBySlot: Uint32Array;
  /**
   * Per capacity limit (CapacityDeclaration.lostBySlot: "lostHosting", "lostAbandon",
   * "lostStock", …), the people it turned away in each hour slot.
   */
  lostBySlot: Record<string, Uint32Array>;
  /** With plan.resolutionMin: clicks per period of that many minutes. */
  clicksByPeriod?: Uint32Array;
  /** Clicks of each channel (scenario order): what bought and owned reach each brought. */
  clicksByChannel: Float64Array;
  /** Most sessions open at once on the site in each hour slot (at most the site's capacity). */
  peakSessionsBySlot: Uint32Array;
  /**
   * Minutes waited in the consultants' queue in each hour slot, summed over the requests
   * waiting (÷ 60: the mean number waiting in that hour).
   */
  queueMinBySlot: Float64Array;
  /**
   * Consultant-minutes busy in each hour slot, counted as utilisation counts them: on duty and
   * inside the horizon (÷ 60: the mean number of consultants busy in that hour).
   */
  busyMinBySlot: Float64Array;
  /** Consultant-minutes on duty in each hour slot, from the shifts (Infinity: unlimited). */
  onDutyMinBySlot: Float64Array;
  /**
   * Per-day columns the stages after the decision to buy record (AttemptContext.byDay): the
   * stock's `stockLeft` (units on the shelf at the end of each day; Infinity: unlimited) and
   * `restocked` (units delivered that day).
   */
  byDay: Record<string, Float64Array>;
}

/** One unit of reach work: a block of a channel's reached people. */
export interface ReachUnit {
  channel: number;
  block: number;
  agents: number;
}

/** The reach blocks of a plan, in block order (channel, then block): the order results merge in. */
export function reachUnits(plan: Plan): ReachUnit[] {
  const units: ReachUnit[] = [];
  plan.channels.forEach((ch, channel) => {
    for (let block = 0; block * BLOCK_AGENTS < ch.reach; block++)
      units.push({
        channel,
        block,
        agents: Math.min(BLOCK_AGENTS, ch.reach - block * BLOCK_AGENTS),
      });
  });
  return units;
}

/**
 * The one ordered list of stages. Draw kernels first (reach: who clicks, in which category
 * and hour, block by block; click: arrival order; visit: each visitor's own draws), then the
 * serve kernels in time order, which use no randomness of their own: hosting → consult →
 * purchase.
 */
export function simulate(plan: Plan, replication = 0): RunResult {
  assertFits(plan);
  return serve(plan, replication, drawReach(plan, replication));
}

/**
 * Everything after reach, given the reach blocks in block order (computed here or on worker
 * threads: a block's result does not depend on where it ran).
 */
export function serve(plan: Plan, replication: number, blocks: ClickBlock[]): RunResult {
  return serveVisitors(plan, replication, drawVisitorsOf(plan, replication, blocks));
}

/**
 * Several plans that differ only in capacities (site, consultants, stock) on the same
 * visitors: drawn once, served once per plan. Same results as simulate() on each plan,
 * because a visitor's draws never depend on a capacity.
 */
export function simulateVariants(plans: readonly Plan[], replication: number): RunResult[] {
  assertFits(plans[0]);
  const visitors = drawVisitorsOf(plans[0], replication, drawReach(plans[0], replication));
  return plans.map((plan) => serveVisitors(plan, replication, visitors));
}

/**
 * Kernel memory per visitor, at most: click time and category (9 bytes), the visitor's draws
 * (13), a request or direct attempt (12) and a purchase attempt after consulting (8); 4 more
 * when a stage after the decision to buy reads who makes each attempt.
 */
export const BYTES_PER_VISITOR = 42;

/** Kernel memory per visitor of this plan's runs, at most (see BYTES_PER_VISITOR). */
export function bytesPerVisitor(plan: Plan): number {
  const readsWho = ATTEMPT_STAGES.some((s) => stagePresent(s, plan) && stageNeedsVisitors(s, plan));
  // Delays: a purchaseDelay reads who makes each attempt; a consultDelay re-sorts the requests.
  const delays = delaysOf(plan);
  return BYTES_PER_VISITOR + (readsWho || delays?.purchase ? 4 : 0) + (delays?.consult ? 12 : 0);
}

/**
 * Fails at once, before any drawing, for a run bigger than one thread's kernels can hold
 * (a wasm32 memory addresses 4 GiB: ~100 M visitors in one run).
 */
export function assertFits(plan: Plan): void {
  const visitors = expectedClicks(plan);
  const bytes = bytesPerVisitor(plan);
  if (visitors * bytes > MAX_KERNEL_BYTES)
    throw new RangeError(
      `this run expects ${Math.round(visitors / 1e6)} M visitors (marketing.channels.*.reach × click rate); one run holds at most ${Math.floor(MAX_KERNEL_BYTES / bytes / 1e6)} M, since each thread's kernels address 4 GiB. Lower the reach, or model the campaign as several smaller runs (e.g. one per channel).`,
    );
}

/** All reach blocks of a run, drawn in this thread. */
function drawReach(plan: Plan, replication: number): ClickBlock[] {
  return reachUnits(plan).map((u) => reachBlock(plan, replication, u.channel, u.block, u.agents));
}

/** Visitors drawn for a run, and each channel's clicks among them. */
interface Drawn {
  visitors: Visitors;
  clicksByChannel: Float64Array;
}

/** Click ordering and each visitor's own draws, from the reach blocks (in reachUnits order). */
function drawVisitorsOf(plan: Plan, replication: number, blocks: ClickBlock[]): Drawn {
  kernelMemory().releaseAll(); // a new run: the last run's columns are free
  const clicksByChannel = new Float64Array(plan.channels.length);
  reachUnits(plan).forEach((u, i) => {
    clicksByChannel[u.channel] += blocks[i].count;
  });
  const visitors = drawVisitors(plan, replication, orderClicks(plan, replication, blocks));
  blocks.length = 0; // let the per-block columns go before the capacity passes
  return { visitors, clicksByChannel };
}

/** The serve kernels on drawn visitors: hosting → consult → the stages after the decision to buy. */
function serveVisitors(plan: Plan, replication: number, drawn: Drawn): RunResult {
  const { visitors } = drawn;
  const counters = newCounters();
  for (const ch of plan.channels) counters[C.reached] += ch.reach;
  // Each variant's exits go where the last variant's were: the visitors' columns stay.
  const memory = kernelMemory();
  const mark = memory.mark();
  const stages = ATTEMPT_STAGES.filter((s) => stagePresent(s, plan));
  // A purchaseDelay is its buyer's own: the attempts then carry who makes each.
  const delays = delaysOf(plan);
  const withVisitors = stages.some((s) => stageNeedsVisitors(s, plan)) || !!delays?.purchase;
  const { exits, requests } = siteRequests(plan, replication, visitors, counters, withVisitors);
  // Sessions held at set times (webinars) take the requests they can seat first.
  const booked =
    plan.sessionStartMin.length > 0 ? bookSessions(plan, visitors, requests, counters) : null;
  const served = consult(plan, visitors, booked ? booked.rest : requests, counters, withVisitors);
  const consulted = booked ? withSessionAttempts(served, booked) : served;
  const slots = visitors.clicksBySlot.length;
  const byDay: Record<string, Float64Array> = {};
  const lostBySlot: Record<string, Uint32Array> = {
    lostHosting: exits.lostHostingBySlot,
    lostAbandon: consulted.lostAbandonBySlot,
  };
  for (const stage of STAGES)
    if (stagePresent(stage, plan))
      for (const c of stage.capacity ?? []) lostBySlot[c.lostBySlot] ??= new Uint32Array(slots);
  let attempts = delays?.purchase
    ? delayedAttempts(plan, replication, visitors, exits, consulted, counters)
    : purchaseAttempts(visitors, exits, consulted, withVisitors);
  const segment = plan.categorySegment;
  const category = withVisitors ? visitors.category : new Uint8Array(0);
  const ctx: AttemptContext = {
    plan,
    replication,
    counters,
    C,
    segmentOf: (v) => segment[category[v]],
    lostBySlot: (name) => lostBySlot[name],
    byDay: (name) => {
      byDay[name] = new Float64Array(slots / SLOTS_PER_DAY);
      return byDay[name];
    },
  };
  for (const stage of stages) attempts = stage.serveAttempts?.(attempts, ctx) ?? attempts;
  memory.release(mark);
  return {
    replication,
    counters,
    clicksBySlot: visitors.clicksBySlot,
    ...(plan.resolutionMin ? { clicksByPeriod: clicksByPeriod(plan, visitors) } : {}),
    lostBySlot,
    clicksByChannel: drawn.clicksByChannel.slice(),
    peakSessionsBySlot: exits.peakSessionsBySlot,
    queueMinBySlot: consulted.queueMinBySlot,
    busyMinBySlot: consulted.busyMinBySlot,
    onDutyMinBySlot: onDutyMinBySlot(plan, slots),
    byDay,
  };
}

/**
 * Consultant-minutes on duty in each of `slots` hour slots, from the seats' on-duty intervals
 * (Infinity in every slot when consultants are unlimited).
 */
export function onDutyMinBySlot(plan: Plan, slots: number): Float64Array {
  const out = new Float64Array(slots);
  if (plan.seatCount === Infinity) return out.fill(Number.POSITIVE_INFINITY);
  const intervals = plan.seatIntervals;
  const horizon = slots * SLOT_MIN;
  for (let k = 0; k < plan.seatCount; k++)
    for (let p = plan.seatStart[k]; p < plan.seatStart[k + 1]; p++) {
      const to = Math.min(intervals[2 * p + 1], horizon);
      for (let from = intervals[2 * p]; from < to; ) {
        const s = Math.floor(from / SLOT_MIN);
        const end = Math.min(to, (s + 1) * SLOT_MIN);
        out[s] += end - from;
        from = end;
      }
    }
  return out;
}

/**
 * Every purchase attempt, direct and after a consultation, merged in time order; direct ones
 * win ties (they were decided before any consultation ending then). With `withVisitors`, who
 * makes each (a consulter's rank mapped to its visitor index by one pass over the routes).
 */
function purchaseAttempts(
  v: Visitors,
  exits: SiteExits,
  consulted: ConsultOutcome,
  withVisitors: boolean,
): Attempts {
  const direct = exits.directMin;
  const afterConsult = consulted.attemptMin;
  if (!withVisitors) return mergeAttempts(direct, afterConsult);
  const nDirect = exits.directCount;
  const nConsult = consulted.attemptCount;
  // Consultations end in any order: sort their attempts by time (by index: who comes along).
  const order = Uint32Array.from({ length: nConsult }, (_, i) => i);
  order.sort((a, b) => afterConsult[a] - afterConsult[b] || a - b);
  const n = nDirect + nConsult;
  const minute = new Float64Array(n);
  const visitor = new Int32Array(n);
  const consulterVisitor = new Int32Array(v.byIntent[Route.consult]);
  const route = v.route;
  for (let i = 0, k = 0; i < v.count; i++)
    if ((route[i] & Route.intentMask) === Route.consult) consulterVisitor[k++] = i;
  const directVisitor = exits.directVisitor;
  const attemptConsulter = consulted.attemptConsulter;
  let i = 0;
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (j >= nConsult || (i < nDirect && direct[i] <= afterConsult[order[j]])) {
      minute[k] = direct[i];
      visitor[k] = directVisitor[i];
      i++;
    } else {
      const c = order[j++];
      minute[k] = afterConsult[c];
      visitor[k] = consulterVisitor[attemptConsulter[c]];
    }
  }
  return { count: n, minute, visitor };
}

/**
 * Purchase attempts in time order, without who makes them: direct attempts (ascending) merged
 * with those after a consultation (any order; sorted here, in place).
 */
export function mergeAttempts(direct: Float64Array, afterConsult: Float64Array): Attempts {
  afterConsult.sort();
  const nDirect = direct.length;
  const nConsult = afterConsult.length;
  const minute = new Float64Array(nDirect + nConsult);
  let i = 0;
  let j = 0;
  for (let k = 0; k < minute.length; k++)
    minute[k] =
      j >= nConsult || (i < nDirect && direct[i] <= afterConsult[j])
        ? direct[i++]
        : afterConsult[j++];
  return { count: minute.length, minute, visitor: new Int32Array(0) };
}

/** Clicks per period of plan.resolutionMin minutes, from each visitor's arrival minute. */
function clicksByPeriod(plan: Plan, v: Visitors): Uint32Array {
  const width = plan.resolutionMin ?? SLOT_MIN;
  const counts = new Uint32Array(Math.ceil(plan.horizonMin / width));
  const arrival = v.arrivalMin;
  const last = counts.length - 1;
  for (let i = 0; i < v.count; i++) counts[Math.min(Math.floor(arrival[i] / width), last)]++;
  return counts;
}

/**
 * The site's pass over drawn visitors (hosting, with any outages and returns) and the
 * consultation requests it sends on (each moved by its consultDelay, re-sorted, those past the
 * horizon pending): what the consult stage is given.
 */
export function siteRequests(
  plan: Plan,
  replication: number,
  visitors: Visitors,
  counters: Float64Array,
  withVisitors: boolean,
): { exits: SiteExits; requests: SiteExits } {
  const exits = hosting(visitors, plan.siteCapacity, plan.meanSessionMin, counters, withVisitors, {
    seed: plan.seed,
    replication,
    outageMin: plan.outageMin,
    retryShare: plan.retryShare,
    retryDelay: plan.retryDelay,
  });
  const requests = delaysOf(plan)?.consult
    ? delayRequests(plan, replication, visitors, exits, counters)
    : exits;
  return { exits, requests };
}

/** Every visitor of replication `replication`, drawn in this thread (reach, click, visit). */
export function drawnVisitors(plan: Plan, replication: number): Visitors {
  assertFits(plan);
  return drawVisitorsOf(plan, replication, drawReach(plan, replication)).visitors;
}
