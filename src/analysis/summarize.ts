import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import { DAY_MIN, type Plan, SLOT_MIN } from "../core/plan.js";
import { CAPACITIES, funnelCounters, lossesOf, pendingOf } from "../model/stages.js";
import type { Department } from "../model/vocabulary.js";
import type { Scenario } from "../scenario/schema.js";
import { type Profit, priced, profitOf } from "./profit.js";

export type { Department } from "../model/vocabulary.js";

/**
 * Funnel counts of one run (every visitor counted once per stage it reached), keyed by the
 * stages' funnel counters (src/stages/*.ts), in funnel order; an absent stage's are left out.
 */
export type Funnel<N = number> = Record<string, N>;

/** One loss cause: reached people who did not buy, counted once where they dropped. */
export interface Loss<N = number> {
  cause: string;
  department: Department;
  /** Its counter ("notClicked": reached − clicked). */
  counter: string;
  agents: N;
  /** Share of all reached people. */
  share: N;
}

/**
 * People pending at the end of the horizon: their delayed request or attempt falls after it.
 * Neither lost (no department's, no ledger's) nor bought.
 */
export interface Pending<N = number> {
  cause: string;
  /** Its counter ("pendingConsult"). */
  counter: string;
  agents: N;
  /** Share of all reached people. */
  share: N;
}

/**
 * The result of one run, as printed by `run` and emitted by `run --json`. With replications
 * every figure N is an Estimate over them (see summarizeReplications); the keys are the same.
 */
export interface Report<N = number> {
  scenario: string;
  seed: number;
  currency: string;
  horizonDays: number;
  /** The date of day 1 ("YYYY-MM-DD"), when the scenario gives horizon.start. */
  start?: string;
  funnel: Funnel<N>;
  revenue: N;
  losses: Loss<N>[];
  /**
   * Only for scenarios with delays: losses + pending + purchased = reached (every reached
   * person counted once).
   */
  pending?: Pending<N>[];
  kpi: {
    /** budget / people reached by bought channels (owned channels cost nothing per contact) */
    costPerContact: N | null;
    /** budget / clicks from bought channels */
    costPerClick: N | null;
    /** budget / purchased */
    costPerSale: N | null;
    clickRate: N | null;
    /** Share of clicks the site served (not lost to a full site). */
    siteServiceRate: N | null;
    /** Share of consultation requests picked up before the visitor gave up (of those due
     * inside the horizon: a pending request is neither). */
    consultServiceRate: N | null;
    /** Share of consulted visitors who tried to buy. */
    closeRate: N | null;
    /** Share of purchase attempts that found stock. */
    stockServiceRate: N | null;
    /** purchased / clicked */
    clickToPurchase: N | null;
    /** purchased / reached */
    reachToPurchase: N | null;
  };
  peak: {
    /** The hour with the most clicks (with replications: the most on average). */
    busiestHour: { day: number; hour: number; clicks: N };
    peakSessions: N;
    siteCapacity: number | "unlimited";
    /** Consultant busy time / on-duty time inside the horizon (null when unlimited or none). */
    consultantUtilisation: N | null;
    /** Share of every consultation request that was not picked up at once: served after a
     * wait, gave up, or still waiting at the end. */
    waitedShare: N | null;
    /** Wait of the requests that were served (zero for those picked up at once), minutes. */
    meanWaitMin: N | null;
    /** 90th percentile of that wait (90 % were picked up within it), minutes. */
    p90WaitMin: N | null;
    /** How long those who gave up had waited, minutes: mean and 90th percentile. */
    gaveUpMeanWaitMin: N | null;
    gaveUpP90WaitMin: N | null;
    /** Day (1-based) of the first purchase attempt that found no stock; null if none. */
    stockOutDay: N | null;
  };
  /** Revenue, each cost and the profit, when the scenario prices more than its media. */
  profit?: Profit<N>;
  /** Times to the minute, with a run's --resolution (see Timing). */
  timing?: Timing<N>;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
const orNull = (x: number) => (Number.isNaN(x) ? null : x);

/** Turns one run's counters into the planner's report. */
export function summarize(scenario: Scenario, plan: Plan, run: RunResult): Report {
  const c = run.counters;
  const funnel: Funnel = Object.fromEntries(funnelCounters(plan).map((k) => [k, c[C[k]]]));
  const budget = scenario.marketing.budget;
  let boughtReached = 0;
  let boughtClicked = 0;
  scenario.marketing.channels.forEach((ch, i) => {
    if (ch.owned) return;
    boughtReached += plan.channels[i].reach;
    boughtClicked += run.clicksByChannel[i];
  });
  const losses = lossesOf(plan).map(({ cause, department, counter }) => {
    const agents = counter === "notClicked" ? funnel.reached - funnel.clicked : c[C[counter]];
    return { cause, department, counter, agents, share: ratio(agents, funnel.reached) ?? 0 };
  });
  const pending = pendingOf(plan).map(({ cause, counter }) => {
    const agents = c[C[counter]];
    return { cause, counter, agents, share: ratio(agents, funnel.reached) ?? 0 };
  });
  // Requests that came due inside the horizon: a pending one was neither picked up nor refused.
  const dueRequests = funnel.consultRequests - (funnel.pendingConsult ?? 0);

  let busiest = 0;
  for (let s = 1; s < run.clicksBySlot.length; s++)
    if (run.clicksBySlot[s] > run.clicksBySlot[busiest]) busiest = s;
  const stockOutMin = c[C.stockOutMin];

  return {
    scenario: scenario.name,
    seed: scenario.seed,
    currency: scenario.currency,
    horizonDays: scenario.horizon.days,
    ...(scenario.horizon.start === undefined ? {} : { start: scenario.horizon.start }),
    funnel,
    revenue: c[C.revenue],
    losses,
    ...(pending.length > 0 ? { pending } : {}),
    kpi: {
      costPerContact: ratio(budget, boughtReached),
      costPerClick: ratio(budget, boughtClicked),
      costPerSale: ratio(budget, funnel.purchased),
      clickRate: ratio(funnel.clicked, funnel.reached),
      siteServiceRate: ratio(funnel.served, funnel.clicked),
      consultServiceRate: ratio(funnel.consulted, dueRequests),
      closeRate: ratio(funnel.consultPurchaseAttempts, funnel.consulted),
      stockServiceRate: ratio(funnel.purchased, funnel.purchaseAttempts),
      clickToPurchase: ratio(funnel.purchased, funnel.clicked),
      reachToPurchase: ratio(funnel.purchased, funnel.reached),
    },
    peak: {
      busiestHour: {
        day: Math.floor((busiest * SLOT_MIN) / DAY_MIN) + 1,
        hour: busiest % 24,
        clicks: run.clicksBySlot[busiest] ?? 0,
      },
      peakSessions: c[C.peakSessions],
      siteCapacity: plan.siteCapacity === Infinity ? "unlimited" : plan.siteCapacity,
      consultantUtilisation:
        Number.isFinite(plan.seatMinutesInHorizon) && plan.seatMinutesInHorizon > 0
          ? c[C.consultantBusyMin] / plan.seatMinutesInHorizon
          : null,
      waitedShare: ratio(
        c[C.waitedForConsultant] + funnel.lostAbandon + funnel.unservedAtEnd,
        dueRequests,
      ),
      meanWaitMin: ratio(c[C.waitMinConsulted], funnel.consulted),
      p90WaitMin: orNull(c[C.waitP90Consulted]),
      gaveUpMeanWaitMin: ratio(c[C.waitMinAbandoned], funnel.lostAbandon),
      gaveUpP90WaitMin: orNull(c[C.waitP90Abandoned]),
      stockOutDay: Number.isNaN(stockOutMin) ? null : Math.floor(stockOutMin / DAY_MIN) + 1,
    },
    ...(priced(scenario) ? { profit: profitOf(scenario, plan, c, c[C.revenue]) } : {}),
    ...(plan.resolutionMin ? { timing: timingOf(scenario, plan, run) } : {}),
  };
}

/**
 * When things happened, to the minute: the busiest period of `resolutionMin` minutes, and
 * the minute each capacity limit first turned someone away (the site full, a request lost to
 * patience, the payment gateway full, the stock out), null when it never did.
 */
export interface Timing<N = number> {
  resolutionMin: number;
  busiest: { startMin: number; clicks: N };
  firstLossMin: Record<string, N | null>;
}

function timingOf(scenario: Scenario, plan: Plan, run: RunResult): Timing {
  const width = plan.resolutionMin ?? SLOT_MIN;
  const counts = run.clicksByPeriod ?? run.clicksBySlot;
  let busiest = 0;
  for (let k = 1; k < counts.length; k++) if (counts[k] > counts[busiest]) busiest = k;
  const firstLossMin: Record<string, number | null> = {};
  for (const c of CAPACITIES)
    if (c.present(scenario) && c.firstLossMin !== undefined) {
      const t = run.counters[C[c.firstLossMin]];
      firstLossMin[c.id] = Number.isNaN(t) ? null : t;
    }
  return {
    resolutionMin: width,
    busiest: { startMin: busiest * width, clicks: counts[busiest] ?? 0 },
    firstLossMin,
  };
}
