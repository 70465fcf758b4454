import { STAGES } from "../model/stages.js";
import { type CompiledDist, compileDist, meanOf } from "../rng/samplers.js";
import { startWeekday } from "../scenario/calendar.js";
import type { Scenario } from "../scenario/schema.js";
import { minuteOfDay } from "../scenario/traffic.js";
import { type SeatSchedule, seatSchedule } from "./capacity/seats.js";

import { DAY_MIN, SLOT_MIN } from "./codes.js";
import { compileTraffic, type TrafficPlan } from "./traffic.js";

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
export interface Plan extends SeatSchedule, TrafficPlan {
  seed: number;
  days: number;
  horizonMin: number;
  channels: ChannelPlan[];
  /** Segment of each audience category (a category is one channel × segment pair). */
  categorySegment: Uint8Array;
  /**
   * The campaign's alias table (slotTables[0]) over the horizon's hour slots (days × 24),
   * weights daily × hourly, then the traffic events (TrafficPlan).
   */
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
  /** Minutes the site is down: [from, to) pairs, ascending, disjoint (empty: never). */
  outageMin: Float64Array;
  /** Share of those turned away who come back once (0: none), and after how long. */
  retryShare: number;
  retryDelay: CompiledDist;
  /** Consultations held at set times (webinars), by start: minute, seats, length in minutes. */
  sessionStartMin: Float64Array;
  sessionSeats: Float64Array;
  sessionLengthMin: Float64Array;
  /** Units at the start; Infinity when unlimited. */
  stock: number;
  /** Restock arrivals, ascending by minute. */
  restockMin: Float64Array;
  restockUnits: Float64Array;
  /** Revenue per unit sold, after any offer discount. */
  unitRevenue: number;
  /** What each stage that compiles its own section made of it (null: the stage is absent). */
  stages: Record<string, unknown>;
  /**
   * Minutes per period of the report's timing (1, 5, 15 or 60), set by a run's
   * `--resolution`, not by the scenario; absent: no timing section.
   */
  resolutionMin?: number;
}

/** Compiles a validated scenario to a numeric plan. */
export function compile(s: Scenario): Plan {
  const segmentNames = Object.keys(s.segments);
  const segments = segmentNames.map((n) => s.segments[n]);
  const uplift = s.offer?.uplift ?? 1;

  const categorySegment: number[] = [];
  const channels = s.marketing.channels.map((ch): ChannelPlan => {
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
    // Bought clicks (spend and cpc): the reach whose expected clicks, reach × P(click), are
    // spend / cpc (validation holds P(click) above 0 for such a channel).
    const reach =
      ch.reach ??
      (ch.cpc !== undefined
        ? Math.round((ch.spend ?? 0) / ch.cpc / cum)
        : Math.floor(((ch.spend ?? 0) / (ch.cpm ?? 1)) * 1000));
    return { reach, clickProb: cum, clickCum, clickCategory };
  });

  const days = s.horizon.days;
  const traffic = compileTraffic(s);
  const { prob: slotProb, alias: slotAlias } = traffic.slotTables[0];

  const horizonMin = days * DAY_MIN;
  const seats = seatSchedule(s.sales, days, startWeekday(s));
  const restocks = [...s.supply.restock].sort((a, b) => a.day - b.day);

  return {
    seed: s.seed,
    days,
    horizonMin,
    channels,
    categorySegment: Uint8Array.from(categorySegment),
    slotProb,
    slotAlias,
    ...traffic,
    consultProb: Float64Array.from(segments, (g) => g.consultRate),
    directProb: Float64Array.from(segments, (g) => g.directRate * uplift),
    closeProb: Float64Array.from(segments, (g) => g.closeRate * s.sales.skill * uplift),
    bounceProb: s.site.bounceRate,
    session: compileDist(s.site.session),
    meanSessionMin: meanOf(s.site.session),
    handleTime: compileDist(s.sales.handleTime),
    patience: compileDist(s.sales.patience),
    siteCapacity: s.site.capacity === "unlimited" ? Infinity : s.site.capacity,
    outageMin: outageWindows(s.site.outages ?? []),
    retryShare: s.site.retry?.share ?? 0,
    retryDelay: compileDist(s.site.retry?.delay),
    ...compileSessions(s.sales.sessions ?? []),
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

/** Outage windows as [from, to) minute pairs, sorted, overlapping ones merged. */
function outageWindows(outages: readonly { day: number; hours: [number, number] }[]): Float64Array {
  const windows = outages
    .map((o) => [
      (o.day - 1) * DAY_MIN + o.hours[0] * SLOT_MIN,
      (o.day - 1) * DAY_MIN + o.hours[1] * SLOT_MIN,
    ])
    .sort((a, b) => a[0] - b[0]);
  const merged: number[][] = [];
  for (const w of windows) {
    const last = merged[merged.length - 1];
    if (last && w[0] <= last[1]) last[1] = Math.max(last[1], w[1]);
    else merged.push([...w]);
  }
  return Float64Array.from(merged.flat());
}

/** Sessions (webinars) sorted by start minute. */
function compileSessions(
  sessions: readonly { day: number; at: string; seats: number; length: number }[],
) {
  const sorted = sessions
    .map((x) => ({ start: (x.day - 1) * DAY_MIN + minuteOfDay(x.at), ...x }))
    .sort((a, b) => a.start - b.start);
  return {
    sessionStartMin: Float64Array.from(sorted, (x) => x.start),
    sessionSeats: Float64Array.from(sorted, (x) => x.seats),
    sessionLengthMin: Float64Array.from(sorted, (x) => x.length),
  };
}
