import { kernelMemory, MAX_KERNEL_BYTES } from "../wasm/kernels.js";
import { C, newCounters } from "./counters.js";
import { expectedClicks, type Plan } from "./plan.js";
import { orderClicks } from "./stages/click.js";
import { consult } from "./stages/consult.js";
import { hosting } from "./stages/hosting.js";
import { purchase } from "./stages/purchase.js";
import { BLOCK_AGENTS, type ClickBlock, reachBlock } from "./stages/reach.js";
import { drawVisitors, type Visitors } from "./stages/visit.js";

/** Counters and hour-by-hour figures of one simulated run (one replication). */
export interface RunResult {
  replication: number;
  /** Indexed by C (see counters.ts). */
  counters: Float64Array;
  clicksBySlot: Uint32Array;
  lostHostingBySlot: Uint32Array;
  lostAbandonBySlot: Uint32Array;
  lostStockBySlot: Uint32Array;
  /** Clicks of each channel (scenario order): what bought and owned reach each brought. */
  clicksByChannel: Float64Array;
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
 * (13), a request or direct attempt (12) and a purchase attempt after consulting (8).
 */
export const BYTES_PER_VISITOR = 42;

/**
 * Fails at once, before any drawing, for a run bigger than one thread's kernels can hold
 * (a wasm32 memory addresses 4 GiB: ~100 M visitors in one run).
 */
export function assertFits(plan: Plan): void {
  const visitors = expectedClicks(plan);
  if (visitors * BYTES_PER_VISITOR > MAX_KERNEL_BYTES)
    throw new RangeError(
      `this run expects ${Math.round(visitors / 1e6)} M visitors (marketing.channels.*.reach × click rate); one run holds at most ${Math.floor(MAX_KERNEL_BYTES / BYTES_PER_VISITOR / 1e6)} M, since each thread's kernels address 4 GiB. Lower the reach, or model the campaign as several smaller runs (e.g. one per channel).`,
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

/** The serve kernels on drawn visitors: hosting → consult → purchase. */
function serveVisitors(plan: Plan, replication: number, drawn: Drawn): RunResult {
  const { visitors } = drawn;
  const counters = newCounters();
  for (const ch of plan.channels) counters[C.reached] += ch.reach;
  // Each variant's exits go where the last variant's were: the visitors' columns stay.
  const memory = kernelMemory();
  const mark = memory.mark();
  const exits = hosting(visitors, plan.siteCapacity, plan.meanSessionMin, counters);
  const consulted = consult(plan, visitors, exits, counters);
  const lostStockBySlot = new Uint32Array(visitors.clicksBySlot.length);
  purchase(plan, exits, consulted, counters, lostStockBySlot);
  memory.release(mark);
  return {
    replication,
    counters,
    clicksBySlot: visitors.clicksBySlot,
    lostHostingBySlot: exits.lostHostingBySlot,
    lostAbandonBySlot: consulted.lostAbandonBySlot,
    lostStockBySlot,
    clicksByChannel: drawn.clicksByChannel.slice(),
  };
}
