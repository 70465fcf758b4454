import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { type Department, LOSS_CAUSES, type Loss } from "../report/summarize.js";
import { mean } from "./departments.js";

/** One line of the loss ledger: people who did not buy, where and why, and what they were worth. */
export interface LedgerLine {
  cause: string;
  department: Department;
  /** Mean over replications. */
  agents: number;
  /** Revenue those people would have brought had the limit not been there (mean). */
  revenueAtStake: number;
  /** How revenueAtStake is estimated. */
  basis: string;
}

/**
 * Every reached person who did not buy, once (the causes of report/summarize.ts), with the
 * revenue at stake. Capacity losses count the lost visitors whose own drawn intent was to buy;
 * marketing losses are valued at what the next stage's visitors bring when nothing is limited
 * (same visitors).
 */
export function lossLedger(
  plan: Plan,
  actual: RunResult[],
  unconstrained: RunResult[],
): LedgerLine[] {
  const price = plan.unitRevenue;
  const m = (c: number) => mean(actual, c);
  const uRevenue = mean(unconstrained, C.purchased) * price;
  const perClick = uRevenue / Math.max(1, mean(unconstrained, C.clicked));
  const perIntent =
    uRevenue /
    Math.max(1, mean(unconstrained, C.consultRequests) + mean(unconstrained, C.directAttempts));
  const atStake: Record<Loss["counter"], [value: number, basis: string]> = {
    notClicked: [
      (m(C.reached) - m(C.clicked)) * perClick,
      "valued at revenue per click with nothing limited",
    ],
    lostHosting: [m(C.lostHostingWouldBuy) * price, "lost visitors whose own intent was to buy"],
    lostBounce: [m(C.lostBounceWouldBuy) * price, "bounced visitors whose own intent was to buy"],
    leftAfterVisit: [
      m(C.leftAfterVisit) * perIntent,
      "valued at revenue per intending visitor with nothing limited",
    ],
    lostAbandon: [m(C.lostAbandonWouldBuy) * price, "abandoning visitors who would have closed"],
    unservedAtEnd: [m(C.unservedWouldBuy) * price, "unserved visitors who would have closed"],
    notClosed: [m(C.notClosed) * price, "every consulted visitor who did not buy"],
    lostStock: [m(C.lostStock) * price, "every purchase attempt that found no stock"],
  } as Record<Loss["counter"], [number, string]>;
  return LOSS_CAUSES.map(({ cause, department, counter }) => {
    const entry = atStake[counter];
    if (!entry) throw new Error(`loss ledger: no valuation for ${counter}`);
    const [revenueAtStake, basis] = entry;
    const agents = counter === "notClicked" ? m(C.reached) - m(C.clicked) : m(C[counter]);
    return { cause, department, agents, revenueAtStake, basis };
  });
}
