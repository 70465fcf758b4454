import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import type { Department } from "../report/summarize.js";

/** The capacity departments, in coalition-bit order. */
export const CAPACITY_DEPARTMENTS = ["it", "sales", "supply"] as const;
export type CapacityDepartment = (typeof CAPACITY_DEPARTMENTS)[number];

/** The departments' sections of a scenario, for plan-against-actual decomposition. */
export const SECTION_DEPARTMENTS = ["marketing", "it", "sales", "supply"] as const;
export type SectionDepartment = (typeof SECTION_DEPARTMENTS)[number];

/** Department names as the planner reads them. */
export const DEPARTMENT_NAME: Record<Department, string> = {
  marketing: "marketing",
  it: "IT/hosting",
  sales: "sales",
  supply: "supply",
};

/** Revenue of one run of a plan. */
export const revenueOf = (plan: Plan, run: RunResult) =>
  run.counters[C.purchased] * plan.unitRevenue;

/** Mean of one counter over runs. */
export const mean = (runs: readonly RunResult[], c: number) =>
  runs.reduce((a, r) => a + r.counters[c], 0) / runs.length;
