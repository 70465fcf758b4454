import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { lossesOf } from "../model/stages.js";
import type { Department, LedgerBasis } from "../model/vocabulary.js";
import { mean } from "./departments.js";
import { unitsSold } from "./profit.js";

export type { LedgerBasis } from "../model/vocabulary.js";

/** One line of the loss ledger: people who did not buy, where and why, and what they were worth. */
export interface LedgerLine {
  cause: string;
  department: Department;
  counter: string;
  /** Mean over replications. */
  agents: number;
  /**
   * Revenue these people would have brought had their own cause been removed and every other
   * limit stayed as it is (mean over replications): never more than the stock left unsold
   * could bring, except the stock-out line's own.
   */
  revenueAtStake: number;
  basis: LedgerBasis;
  /**
   * Marketing's lines are an upper bound of a different kind: not people a limit turned away,
   * but people who never wanted to come further, valued as if they had behaved like those who
   * did. They are kept out of the potential and the waterfall.
   */
  upperBound: boolean;
  /** Share of replications in which the stock left unsold capped this line's value. */
  cappedByStock: number;
}

/** A step of the revenue waterfall: what a loss removed, and the revenue left after it. */
export interface WaterfallStep {
  cause: string | null;
  department: Department | null;
  removed: number;
  balance: number;
}

/** The ledger and the waterfall from the potential down to the actual revenue. */
export interface Ledger {
  lines: LedgerLine[];
  /** Actual revenue plus every line at stake that is not an upper bound (mean). */
  potential: number;
  /** From the potential (first step, nothing removed) down to the actual revenue, in funnel order. */
  waterfall: WaterfallStep[];
}

/**
 * Every reached person who did not buy, once (the stages' loss causes), with the
 * revenue at stake, per replication then averaged. A line's value assumes its own cause
 * removed and every other limit kept, so the lines upstream of the stock share what the
 * unsold stock could still bring (pro rata when they would need more); the stock-out line is
 * the stock's own and is not capped by it. Marketing's lines are upper bounds of another kind
 * (see LedgerLine.upperBound), each capped by the unsold stock too.
 */
export function lossLedger(
  plan: Plan,
  actual: readonly RunResult[],
  unconstrained: readonly RunResult[],
): Ledger {
  const causes = lossesOf(plan);
  let units = plan.stock;
  for (const u of plan.restockUnits) units += u;
  const marketing = (department: Department) => department === "marketing";

  const perRun = actual.map((run, r) => {
    const c = run.counters;
    const u = unconstrained[r].counters;
    // What a purchase and a unit bring, as the runs sold them (segment prices, order sizes,
    // the offer's discount): the same visitors with every limit lifted, else this run, else
    // the list price.
    const uRevenue = u[C.revenue];
    const per = (amount: number, count: number, fallback: number) =>
      count > 0 ? amount / count : fallback;
    const perUnit = per(uRevenue, unitsSold(u), per(c[C.revenue], unitsSold(c), plan.unitRevenue));
    const perPurchase = per(uRevenue, u[C.purchased], per(c[C.revenue], c[C.purchased], perUnit));
    const perClick = uRevenue / Math.max(1, u[C.clicked]);
    const perIntent = uRevenue / Math.max(1, u[C.consultRequests] + u[C.directAttempts]);
    // Units, not purchases: an order may take several (Infinity with unlimited stock).
    const unsold = units === Number.POSITIVE_INFINITY ? units : (units - unitsSold(c)) * perUnit;
    const raw = causes.map(({ counter, basis, wouldBuy }) => {
      const agents = counter === "notClicked" ? c[C.reached] - c[C.clicked] : c[C[counter]];
      if (wouldBuy !== undefined) return c[C[wouldBuy]] * perPurchase;
      if (basis === "perClick") return agents * perClick;
      if (basis === "perIntent") return agents * perIntent;
      return agents * perPurchase;
    });
    const shared = causes.reduce(
      (sum, l, i) => (marketing(l.department) || l.stockOut ? sum : sum + raw[i]),
      0,
    );
    const scale = shared > unsold ? unsold / shared : 1;
    return causes.map((l, i) => {
      if (l.stockOut) return { value: raw[i], capped: false };
      if (marketing(l.department))
        return { value: Math.min(raw[i], unsold), capped: raw[i] > unsold };
      return { value: raw[i] * scale, capped: scale < 1 && raw[i] > 0 };
    });
  });

  const n = actual.length;
  const lines = causes.map(({ cause, department, counter, basis }, i): LedgerLine => {
    const agents =
      counter === "notClicked"
        ? mean(actual, C.reached) - mean(actual, C.clicked)
        : mean(actual, C[counter]);
    return {
      cause,
      department,
      counter,
      agents,
      revenueAtStake: perRun.reduce((a, v) => a + v[i].value, 0) / n,
      basis,
      upperBound: marketing(department),
      cappedByStock: perRun.filter((v) => v[i].capped).length / n,
    };
  });

  const revenue = mean(actual, C.revenue);
  const inWaterfall = lines.filter((l) => !l.upperBound);
  const potential = revenue + inWaterfall.reduce((a, l) => a + l.revenueAtStake, 0);
  // Balances as the revenue plus what is still to be removed, so the last one is the revenue.
  const waterfall: WaterfallStep[] = inWaterfall.map((l, i) => ({
    cause: l.cause,
    department: l.department,
    removed: l.revenueAtStake,
    balance: inWaterfall.slice(i + 1).reduce((a, next) => a + next.revenueAtStake, revenue),
  }));
  waterfall.unshift({ cause: null, department: null, removed: 0, balance: potential });
  return { lines, potential, waterfall };
}
