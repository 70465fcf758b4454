import { C, newCounters } from "./counters.js";
import type { Plan } from "./plan.js";
import { orderClicks } from "./stages/click.js";
import { consult } from "./stages/consult.js";
import { hosting } from "./stages/hosting.js";
import { purchase } from "./stages/purchase.js";
import { BLOCK_AGENTS, type ClickBlock, reachBlock } from "./stages/reach.js";
import { drawVisitors } from "./stages/visit.js";

/** Counters and hour-by-hour figures of one simulated run (one replication). */
export interface RunResult {
  replication: number;
  /** Indexed by C (see counters.ts). */
  counters: Float64Array;
  clicksBySlot: Uint32Array;
  lostHostingBySlot: Uint32Array;
  lostAbandonBySlot: Uint32Array;
  lostStockBySlot: Uint32Array;
}

/**
 * The one ordered list of stages. Draw kernels first (reach: who clicks and each clicker's own
 * draws, block by block; click: arrival order), then the serve kernels in time order, which
 * use no randomness of their own: hosting → consult → purchase.
 */
export function simulate(plan: Plan, replication = 0): RunResult {
  const counters = newCounters();
  const blocks: ClickBlock[] = [];
  plan.channels.forEach((ch, c) => {
    counters[C.reached] += ch.reach;
    for (let b = 0; b * BLOCK_AGENTS < ch.reach; b++)
      blocks.push(
        reachBlock(plan, replication, c, b, Math.min(BLOCK_AGENTS, ch.reach - b * BLOCK_AGENTS)),
      );
  });
  const visitors = drawVisitors(plan, replication, orderClicks(plan, replication, blocks));
  blocks.length = 0; // let the per-block columns go before the capacity passes
  const exits = hosting(visitors, plan.siteCapacity, plan.meanSessionMin, counters);
  const consulted = consult(plan, visitors, exits, counters);
  const lostStockBySlot = new Uint32Array(visitors.clicksBySlot.length);
  purchase(plan, exits, consulted, counters, lostStockBySlot);
  return {
    replication,
    counters,
    clicksBySlot: visitors.clicksBySlot,
    lostHostingBySlot: exits.lostHostingBySlot,
    lostAbandonBySlot: consulted.lostAbandonBySlot,
    lostStockBySlot,
  };
}
