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

/** The funnel counts a plan's report shows (an absent stage's are left out). */
export function funnelCounters(plan: AnyPlan): string[] {
  return presentStages(plan).flatMap((s) => s.counters.filter((c) => c.funnel).map((c) => c.name));
}

/** A loss cause of a plan, its department settled. */
export interface PlanLoss extends LossDeclaration {
  stage: string;
  department: Department;
}

/** The loss causes of a plan (an absent stage's are left out), in funnel order. */
export function lossesOf(plan: AnyPlan): PlanLoss[] {
  const present = new Set(presentStages(plan).map((s) => s.name));
  return LOSSES.filter((l) => present.has(l.stage)).map((l) => ({
    ...l,
    department: typeof l.department === "function" ? l.department(plan) : l.department,
  }));
}

/** The funnel rows of a plan's terminal report. */
export function funnelRows(plan: AnyPlan): FunnelRow[] {
  return presentStages(plan).flatMap((s) => s.rows ?? []);
}

/** The capacity limits a scenario has (explain relaxes and steps these). */
export function capacitiesOf(scenario: unknown): (CapacityDeclaration & { stage: string })[] {
  return CAPACITIES.filter((c) => c.present(scenario));
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
