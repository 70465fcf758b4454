import { C, type CounterName, FUNNEL_COUNTERS, type FunnelCounter } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import { DAY_MIN, type Plan, SLOT_MIN } from "../core/plan.js";
import type { Scenario } from "../scenario/schema.js";

/** The departments a loss is charged to, in the planner's words. */
export type Department = "marketing" | "it" | "sales" | "supply";

/** Funnel counts of one run (every visitor counted once per stage it reached). */
export type Funnel = Record<FunnelCounter, number>;

/** One loss cause: reached people who did not buy, counted once where they dropped. */
export interface Loss {
  cause: string;
  department: Department;
  counter: CounterName | "notClicked";
  agents: number;
  /** Share of all reached people. */
  share: number;
}

/** The result of one run, as printed by `run` and emitted by `run --json`. */
export interface Report {
  scenario: string;
  seed: number;
  currency: string;
  horizonDays: number;
  funnel: Funnel;
  revenue: number;
  losses: Loss[];
  kpi: {
    /** budget / reached */
    costPerContact: number | null;
    /** budget / clicked */
    costPerClick: number | null;
    /** budget / purchased */
    costPerSale: number | null;
    clickRate: number | null;
    /** Share of clicks the site served (not lost to a full site). */
    siteServiceRate: number | null;
    /** Share of consultation requests picked up before the visitor gave up. */
    consultServiceRate: number | null;
    /** Share of consulted visitors who tried to buy. */
    closeRate: number | null;
    /** Share of purchase attempts that found stock. */
    stockServiceRate: number | null;
    /** purchased / clicked */
    clickToPurchase: number | null;
    /** purchased / reached */
    reachToPurchase: number | null;
  };
  peak: {
    busiestHour: { day: number; hour: number; clicks: number };
    peakSessions: number;
    siteCapacity: number | "unlimited";
    /** Consultant busy time / on-duty time inside the horizon (null when unlimited or none). */
    consultantUtilisation: number | null;
    /** Share of consult requests that had to wait. */
    waitedShare: number | null;
    meanWaitMin: number | null;
    /** Day (1-based) of the first purchase attempt that found no stock; null if none. */
    stockOutDay: number | null;
  };
}

/** Loss causes in funnel order, each charged to one department. */
export const LOSS_CAUSES: readonly {
  cause: string;
  department: Department;
  counter: Loss["counter"];
}[] = [
  { cause: "did not click", department: "marketing", counter: "notClicked" },
  { cause: "site full", department: "it", counter: "lostHosting" },
  { cause: "bounced (usability)", department: "it", counter: "lostBounce" },
  { cause: "no intent after the visit", department: "marketing", counter: "leftAfterVisit" },
  { cause: "gave up waiting for a consultant", department: "sales", counter: "lostAbandon" },
  {
    cause: "never picked up (no consultant on duty)",
    department: "sales",
    counter: "unservedAtEnd",
  },
  { cause: "consulted, did not buy", department: "sales", counter: "notClosed" },
  { cause: "out of stock", department: "supply", counter: "lostStock" },
];

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Turns one run's counters into the planner's report. */
export function summarize(scenario: Scenario, plan: Plan, run: RunResult): Report {
  const c = run.counters;
  const funnel = Object.fromEntries(FUNNEL_COUNTERS.map((k) => [k, c[C[k]]])) as Funnel;
  const budget = scenario.marketing.budget;
  const losses = LOSS_CAUSES.map(({ cause, department, counter }) => {
    const agents = counter === "notClicked" ? funnel.reached - funnel.clicked : c[C[counter]];
    return { cause, department, counter, agents, share: ratio(agents, funnel.reached) ?? 0 };
  });

  let busiest = 0;
  for (let s = 1; s < run.clicksBySlot.length; s++)
    if (run.clicksBySlot[s] > run.clicksBySlot[busiest]) busiest = s;
  const stockOutMin = c[C.stockOutMin];

  return {
    scenario: scenario.name,
    seed: scenario.seed,
    currency: scenario.currency,
    horizonDays: scenario.horizon.days,
    funnel,
    revenue: funnel.purchased * plan.unitRevenue,
    losses,
    kpi: {
      costPerContact: ratio(budget, funnel.reached),
      costPerClick: ratio(budget, funnel.clicked),
      costPerSale: ratio(budget, funnel.purchased),
      clickRate: ratio(funnel.clicked, funnel.reached),
      siteServiceRate: ratio(funnel.served, funnel.clicked),
      consultServiceRate: ratio(funnel.consulted, funnel.consultRequests),
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
      waitedShare: ratio(c[C.waitedForConsultant], funnel.consultRequests),
      meanWaitMin: ratio(c[C.waitMinConsulted], funnel.consulted),
      stockOutDay: Number.isNaN(stockOutMin) ? null : Math.floor(stockOutMin / DAY_MIN) + 1,
    },
  };
}
