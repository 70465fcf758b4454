// The invariants every run of every scenario must keep, checked on one scenario: each one that
// fails is named, by a stable string, so a property test can say `toEqual([])` and a failure
// reads as the law that broke.
import { C, COUNTER_NAMES } from "../core/counters.js";
import { type RunResult, simulate } from "../core/pipeline.js";
import { compile, type Plan } from "../core/plan.js";
import { balancesOf, COUNTERS } from "../model/stages.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../scenario/schema.js";

/** A scenario already run: its plan and the run's result (which may have been tampered with). */
export interface ScenarioRun {
  scenario: Scenario;
  plan: Plan;
  run: RunResult;
}

/** The invariants' names that do not depend on the scenario's stages. */
export const INVARIANTS = {
  peakSessions: "site: peakSessions ≤ site capacity",
  busyMinutes: "consultants: consultantBusyMin ≤ seat minutes on duty",
  stock: "supply: unitsSold ≤ stock + restocks",
  revenue: "revenue: revenue = unitsSold × price × (1 − discount)",
  crn: "common random numbers: lifting the site capacity leaves every counter before the site unchanged",
  determinism: "determinism: the same scenario and seed give identical counters",
} as const;

/** A conservation law's name: "conservation: clicked = lostHosting + lostOutage + served". */
export const conservationName = (sum: readonly string[], equals: readonly string[]): string =>
  `conservation: ${sum.join(" + ")} = ${equals.join(" + ")}`;
/** The name of "no counter is negative", for one counter. */
export const nonNegativeName = (counter: string): string => `non-negative: ${counter}`;
/** The name of "a count is a whole number", for one counter. */
export const wholeCountName = (counter: string): string => `whole count: ${counter}`;

/** Counters of the stages before the site: a capacity at or after it cannot move them. */
const BEFORE_SITE = (() => {
  const at = COUNTERS.findIndex((c) => c.stage === "site");
  const stages = new Set(COUNTERS.slice(0, at).map((c) => c.stage));
  return COUNTERS.filter((c) => stages.has(c.stage)).map((c) => c.name);
})();

const isRun = (x: unknown): x is ScenarioRun =>
  x !== null && typeof x === "object" && "plan" in x && "run" in x && "scenario" in x;

const sameArray = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((x, i) => Object.is(x, b[i]));

/**
 * Checks one scenario's run against every invariant and returns the names of those violated
 * (empty: all hold). Given a scenario (as written, or validated), it is compiled and run here;
 * given `{ scenario, plan, run }`, that run is checked (re-running the plan for the
 * comparisons: common random numbers, determinism).
 *
 * - every conservation law the scenario's stages declare (`balancesOf`), by name;
 * - no counter negative, and every count (a counter of kind "count") a whole number;
 * - sessions never above the site's capacity; consultants busy no longer than on duty;
 * - units sold at most the stock plus restocks;
 * - revenue = units sold × price × (1 − discount), where one price applies to everyone;
 * - common random numbers: the same run with the site capacity lifted has the same counters
 *   before the site and the same clicks by hour and by channel;
 * - determinism: the plan run again gives identical counters.
 */
export function checkInvariants(input: ScenarioInput | Scenario | ScenarioRun): string[] {
  const { plan, run } = isRun(input)
    ? input
    : (() => {
        const plan = compile(scenarioSchema.parse(input));
        return { plan, run: simulate(plan) };
      })();
  const c = (name: string) => run.counters[C[name as keyof typeof C]];
  const violated: string[] = [];

  for (const b of balancesOf(plan)) {
    const total = (names: readonly string[]) => names.reduce((n, name) => n + c(name), 0);
    if (total(b.sum) !== total(b.equals)) violated.push(conservationName(b.sum, b.equals));
  }
  for (const counter of COUNTERS) {
    const v = c(counter.name);
    if (v < 0) violated.push(nonNegativeName(counter.name));
    if ((counter.kind ?? "count") === "count" && !Number.isInteger(v))
      violated.push(wholeCountName(counter.name));
  }
  if (!(c("peakSessions") <= plan.siteCapacity)) violated.push(INVARIANTS.peakSessions);
  // A little slack for the sum of many floating-point handle times.
  if (!(c("consultantBusyMin") <= plan.seatMinutesInHorizon * (1 + 1e-9) + 1e-6))
    violated.push(INVARIANTS.busyMinutes);
  const supplied = plan.stock + plan.restockUnits.reduce((n, u) => n + u, 0);
  if (!(c("unitsSold") <= supplied)) violated.push(INVARIANTS.stock);
  if (plan.stages.purchase === null) {
    const expected = c("unitsSold") * plan.unitRevenue;
    if (!(Math.abs(c("revenue") - expected) <= 1e-9 * Math.max(1, expected)))
      violated.push(INVARIANTS.revenue);
  }

  const lifted = simulate({ ...plan, siteCapacity: Number.POSITIVE_INFINITY });
  if (
    BEFORE_SITE.some((n) => !Object.is(lifted.counters[C[n as keyof typeof C]], c(n))) ||
    !sameArray(lifted.clicksBySlot, run.clicksBySlot) ||
    !sameArray(lifted.clicksByChannel, run.clicksByChannel)
  )
    violated.push(INVARIANTS.crn);

  const again = simulate(plan);
  if (COUNTER_NAMES.some((n) => !Object.is(again.counters[C[n]], run.counters[C[n]])))
    violated.push(INVARIANTS.determinism);
  return violated;
}
