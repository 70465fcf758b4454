// The funnel's stages in order, and everything derived from their declarations: the counters
// of a run, the funnel's counts and rows, the loss causes, the capacity limits explain lifts.
// To add a stage, write its declaration (src/stages/) and put it in STAGES.
import { checkout } from "../stages/checkout.js";
import { click } from "../stages/click.js";
import { consult } from "../stages/consult.js";
import { purchase } from "../stages/purchase.js";
import { reach } from "../stages/reach.js";
import { site } from "../stages/site.js";
import { visit } from "../stages/visit.js";
import type {
  AnyPlan,
  CapacityDeclaration,
  CounterDeclaration,
  FunnelRow,
  LossDeclaration,
  PendingDeclaration,
  StageDeclaration,
} from "./stage.js";
import { DEPARTMENT_NAME, type Department } from "./vocabulary.js";

export const STAGES: readonly StageDeclaration[] = [
  reach,
  click,
  visit,
  site,
  consult,
  checkout,
  purchase,
];

/** Whether a compiled plan has the stage (stages without `present` always are). */
export const stagePresent = (stage: StageDeclaration, plan: AnyPlan): boolean =>
  stage.present ? stage.present(plan) : true;

/** Whether a present stage of a plan reads who makes each purchase attempt. */
export const stageNeedsVisitors = (stage: StageDeclaration, plan: AnyPlan): boolean =>
  typeof stage.needsVisitors === "function"
    ? stage.needsVisitors(plan)
    : stage.needsVisitors === true;

/** Every counter: the funnel counts in stage order, then the others in stage order. */
export const COUNTERS: readonly (CounterDeclaration & { stage: string })[] = [
  ...STAGES.flatMap((s) =>
    s.counters.filter((c) => c.funnel).map((c) => ({ ...c, stage: s.name })),
  ),
  ...STAGES.flatMap((s) =>
    s.counters.filter((c) => !c.funnel).map((c) => ({ ...c, stage: s.name })),
  ),
];

/** Loss causes in funnel order, each charged to one department. */
export const LOSSES: readonly (LossDeclaration & { stage: string })[] = STAGES.flatMap((s) =>
  s.losses.map((l) => ({ ...l, stage: s.name })),
);

/** Every capacity limit, in stage order (explain's coalition bits, for the limits present). */
export const CAPACITIES: readonly (CapacityDeclaration & { stage: string })[] = STAGES.flatMap(
  (s) => (s.capacity ?? []).map((c) => ({ ...c, stage: s.name })),
);

/** The stages of a plan, present ones only. */
const presentStages = (plan: AnyPlan) => STAGES.filter((s) => stagePresent(s, plan));

/** Whether a plan reports a counter of a present stage (see CounterDeclaration.present). */
const counterShown = (plan: AnyPlan, c: CounterDeclaration) =>
  (c.present?.(plan) ?? true) && (typeof c.funnel === "function" ? c.funnel(plan) : true);

/** The counters a plan's report shows, by name (an absent stage's or feature's are left out). */
function shownCounters(plan: AnyPlan): Set<string> {
  return new Set(
    presentStages(plan).flatMap((s) =>
      s.counters.filter((c) => counterShown(plan, c)).map((c) => c.name),
    ),
  );
}

/** The funnel counts a plan's report shows (an absent stage's are left out). */
export function funnelCounters(plan: AnyPlan): string[] {
  return presentStages(plan).flatMap((s) =>
    s.counters
      .filter((c) => (typeof c.funnel === "function" ? c.funnel(plan) : c.funnel))
      .filter((c) => c.present?.(plan) ?? true)
      .map((c) => c.name),
  );
}

/** A loss cause of a plan, its department settled. */
export interface PlanLoss extends LossDeclaration {
  stage: string;
  department: Department;
}

/** The loss causes of a plan (an absent stage's are left out), in funnel order. */
export function lossesOf(plan: AnyPlan): PlanLoss[] {
  const present = new Set(presentStages(plan).map((s) => s.name));
  const shown = shownCounters(plan);
  // A loss whose counter belongs to an absent feature is left out ("notClicked" is derived).
  return LOSSES.filter(
    (l) => present.has(l.stage) && (l.counter === "notClicked" || shown.has(l.counter)),
  ).map((l) => ({
    ...l,
    department: typeof l.department === "function" ? l.department(plan) : l.department,
  }));
}

/** The pending lines of a plan (people neither bought nor lost at the end), in funnel order. */
export function pendingOf(plan: AnyPlan): (PendingDeclaration & { stage: string })[] {
  const shown = new Set(funnelCounters(plan));
  return STAGES.flatMap((s) =>
    (s.pending ?? []).filter((p) => shown.has(p.counter)).map((p) => ({ ...p, stage: s.name })),
  );
}

/** The funnel rows of a plan's terminal report. */
export function funnelRows(plan: AnyPlan): FunnelRow[] {
  const shown = shownCounters(plan);
  return presentStages(plan)
    .flatMap((s) => s.rows ?? [])
    .filter((r) => shown.has(r.counter));
}

/** The capacity limits a scenario has that may move (explain lifts and steps these). */
export function capacitiesOf(scenario: unknown): (CapacityDeclaration & { stage: string })[] {
  return CAPACITIES.filter((c) => c.present(scenario) && !c.fixed(scenario));
}

/** The limits a scenario marks fixed: givens, never lifted, reported as such. */
export function fixedCapacitiesOf(scenario: unknown): (CapacityDeclaration & { stage: string })[] {
  return CAPACITIES.filter((c) => c.present(scenario) && c.fixed(scenario));
}

/** The stages after the decision to buy, in order (checkout, purchase …). */
export const ATTEMPT_STAGES = STAGES.filter((s) => s.serveAttempts);

/** Who owns a loss line as the planner reads it: its declared owner, or its department's name. */
export function lossOwner(counter: string, department: Department): string {
  return LOSSES.find((l) => l.counter === counter)?.owner ?? DEPARTMENT_NAME[department];
}

/** A capacity limit's owner as the planner reads it, by its id ("IT/payments"). */
export function limitName(id: string): string {
  return CAPACITIES.find((c) => c.id === id)?.name ?? DEPARTMENT_NAME[id as Department] ?? id;
}

/** A conservation law: the counters of `sum` add up to those of `equals`. */
export interface Balance {
  sum: readonly string[];
  equals: readonly string[];
  stage: string;
}

/**
 * Every conservation law of a plan's runs: each present stage's own, and the chain after the
 * decision to buy (decisions = purchases pending + the first stage's attempts; each stage
 * passes on what the next receives).
 */
export function balancesOf(plan: AnyPlan): Balance[] {
  const present = presentStages(plan);
  const own = present.flatMap((s) => (s.balances ?? []).map((b) => ({ ...b, stage: s.name })));
  const chain = present.filter((s) => s.attempts);
  const links: Balance[] = [];
  if (chain.length > 0)
    links.push({
      sum: ["directAttempts", "consultPurchaseAttempts"],
      equals: ["pendingPurchase", chain[0].attempts?.input ?? ""],
      stage: chain[0].name,
    });
  for (let i = 1; i < chain.length; i++)
    links.push({
      sum: [chain[i - 1].attempts?.output ?? ""],
      equals: [chain[i].attempts?.input ?? ""],
      stage: chain[i].name,
    });
  return [...own, ...links];
}
