import { STAGES } from "../model/stages.js";
import { type CompiledDist, compileDist, meanOf } from "../rng/samplers.js";
import type { Scenario } from "../scenario/schema.js";
import { aliasTable } from "./aliasTable.js";
import { type SeatSchedule, seatSchedule } from "./capacity/seats.js";

import { DAY_MIN, SLOT_MIN } from "./codes.js";

export { DAY_MIN, SLOT_MIN };

/** One channel's reached audience, compiled for the reach kernel. */
export interface ChannelPlan {
  /** People reached. */
  reach: number;
  /** P(click) for a reached person of this channel, over all segments. */
  clickProb: number;
  /** Cumulative P(click and segment k) over this channel's segments, ascending. */
  clickCum: Float64Array;
  /** Audience category (index into Plan.categorySegment) of each entry of clickCum. */
  clickCategory: Uint8Array;
}

/**
 * A scenario compiled to numbers only: what the kernels read. Built once on the main thread;
 * everything in it is plain data, so it can be sent to a worker as is.
 */
export interface Plan extends SeatSchedule {
  seed: number;
  days: number;
  horizonMin: number;
  channels: ChannelPlan[];
  /** Segment of each audience category (a category is one channel × segment pair). */
  categorySegment: Uint8Array;
  /** Alias table over the horizon's hour slots (days × 24), weights daily × hourly. */
  slotProb: Float64Array;
  slotAlias: Int32Array;
  /** Per segment: P(ask for a consultation | stayed on the site). */
  consultProb: Float64Array;
  /** Per segment: P(try to buy directly | stayed, did not consult). */
  directProb: Float64Array;
  /** Per segment: P(buy | consulted) = closeRate × skill × offer uplift. */
  closeProb: Float64Array;
  bounceProb: number;
  session: CompiledDist;
  /** Mean session length, minutes (sizes the hosting calendar). */
  meanSessionMin: number;
  handleTime: CompiledDist;
  patience: CompiledDist;
  /** Concurrent sessions; Infinity when unlimited. */
  siteCapacity: number;
  /** Units at the start; Infinity when unlimited. */
  stock: number;
  /** Restock arrivals, ascending by minute. */
  restockMin: Float64Array;
  restockUnits: Float64Array;
  /** Revenue per unit sold, after any offer discount. */
  unitRevenue: number;
  /** What each stage that compiles its own section made of it (null: the stage is absent). */
  stages: Record<string, unknown>;
}

/** Compiles a validated scenario to a numeric plan. */
export function compile(s: Scenario): Plan {
  const segmentNames = Object.keys(s.segments);
  const segments = segmentNames.map((n) => s.segments[n]);
  const uplift = s.offer?.uplift ?? 1;

  const categorySegment: number[] = [];
  const channels = s.marketing.channels.map((ch): ChannelPlan => {
    const reach = ch.reach ?? Math.floor(((ch.spend ?? 0) / (ch.cpm ?? 1)) * 1000);
    const entries = Object.entries(ch.mix)
      .map(([seg, share]) => {
        const k = segmentNames.indexOf(seg);
        return { k, p: share * ch.clickRate * segments[k].clickWeight };
      })
      .filter((e) => e.p > 0);
    const clickCum = new Float64Array(entries.length);
    const clickCategory = new Uint8Array(entries.length);
    let cum = 0;
    entries.forEach((e, i) => {
      cum += e.p;
      clickCum[i] = cum;
      clickCategory[i] = categorySegment.length;
      categorySegment.push(e.k);
    });
    return { reach, clickProb: cum, clickCum, clickCategory };
  });

  const days = s.horizon.days;
  const { daily, hourly } = s.marketing.traffic;
  const weights = new Float64Array(days * 24);
  for (let d = 0; d < days; d++)
    for (let h = 0; h < 24; h++)
      weights[d * 24 + h] =
        (daily === "uniform" ? 1 : daily[d]) * (hourly === "uniform" ? 1 : hourly[h]);
  const { prob: slotProb, alias: slotAlias } = aliasTable(weights);

  const horizonMin = days * DAY_MIN;
  const seats = seatSchedule(s.sales, days);
  const restocks = [...s.supply.restock].sort((a, b) => a.day - b.day);

  return {
    seed: s.seed,
    days,
    horizonMin,
    channels,
    categorySegment: Uint8Array.from(categorySegment),
    slotProb,
    slotAlias,
    consultProb: Float64Array.from(segments, (g) => g.consultRate),
    directProb: Float64Array.from(segments, (g) => g.directRate * uplift),
    closeProb: Float64Array.from(segments, (g) => g.closeRate * s.sales.skill * uplift),
    bounceProb: s.site.bounceRate,
    session: compileDist(s.site.session),
    meanSessionMin: meanOf(s.site.session),
    handleTime: compileDist(s.sales.handleTime),
    patience: compileDist(s.sales.patience),
    siteCapacity: s.site.capacity === "unlimited" ? Infinity : s.site.capacity,
    ...seats,
    stock: s.supply.stock === "unlimited" ? Infinity : s.supply.stock,
    restockMin: Float64Array.from(restocks, (r) => (r.day - 1) * DAY_MIN),
    restockUnits: Float64Array.from(restocks, (r) => r.units),
    unitRevenue: s.supply.price * (1 - (s.offer?.discount ?? 0)),
    stages: Object.fromEntries(
      STAGES.flatMap((stage) => (stage.compile ? [[stage.name, stage.compile(s)]] : [])),
    ),
  };
}

/** Expected clicks (visitors) of a plan: reach × click probability, over channels. */
export function expectedClicks(plan: Plan): number {
  return plan.channels.reduce((n, ch) => n + ch.reach * ch.clickProb, 0);
}
