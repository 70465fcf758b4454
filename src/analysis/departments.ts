import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { DEPARTMENTS, type Department } from "../model/vocabulary.js";

export { DEPARTMENT_NAME } from "../model/vocabulary.js";

/**
 * A capacity limit explain lifts, by its id (CapacityDeclaration.id: "it", "sales", "supply",
 * "payments", …; src/stages/*.ts declare them).
 */
export type CapacityDepartment = string;

/** The departments' sections of a scenario, for plan-against-actual decomposition. */
export const SECTION_DEPARTMENTS: readonly Department[] = DEPARTMENTS;
export type SectionDepartment = Department;

/**
 * Revenue of one run of a plan: its revenue counter (units × the buyer's segment price × (1 −
 * discount), summed by the purchase stage). The plan is kept for callers' symmetry.
 */
export const revenueOf = (_plan: Plan, run: RunResult) => run.counters[C.revenue];

/** Mean of one counter over runs. */
export const mean = (runs: readonly RunResult[], c: number) =>
  runs.reduce((a, r) => a + r.counters[c], 0) / runs.length;
