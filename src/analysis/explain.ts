import { C } from "../core/counters.js";
import type { RunResult } from "../core/pipeline.js";
import { compile, DAY_MIN, type Plan, SLOT_MIN } from "../core/plan.js";
import type { WorkerPool } from "../parallel/pool.js";
import { runReplications, runVariants } from "../parallel/runs.js";
import { formatWhole } from "../report/format.js";
import { type Department, LOSS_CAUSES, type Loss } from "../report/summarize.js";
import type { Scenario } from "../scenario/schema.js";
import { type Estimate, estimate } from "./replications.js";
import { shapley } from "./shapley.js";

/** The capacity departments, in coalition-bit order. */
export const CAPACITY_DEPARTMENTS = ["it", "sales", "supply"] as const;
export type CapacityDepartment = (typeof CAPACITY_DEPARTMENTS)[number];

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

export interface Lever {
  lever: string;
  department: Department;
  /** Revenue gained over the scenario as it is, same visitors where the lever is a capacity. */
  uplift: Estimate;
  /** What the lever costs over the horizon, where the scenario gives costs. */
  cost: number | null;
  /** uplift.mean / cost. */
  upliftPerMoney: number | null;
}

export interface BindingHours {
  department: CapacityDepartment;
  /** Hours of the horizon (day × 24 + hour) in which this department lost anyone, summed over replications. */
  hours: number;
  text: string;
}

/** What `explain` reports. */
export interface Explanation {
  scenario: string;
  seed: number;
  currency: string;
  replications: number;
  revenue: Estimate;
  /** Revenue with every capacity department unlimited, same visitors. */
  unconstrainedRevenue: Estimate;
  /** unconstrained − actual. */
  gap: Estimate;
  /** Revenue each capacity department's limit costs (Shapley over the 2³ relaxations; sums to gap). */
  shapley: Record<CapacityDepartment, Estimate>;
  /** Revenue with each department relaxed alone, and all together. */
  counterfactuals: { relaxed: string; revenue: Estimate }[];
  ledger: LedgerLine[];
  /** Potential revenue (actual + everything at stake) down to actual, in funnel order. */
  waterfall: { step: string; revenue: number }[];
  marginal: Lever[];
  binding: BindingHours[];
  verdict: { department: Department | "none"; text: string };
}

/** A validated scenario with the named capacity departments made unlimited. */
export function relax(s: Scenario, departments: readonly CapacityDepartment[]): Scenario {
  let out: Scenario = s;
  if (departments.includes("it")) out = { ...out, site: { ...out.site, capacity: "unlimited" } };
  if (departments.includes("sales")) {
    const { shifts: _shifts, ...sales } = out.sales;
    out = { ...out, sales: { ...sales, consultants: "unlimited" } };
  }
  if (departments.includes("supply"))
    out = { ...out, supply: { ...out.supply, stock: "unlimited" } };
  return out;
}

/** Coalition mask → its departments (bit i = CAPACITY_DEPARTMENTS[i] relaxed). */
const members = (mask: number) => CAPACITY_DEPARTMENTS.filter((_, i) => mask & (1 << i));

interface LeverSpec {
  lever: string;
  department: Department;
  scenario: Scenario;
  cost: number | null;
  /** Whether the lever changes only capacities (then it is served on the same visitors). */
  capacityOnly: boolean;
}

function levers(s: Scenario): LeverSpec[] {
  const days = s.horizon.days;
  const out: LeverSpec[] = [];
  const { site, sales, supply } = s;
  if (site.capacity !== "unlimited") {
    const extra = Math.max(1, Math.ceil(site.capacity * 0.1));
    out.push({
      lever: `+10 % hosting capacity (+${extra} sessions)`,
      department: "it",
      scenario: { ...s, site: { ...site, capacity: site.capacity + extra } },
      cost: site.costPerSlot === undefined ? null : site.costPerSlot * extra,
      capacityOnly: true,
    });
  }
  if (sales.consultants !== "unlimited") {
    const perDay = sales.costPerConsultantDay;
    if (sales.shifts) {
      const shifts = sales.shifts.map((sh) => ({ ...sh, consultants: sh.consultants + 1 }));
      const shiftDays = sales.shifts.reduce(
        (n, sh) => n + ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
        0,
      );
      out.push({
        lever: "+1 consultant in each shift",
        department: "sales",
        scenario: { ...s, sales: { ...sales, shifts } },
        cost: perDay === undefined ? null : perDay * shiftDays,
        capacityOnly: true,
      });
    } else if (sales.consultants !== undefined) {
      out.push({
        lever: "+1 consultant",
        department: "sales",
        scenario: { ...s, sales: { ...sales, consultants: sales.consultants + 1 } },
        cost: perDay === undefined ? null : perDay * days,
        capacityOnly: true,
      });
    }
  }
  if (supply.stock !== "unlimited") {
    const extra = Math.max(1, Math.ceil(supply.stock * 0.1));
    out.push({
      lever: `+10 % stock (+${extra} units)`,
      department: "supply",
      scenario: { ...s, supply: { ...supply, stock: supply.stock + extra } },
      cost: supply.unitCost === undefined ? null : supply.unitCost * extra,
      capacityOnly: true,
    });
  }
  const budget = s.marketing.budget;
  out.push({
    lever: "+10 % marketing budget (reach, same cost per contact)",
    department: "marketing",
    scenario: {
      ...s,
      marketing: {
        ...s.marketing,
        budget: budget * 1.1,
        channels: s.marketing.channels.map((ch) =>
          ch.reach !== undefined
            ? { ...ch, reach: Math.round(ch.reach * 1.1) }
            : { ...ch, spend: (ch.spend ?? 0) * 1.1 },
        ),
      },
    },
    cost: budget * 0.1,
    capacityOnly: false,
  });
  return out;
}

const revenueOf = (plan: Plan, run: RunResult) => run.counters[C.purchased] * plan.unitRevenue;

/**
 * Which capacity department caps revenue and by how much: counterfactual relaxations on the
 * same visitors (common random numbers), Shapley shares of the gap per replication, the loss
 * ledger, marginal levers, the hours each department binds, and a verdict.
 */
export async function explain(
  s: Scenario,
  replications: number,
  pool: WorkerPool | null,
  /** Called as each replication's runs finish (for a progress bar). */
  onDone: () => void = () => {},
): Promise<Explanation> {
  const coalitionPlans = Array.from({ length: 8 }, (_, mask) => compile(relax(s, members(mask))));
  const leverSpecs = levers(s);
  const capacityLevers = leverSpecs.filter((l) => l.capacityOnly);
  const otherLevers = leverSpecs.filter((l) => !l.capacityOnly);
  const leverPlans = capacityLevers.map((l) => compile(l.scenario));
  const variantPlans = [...coalitionPlans, ...leverPlans];

  const [variants, ...others] = await Promise.all([
    runVariants(variantPlans, replications, pool, onDone),
    ...otherLevers.map((l) => runReplications(compile(l.scenario), replications, pool, onDone)),
  ]);

  const actualPlan = coalitionPlans[0];
  const revenue = variants.map((runs) => revenueOf(actualPlan, runs[0]));
  const coalitionRevenue = variants.map((runs) =>
    runs.slice(0, 8).map((run, m) => revenueOf(coalitionPlans[m], run)),
  );
  const shares = coalitionRevenue.map((v) => shapley(v, 3));
  const unconstrained = coalitionRevenue.map((v) => v[7]);

  const marginal: Lever[] = [
    ...capacityLevers.map((l, i) => {
      const uplift = estimate(
        variants.map((runs, r) => revenueOf(leverPlans[i], runs[8 + i]) - revenue[r]),
      );
      return leverOf(l, uplift);
    }),
    ...otherLevers.map((l, i) => {
      const plan = compile(l.scenario);
      const uplift = estimate(others[i].map((run, r) => revenueOf(plan, run) - revenue[r]));
      return leverOf(l, uplift);
    }),
  ];

  const shapleyEstimates = Object.fromEntries(
    CAPACITY_DEPARTMENTS.map((d, i) => [d, estimate(shares.map((sh) => sh[i]))]),
  ) as Record<CapacityDepartment, Estimate>;
  const counterfactuals = [
    { relaxed: "nothing (as planned)", mask: 0 },
    { relaxed: "IT/hosting unlimited", mask: 1 },
    { relaxed: "consultants unlimited", mask: 2 },
    { relaxed: "stock unlimited", mask: 4 },
    { relaxed: "all capacities unlimited", mask: 7 },
  ].map(({ relaxed, mask }) => ({
    relaxed,
    revenue: estimate(coalitionRevenue.map((v) => v[mask])),
  }));

  const actualRuns = variants.map((runs) => runs[0]);
  const unconstrainedRuns = variants.map((runs) => runs[7]);
  const ledger = lossLedger(actualPlan, actualRuns, unconstrainedRuns);
  const meanRevenue = estimate(revenue);
  const waterfall = [
    {
      step: "potential (everyone lost had bought)",
      revenue: meanRevenue.mean + ledger.reduce((a, l) => a + l.revenueAtStake, 0),
    },
  ];
  let left = waterfall[0].revenue;
  for (const l of ledger) {
    left -= l.revenueAtStake;
    waterfall.push({ step: `− ${l.cause}`, revenue: left });
  }

  const binding = bindingHours(actualRuns, s.horizon.days);
  const explanation: Explanation = {
    scenario: s.name,
    seed: s.seed,
    currency: s.currency,
    replications,
    revenue: meanRevenue,
    unconstrainedRevenue: estimate(unconstrained),
    gap: estimate(unconstrained.map((u, r) => u - revenue[r])),
    shapley: shapleyEstimates,
    counterfactuals,
    ledger,
    waterfall,
    marginal,
    binding,
    verdict: { department: "none", text: "" },
  };
  explanation.verdict = verdict(explanation);
  return explanation;
}

function leverOf(l: LeverSpec, uplift: Estimate): Lever {
  return {
    lever: l.lever,
    department: l.department,
    uplift,
    cost: l.cost,
    upliftPerMoney: l.cost && l.cost > 0 ? uplift.mean / l.cost : null,
  };
}

const mean = (runs: RunResult[], c: number) =>
  runs.reduce((a, r) => a + r.counters[c], 0) / runs.length;

/**
 * Every reached person who did not buy, once (the causes of report/summarize.ts), with the
 * revenue at stake. Capacity losses count the lost visitors whose own drawn intent was to buy;
 * marketing losses are valued at what the next stage's visitors bring when nothing is limited
 * (same visitors).
 */
function lossLedger(plan: Plan, actual: RunResult[], unconstrained: RunResult[]): LedgerLine[] {
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

const DEPARTMENT_NAME: Record<Department, string> = {
  marketing: "marketing",
  it: "IT/hosting",
  sales: "sales",
  supply: "supply",
};

/** Hours each capacity department lost anyone, as "days a–b, hh:00–hh:59" text. */
function bindingHours(runs: RunResult[], days: number): BindingHours[] {
  const slots = runs[0].clicksBySlot.length;
  const pick = {
    it: "lostHostingBySlot",
    sales: "lostAbandonBySlot",
    supply: "lostStockBySlot",
  } as const;
  return CAPACITY_DEPARTMENTS.map((department) => {
    const hit = new Uint8Array(slots);
    for (const r of runs) {
      const a = r[pick[department]];
      for (let s = 0; s < slots; s++) if (a[s] > 0) hit[s] = 1;
    }
    const dayHit = new Set<number>();
    const hourCount = new Array<number>(24).fill(0);
    let hours = 0;
    for (let s = 0; s < slots; s++)
      if (hit[s]) {
        hours++;
        dayHit.add(Math.floor((s * SLOT_MIN) / DAY_MIN) + 1);
        hourCount[s % 24]++;
      }
    const name = DEPARTMENT_NAME[department];
    if (hours === 0) return { department, hours, text: `${name} never binds` };
    // Hours of day on which it binds on at least a quarter of its binding days.
    const often = hourCount.map((n, h) => (n * 4 >= dayHit.size ? h : -1)).filter((h) => h >= 0);
    return {
      department,
      hours,
      text: `${name} binds ${ranges(often, (a, b) => `${pad(a)}:00–${pad(b)}:59`)} on days ${ranges(
        [...dayHit].sort((a, b) => a - b),
        (a, b) => (a === b ? `${a}` : `${a}–${b}`),
      )} (${hours} of ${days * 24} hours)`,
    };
  });
}

const pad = (h: number) => String(h).padStart(2, "0");

function ranges(xs: number[], fmt: (a: number, b: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < xs.length; ) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    out.push(fmt(xs[i], xs[j]));
    i = j + 1;
  }
  return out.join(", ");
}

const money = { format: formatWhole };

/**
 * The verdict in the planner's words: the department whose limit costs the most revenue (if
 * it is clearly above zero), what it costs, and the lever that releases it best per money (or
 * by revenue where no costs are given).
 */
function verdict(e: Explanation): { department: Department | "none"; text: string } {
  const cur = e.currency;
  // With one replication there is no interval to quote.
  const pmx = (x: Estimate) =>
    e.replications > 1
      ? `${money.format(x.mean)} ± ${money.format(x.halfWidth)}`
      : money.format(x.mean);
  const ranked = CAPACITY_DEPARTMENTS.map((d) => ({ d, s: e.shapley[d] })).sort(
    (a, b) => b.s.mean - a.s.mean,
  );
  const top = ranked[0];
  const significant =
    top.s.mean > 0 &&
    top.s.mean - top.s.halfWidth > 0 &&
    top.s.mean >= 0.01 * e.unconstrainedRevenue.mean;
  if (!significant)
    return {
      department: "none",
      text: `No capacity department caps revenue: with the site, consultants and stock all unlimited the same visitors would bring ${money.format(e.unconstrainedRevenue.mean)} ${cur} against ${money.format(e.revenue.mean)} ${cur} now (gap ${pmx(e.gap)}). Revenue is set by marketing — reach and the audience's intent.`,
    };
  const name = DEPARTMENT_NAME[top.d];
  const share = (100 * top.s.mean) / Math.max(1, e.gap.mean);
  const others = ranked
    .slice(1)
    .filter((r) => r.s.mean - r.s.halfWidth > 0)
    .map((r) => `${DEPARTMENT_NAME[r.d]} ${pmx(r.s)}`);
  const own = e.marginal.filter((l) => l.department === top.d);
  const best = [...own].sort((a, b) =>
    a.upliftPerMoney !== null && b.upliftPerMoney !== null
      ? b.upliftPerMoney - a.upliftPerMoney
      : b.uplift.mean - a.uplift.mean,
  )[0];
  const lever =
    best && best.uplift.mean > 0
      ? ` The cheapest lever that releases it: ${best.lever}, +${pmx(best.uplift)} ${cur}${best.upliftPerMoney !== null ? ` (${best.upliftPerMoney.toFixed(1)} ${cur} per ${cur} spent)` : ""}.`
      : best
        ? ` None of the levers tried (${own.map((l) => l.lever).join("; ")}) releases it: look at when it binds.`
        : "";
  return {
    department: top.d,
    text: `Revenue is capped by ${name}: its limit costs ${pmx(top.s)} ${cur} (${share.toFixed(0)} % of the ${money.format(e.gap.mean)} ${cur} the capacity limits cost together; actual ${money.format(e.revenue.mean)} ${cur} against ${money.format(e.unconstrainedRevenue.mean)} ${cur} with nothing limited).${others.length ? ` Also binding: ${others.join(", ")} ${cur}.` : ""}${lever} ${e.binding.find((b) => b.department === top.d)?.text ?? ""}.`,
  };
}

/** The departments' sections of a scenario, for plan-against-actual decomposition. */
export const SECTION_DEPARTMENTS = ["marketing", "it", "sales", "supply"] as const;
export type SectionDepartment = (typeof SECTION_DEPARTMENTS)[number];

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
  text: string;
}

/** `against` with the sections of the departments in `mask` (bit i = SECTION_DEPARTMENTS[i]) taken from `s`. */
function mixSections(s: Scenario, against: Scenario, mask: number): Scenario {
  const from = (i: number) => (mask & (1 << i) ? s : against);
  const m = from(0);
  return {
    ...s,
    marketing: m.marketing,
    segments: m.segments,
    offer: m.offer,
    site: from(1).site,
    sales: from(2).sales,
    supply: from(3).supply,
  };
}

/** What a plan's visitors' draws depend on: plans equal here can share visitors. */
function drawSignature(s: Scenario): string {
  const { marketing, segments, offer, horizon, seed } = s;
  return JSON.stringify([
    marketing,
    segments,
    offer,
    horizon,
    seed,
    s.site.session,
    s.site.bounceRate,
    s.sales.handleTime,
    s.sales.patience,
    s.sales.skill,
  ]);
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
  const scenarios = Array.from({ length: 16 }, (_, mask) => mixSections(s, against, mask));
  const plans = scenarios.map(compile);
  const groups = new Map<string, number[]>();
  scenarios.forEach((sc, mask) => {
    const key = drawSignature(sc);
    groups.set(key, [...(groups.get(key) ?? []), mask]);
  });
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
  const cur = s.currency;
  const parts = SECTION_DEPARTMENTS.map(
    (d) =>
      `${DEPARTMENT_NAME[d]} ${shapleyEstimates[d].mean >= 0 ? "+" : "−"}${money.format(Math.abs(shapleyEstimates[d].mean))} ± ${money.format(shapleyEstimates[d].halfWidth)}`,
  );
  return {
    scenario: s.name,
    against: against.name,
    replications,
    revenue: estimate(value.map((v) => v[15])),
    againstRevenue: estimate(value.map((v) => v[0])),
    difference,
    shapley: shapleyEstimates,
    text: `Revenue differs by ${difference.mean >= 0 ? "+" : "−"}${money.format(Math.abs(difference.mean))} ± ${money.format(difference.halfWidth)} ${cur} from ${against.name}; by department: ${parts.join(", ")} ${cur}.`,
  };
}
