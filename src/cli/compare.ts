import { statSync } from "node:fs";
import { dirname } from "node:path";
import { type Comparison, compare, compareWork } from "../analysis/compare.js";
import { compareScenarios } from "../analysis/comparison.js";
import { drawSignature } from "../analysis/drawSignature.js";
import { compile, expectedClicks, type Plan } from "../core/plan.js";
import { WorkerPool } from "../parallel/pool.js";
import { PARALLEL_CLICKS_MIN, runReplications } from "../parallel/runs.js";
import { together, variantsWork } from "../parallel/workload.js";
import {
  comparisonCsvRows,
  comparisonDocument,
  type DepartmentSplit,
  renderComparison,
} from "../report/comparisonTerminal.js";
import { renderCompareHtml } from "../report/studyHtml.js";
import { formatWarning, type Problem, ScenarioError } from "../scenario/errors.js";
import { loadScenario } from "../scenario/parse.js";
import type { Scenario } from "../scenario/schema.js";
import { UsageError } from "./errors.js";
import {
  checkReplications,
  prepare,
  type ResourceOptions,
  stopOnSignals,
  threadsFor,
} from "./estimate.js";
import { outFormat, toCsv, writeAtomically } from "./output.js";
import { progressBar } from "./progress.js";
import {
  csvWithProvenance,
  overridesOf,
  provenanceOf,
  withProvenance,
  writeHtml,
} from "./provenance.js";

export interface CompareOptions extends ResourceOptions {
  /** Two or more scenario files; the first is the base of the change columns. */
  scenarios: string[];
  /** Overrides applied to every scenario. */
  set: string[];
  seed?: number;
  json: boolean;
  replications: number;
  threads?: number;
  /** Also write the comparison to this .csv or .json file (atomically). */
  out?: string;
  /** Also write the comparison as one self-contained HTML file with charts. */
  html?: string;
  /** Split each later scenario's revenue difference from the first by department. */
  byDepartment: boolean;
  /** Refuse a scenario with warnings (exit 2) instead of correcting it. */
  strict?: boolean;
}

/**
 * How many visitor draws compare() makes per replication for one pair: its 16 mixes of the
 * departments' sections (README: `explain --against`) share visitors when their draw signatures
 * agree. Only the progress bar's length depends on it.
 */
function drawGroups(s: Scenario, against: Scenario): number {
  const signatures = new Set<string>();
  for (let mask = 0; mask < 16; mask++) {
    const from = (i: number) => (mask & (1 << i) ? s : against);
    const { marketing, segments, offer } = from(0);
    signatures.add(
      drawSignature({
        ...s,
        marketing,
        segments,
        offer,
        site: from(1).site,
        sales: from(2).sales,
        supply: from(3).supply,
      }),
    );
  }
  return signatures.size;
}

/** `--out FILE`: its format, and a folder that exists, checked before anything runs. */
function checkOut(file: string): "csv" | "json" {
  const format = outFormat(file);
  const folder = dirname(file);
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {}
  if (!isFolder) throw new UsageError(`--out ${file}: no folder ${folder}`);
  return format;
}

/**
 * `funnel-sim compare`: scenarios side by side — the plan/actual table over the whole funnel,
 * one column per scenario, the change of each later one against the first — as a table, JSON,
 * or an --out file; --by-department splits each revenue difference by department.
 */
export async function compareCommand(o: CompareOptions): Promise<void> {
  const n = o.scenarios.length;
  if (n < 2)
    throw new UsageError(
      `compare needs two or more scenario files, the first the base of the change columns (got ${n})`,
    );
  const r = checkReplications(o.replications);
  const threads = threadsFor(o.threads);
  const format = o.out === undefined ? undefined : checkOut(o.out);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];

  // Replications (and the department split) can always use the workers: they boot while this
  // thread reads and checks every scenario (prepare keeps them if the work suits them).
  let pool =
    r > 1 || o.byDepartment
      ? await WorkerPool.open(Math.min(threads, o.byDepartment ? 16 * (n - 1) * r : n * r))
      : null;
  const done = stopOnSignals(() => pool);
  let scenarios: Scenario[];
  let plans: Plan[];
  try {
    scenarios = loadAll(o.scenarios, overrides, o.strict);
    const cur = scenarios[0].currency;
    scenarios.forEach((s, k) => {
      if (s.currency !== cur)
        throw new UsageError(
          `${o.scenarios[k]} is in ${s.currency}, ${o.scenarios[0]} in ${cur}: compare like with like`,
        );
      if (o.byDepartment && s.horizon.days !== scenarios[0].horizon.days)
        throw new UsageError(
          `--by-department: ${o.scenarios[k]} has a ${s.horizon.days}-day horizon, ${o.scenarios[0]} ${scenarios[0].horizon.days}: the split compares like with like`,
        );
    });
    plans = scenarios.map(compile);
    const work = together(
      ...plans.map((p) => variantsWork([p], r)),
      ...(o.byDepartment ? scenarios.slice(1).map((s) => compareWork(s, scenarios[0], r)) : []),
    );
    const big = r === 1 && plans.some((p) => expectedClicks(p) >= PARALLEL_CLICKS_MIN);
    pool = await prepare(work, threads, o, "compare", pool, big ? threads : undefined);
  } catch (e) {
    done();
    await pool?.destroy();
    throw e;
  }
  // A single run reports no progress of its own (parallel/runs.ts); compare() one per draw.
  const work =
    (r > 1 ? n * r : 0) +
    (o.byDepartment
      ? scenarios.slice(1).reduce((sum, s) => sum + r * drawGroups(s, scenarios[0]), 0)
      : 0);
  const progress = progressBar("compare", work);
  try {
    // Every scenario's replications on the one pool: results are keyed by (seed, replication),
    // so the same whatever thread runs what.
    const runs = await Promise.all(plans.map((p) => runReplications(p, r, pool, progress.tick)));
    const table = compareScenarios(
      scenarios.map((scenario, k) => ({
        file: o.scenarios[k],
        scenario,
        plan: plans[k],
        runs: runs[k],
      })),
    );
    let splits: DepartmentSplit[] | undefined;
    if (o.byDepartment) {
      const comparisons: Comparison[] = await Promise.all(
        scenarios.slice(1).map((s) => compare(s, scenarios[0], r, pool, progress.tick)),
      );
      splits = comparisons.map((c, j) => ({
        file: o.scenarios[j + 1],
        againstFile: o.scenarios[0],
        ...c,
      }));
    }
    progress.stop();
    const doc = comparisonDocument(table, splits);
    const facts = {
      scenarioFile: o.scenarios[0],
      moreScenarios: o.scenarios.slice(1),
      overrides: overridesOf(o.set, o.seed),
      seed: table.scenarios[0].seed,
      replications: r,
      threads: pool?.threads ?? 1,
    };
    if (o.html) writeHtml(o.html, facts, (p) => renderCompareHtml(table, p));
    const provenance = provenanceOf(facts);
    const json = () => withProvenance(doc, provenance);
    // The file first: if it cannot be written, nothing is printed as if it had been.
    if (o.out !== undefined)
      writeAtomically(
        o.out,
        format === "csv"
          ? csvWithProvenance(toCsv(comparisonCsvRows(table, splits)), provenance)
          : json(),
      );
    process.stdout.write(o.json ? json() : renderComparison(table, splits));
  } finally {
    progress.stop();
    done();
    await pool?.destroy();
  }
}

/** Loads and validates every scenario (the overrides in each), reporting the problems of all
 * of them at once. */
function loadAll(files: readonly string[], overrides: string[], strict?: boolean): Scenario[] {
  const problems: Problem[] = [];
  const options = {
    strict,
    onWarning: (p: Problem) => process.stderr.write(`${formatWarning(p)}\n`),
  };
  const scenarios = files.map((file) => {
    try {
      return loadScenario(file, overrides, options);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      // A problem of an override is located by the --set alone: say which scenario it broke.
      problems.push(
        ...e.problems.map((p) => (p.file === file ? p : { ...p, file: `${file}: ${p.file}` })),
      );
      return undefined;
    }
  });
  if (problems.length > 0) throw new ScenarioError(problems);
  return scenarios as Scenario[];
}
