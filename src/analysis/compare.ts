import { compile } from "../core/plan.js";
import { STAGES } from "../model/stages.js";
import type { WorkerPool } from "../parallel/pool.js";
import { runVariants } from "../parallel/runs.js";
import { together, variantsWork, type Workload } from "../parallel/workload.js";
import type { Scenario } from "../scenario/schema.js";
import { revenueOf, SECTION_DEPARTMENTS, type SectionDepartment } from "./departments.js";
import { drawSignature } from "./drawSignature.js";
import { type Estimate, estimate } from "./replications.js";
import { shapley } from "./shapley.js";

/** Plan against actual: revenue difference split by department (Shapley over 2⁴ section swaps). */
export interface Comparison {
  scenario: string;
  against: string;
  replications: number;
  revenue: Estimate;
  againstRevenue: Estimate;
  /** revenue − againstRevenue. */
  difference: Estimate;
  /** Each department's sections taken from the scenario instead of `against`; sums to difference. */
  shapley: Record<SectionDepartment, Estimate>;
  currency: string;
}

/** `against` with the sections of the departments in `mask` (bit i = SECTION_DEPARTMENTS[i]) taken from `s`. */
function mixSections(s: Scenario, against: Scenario, mask: number): Scenario {
  const from = (i: number) => (mask & (1 << i) ? s : against);
  const m = from(0);
  const out: Scenario = {
    ...s,
    marketing: m.marketing,
    segments: m.segments,
    offer: m.offer,
    site: from(1).site,
    sales: from(2).sales,
    supply: from(3).supply,
  };
  // A stage's own section goes with the department it declares.
  for (const stage of STAGES)
    if (stage.section) {
      const { key, department } = stage.section;
      const value = from(SECTION_DEPARTMENTS.indexOf(department))[key as keyof Scenario];
      if (value === undefined) delete out[key as keyof Scenario];
      else Object.assign(out, { [key]: value });
    }
  return out;
}

/** The 2⁴ mixes of the two scenarios' sections, compiled, grouped by shared visitors. */
function comparePlans(s: Scenario, against: Scenario) {
  const scenarios = Array.from({ length: 16 }, (_, mask) => mixSections(s, against, mask));
  const plans = scenarios.map(compile);
  const groups = new Map<string, number[]>();
  scenarios.forEach((sc, mask) => {
    const key = drawSignature(sc);
    groups.set(key, [...(groups.get(key) ?? []), mask]);
  });
  return { plans, groups };
}

/** What `compare(s, against, replications)` will cost, before it runs. */
export function compareWork(s: Scenario, against: Scenario, replications: number): Workload {
  const { plans, groups } = comparePlans(s, against);
  return together(
    ...[...groups.values()].map((masks) =>
      variantsWork(
        masks.map((m) => plans[m]),
        replications,
      ),
    ),
  );
}

/**
 * Decomposes the revenue difference between `s` (e.g. the actual campaign) and `against` (the
 * plan) by department: every combination of the four departments' sections, run on the same
 * replications, and Shapley shares per replication that add up to the difference.
 */
export async function compare(
  s: Scenario,
  against: Scenario,
  replications: number,
  pool: WorkerPool | null,
  onDone: () => void = () => {},
): Promise<Comparison> {
  const { plans, groups } = comparePlans(s, against);
  const value: number[][] = Array.from({ length: replications }, () =>
    new Array<number>(16).fill(0),
  );
  await Promise.all(
    [...groups.values()].map(async (masks) => {
      const runs = await runVariants(
        masks.map((m) => plans[m]),
        replications,
        pool,
        onDone,
      );
      runs.forEach((perPlan, r) => {
        masks.forEach((m, j) => {
          value[r][m] = revenueOf(plans[m], perPlan[j]);
        });
      });
    }),
  );
  const shares = value.map((v) => shapley(v, 4));
  const shapleyEstimates = Object.fromEntries(
    SECTION_DEPARTMENTS.map((d, i) => [d, estimate(shares.map((sh) => sh[i]))]),
  ) as Record<SectionDepartment, Estimate>;
  const difference = estimate(value.map((v) => v[15] - v[0]));
  return {
    scenario: s.name,
    against: against.name,
    replications,
    revenue: estimate(value.map((v) => v[15])),
    againstRevenue: estimate(value.map((v) => v[0])),
    difference,
    shapley: shapleyEstimates,
    currency: s.currency,
  };
}
