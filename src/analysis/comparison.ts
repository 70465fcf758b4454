import type { RunResult } from "../core/pipeline.js";
import type { Plan } from "../core/plan.js";
import { funnelRows, STAGES } from "../model/stages.js";
import { DEPARTMENTS } from "../model/vocabulary.js";
import type { Scenario } from "../scenario/schema.js";
import { type Estimate, estimate, estimatePresent } from "./replications.js";
import { type Department, type Report, summarize } from "./summarize.js";

/**
 * Scenarios side by side (`funnel-sim compare`): the article's plan/actual table extended to
 * the whole funnel, one column per scenario and a change column of each later scenario against
 * the first. Data only: the words are the report's (report/comparisonTerminal.ts).
 */

/** What a row counts; money is in the scenarios' currency. */
export type ComparisonUnit =
  | "money"
  | "money/contact"
  | "money/click"
  | "money/sale"
  | "people"
  | "share";

/** The table's sections, in order. */
export type ComparisonSection = "marketing" | "funnel" | "losses" | "revenue";

/** Scenario k against the first one. */
export interface Change {
  /** Per-replication difference (scenario k − first), paired by replication index: replication r
   * of both draws from the same (seed, r)-keyed streams. Over the replications both have the
   * figure in (with `n` when not all). */
  difference: Estimate;
  /** (mean k − mean first) / |mean first|; null when the first's mean is 0. */
  relative: number | null;
}

export interface ComparisonRow {
  /** A report figure's name (`clicked`, `costPerClick`), `a/b` for the conversion of stage a
   * from stage b, `lost.<department>` for a department's losses. */
  key: string;
  section: ComparisonSection;
  unit: ComparisonUnit;
  /** For a conversion: the key of the stage it is a share of. */
  of?: string;
  /** One per scenario, in their order: mean, sd, 95 % half-width, min, max over replications
   * (null when no replication has the figure, e.g. a cost per sale with no sale). */
  values: (Estimate | null)[];
  /** One per later scenario: changes[j] is scenario j + 1 against scenario 0 (null when no
   * replication has the figure in both). */
  changes: (Change | null)[];
}

export interface ComparedScenario {
  /** The file it was read from (the column heading). */
  file: string;
  name: string;
  seed: number;
  horizonDays: number;
  currency: string;
}

export interface ScenarioComparison {
  replications: number;
  scenarios: ComparedScenario[];
  rows: ComparisonRow[];
}

/** One scenario's input: validated, compiled, and its runs in replication order. */
export interface ComparisonInput {
  file: string;
  scenario: Scenario;
  plan: Plan;
  runs: readonly RunResult[];
}

/** One replication's figures, as the table reads them. */
interface Figures {
  report: Report;
  budget: number;
}

type Get = (f: Figures) => number | null;

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** A department's losses: the sum of its loss causes (the stages' declared losses). */
const lostTo = (d: Department) => (f: Figures) =>
  f.report.losses.reduce((sum, l) => (l.department === d ? sum + l.agents : sum), 0);

type Stage = keyof Report["funnel"];
// A stage a scenario does not have (an optional one such as checkout) has no figure there.
const stage = (k: Stage) => (f: Figures) => f.report.funnel[k] ?? null;
const conversion = (a: Stage, b: Stage) => (f: Figures) =>
  a in f.report.funnel && b in f.report.funnel
    ? ratio(f.report.funnel[a], f.report.funnel[b])
    : null;

interface RowSpec {
  key: string;
  section: ComparisonSection;
  unit: ComparisonUnit;
  of?: string;
  get: Get;
}

/** A funnel stage and its conversion from the stage before it (as the `run` report's funnel). */
function stageRows(a: Stage, b?: Stage, section: ComparisonSection = "funnel"): RowSpec[] {
  const rows: RowSpec[] = [{ key: a, section, unit: "people", get: stage(a) }];
  if (b) rows.push({ key: `${a}/${b}`, section, unit: "share", of: b, get: conversion(a, b) });
  return rows;
}

/** The rows in table order, for scenarios with these plans (a stage none has is left out). */
const rowsFor = (plans: readonly Plan[]): RowSpec[] => [
  { key: "budget", section: "marketing", unit: "money", get: (f) => f.budget },
  ...stageRows("reached", undefined, "marketing"),
  ...stageRows("clicked", "reached", "marketing"),
  {
    key: "costPerContact",
    section: "marketing",
    unit: "money/contact",
    get: (f) => f.report.kpi.costPerContact,
  },
  {
    key: "costPerClick",
    section: "marketing",
    unit: "money/click",
    get: (f) => f.report.kpi.costPerClick,
  },
  // The funnel's rows after the click, as the stages declare them (the run report's funnel).
  ...STAGES.flatMap((st) => st.rows ?? [])
    .filter((r) => plans.some((p) => funnelRows(p).some((shown) => shown.counter === r.counter)))
    .filter((r) => r.counter !== "reached" && r.counter !== "clicked")
    .flatMap((r) => stageRows(r.counter, r.of ?? undefined)),
  ...DEPARTMENTS.map(
    (d): RowSpec => ({ key: `lost.${d}`, section: "losses", unit: "people", get: lostTo(d) }),
  ),
  { key: "revenue", section: "revenue", unit: "money", get: (f) => f.report.revenue },
  {
    key: "costPerSale",
    section: "revenue",
    unit: "money/sale",
    get: (f) => f.report.kpi.costPerSale,
  },
];

/**
 * The figure over replications: present in all of them, an Estimate; in some, with `n`. A
 * figure equal in every replication (a budget, a fixed reach) is that value exactly, with no
 * spread: a mean of equal floats can be an ulp off, which would give it a spread of 1e-16.
 */
function over(values: readonly (number | null)[]): Estimate | null {
  const e = values.every((v) => v !== null)
    ? estimate(values as number[])
    : estimatePresent(values);
  if (e === null || e.min !== e.max) return e;
  return { ...e, mean: e.min, sd: 0, halfWidth: 0 };
}

/** Scenario k's figure against the first's, replication by replication. */
function change(
  first: readonly (number | null)[],
  other: readonly (number | null)[],
  firstMean: Estimate | null,
  otherMean: Estimate | null,
): Change | null {
  const paired: (number | null)[] = first.map((a, r) => {
    const b = other[r];
    return a === null || b === null ? null : b - a;
  });
  const difference = over(paired);
  if (difference === null || firstMean === null || otherMean === null) return null;
  return {
    difference,
    relative:
      firstMean.mean === 0 ? null : (otherMean.mean - firstMean.mean) / Math.abs(firstMean.mean),
  };
}

/**
 * The comparison table of N ≥ 2 scenarios, each with the same number of runs (replication r of
 * every scenario in runs[r]): every figure summarized per run as the `run` report does, then
 * estimated over replications; changes against the first scenario paired by replication.
 */
export function compareScenarios(inputs: readonly ComparisonInput[]): ScenarioComparison {
  if (inputs.length < 2) throw new Error("compareScenarios: give two or more scenarios");
  const replications = inputs[0].runs.length;
  if (replications < 1 || inputs.some((i) => i.runs.length !== replications))
    throw new Error("compareScenarios: every scenario needs the same number of runs (≥ 1)");
  const figures: Figures[][] = inputs.map((i) =>
    i.runs.map((run) => ({
      report: summarize(i.scenario, i.plan, run),
      budget: i.scenario.marketing.budget,
    })),
  );
  const rows = rowsFor(inputs.map((i) => i.plan)).map(({ get, ...spec }): ComparisonRow => {
    const perScenario = figures.map((fs) => fs.map(get));
    const values = perScenario.map(over);
    return {
      ...spec,
      values,
      changes: perScenario
        .slice(1)
        .map((other, j) => change(perScenario[0], other, values[0], values[j + 1])),
    };
  });
  return {
    replications,
    scenarios: inputs.map((i) => ({
      file: i.file,
      name: i.scenario.name,
      seed: i.scenario.seed,
      horizonDays: i.scenario.horizon.days,
      currency: i.scenario.currency,
    })),
    rows,
  };
}
