import { expectExitCode, judge, usesVerdict } from "../analysis/expect.js";
import { explain, explainWork } from "../analysis/explain.js";
import { hourlySeries, seriesJson } from "../analysis/series.js";
import { summarize } from "../analysis/summarize.js";
import { summarizeReplications } from "../analysis/summarizeReplications.js";
import { compile, expectedClicks } from "../core/plan.js";
import { WorkerPool } from "../parallel/pool.js";
import { PARALLEL_CLICKS_MIN, runReplications } from "../parallel/runs.js";
import { shardPoint } from "../parallel/shard.js";
import { together, variantsWork } from "../parallel/workload.js";
import { renderExpect } from "../report/check.js";
import { renderRunHtml } from "../report/html.js";
import { renderTerminal } from "../report/terminal.js";
import { renderVerdict } from "../report/verdict.js";
import { formatWarning } from "../scenario/errors.js";
import { statementsOf } from "../scenario/expect.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import { checkReplications, prepare, stopOnSignals, threadsFor } from "./estimate.js";
import type { ScenarioCommandOptions } from "./options.js";
import { outFormat, writeAtomically } from "./output.js";
import { progressBar } from "./progress.js";
import { factsOf, provenanceOf, withProvenance, writeHtml } from "./provenance.js";

export interface RunOptions extends ScenarioCommandOptions {
  replications: number;
  perReplication: boolean;
  /** End the terminal report with explain's verdict (costs the counterfactual runs). */
  verdict?: boolean;
  /** Minutes per period of the timing section (1, 5, 15 or 60); absent: no timing section. */
  resolution?: number;
  /** Shard i/N (cli/shard.ts runs the command as a shard). */
  shard?: string;
}

/** `funnel-sim run`: one run, or R replications with 95 % intervals, as a report or JSON. */
export async function runCommand(o: RunOptions): Promise<void> {
  const replications = checkReplications(o.replications);
  if (o.out !== undefined && outFormat(o.out) !== "json")
    throw new UsageError(`--out ${o.out}: run writes its JSON document: name a .json file`);
  const threads = threadsFor(o.threads);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  // Replications can always use the workers: start them first, so that they boot while this
  // thread reads and checks the scenario (prepare keeps them if the work suits them).
  let pool = replications > 1 ? await WorkerPool.open(Math.min(threads, replications)) : null;
  const done = stopOnSignals(() => pool);
  const progress = progressBar("replications", replications > 1 ? replications : 0);
  try {
    const scenario = loadScenario(o.scenario, overrides, {
      strict: o.strict,
      onWarning: (p) => process.stderr.write(`${formatWarning(p)}\n`),
    });
    const plan = compile(scenario);
    if (o.resolution !== undefined) plan.resolutionMin = checkResolution(o.resolution);
    const verdict = !o.json && o.verdict !== false;
    // `expect:` statements (README, "Checking plans"); explain runs for them only if one names
    // the verdict.
    const statements = statementsOf(scenario.expect);
    const explains = verdict || usesVerdict(statements);
    const work = together(
      variantsWork([plan], replications),
      ...(explains ? [explainWork(scenario, replications)] : []),
    );
    // A single run big enough draws its reach blocks on every thread (parallel/runs.ts).
    const big = replications === 1 && expectedClicks(plan) >= PARALLEL_CLICKS_MIN;
    pool = await prepare(work, threads, o, `run ${o.scenario}`, pool, big ? threads : undefined);
    const facts = factsOf(o, scenario.seed, replications, pool);
    const provenance = provenanceOf(facts);
    // The verdict's runs are handed over with the replications: a shard computes its share of
    // both (parallel/shard.ts).
    const [runs, explanation] = await shardPoint(
      Promise.all([
        runReplications(plan, replications, pool, progress.tick),
        explains ? explain(scenario, replications, pool) : null,
      ]),
    );
    progress.stop();
    const report =
      replications === 1
        ? summarize(scenario, plan, runs[0])
        : summarizeReplications(scenario, plan, runs, o.perReplication);
    // Judged on each replication's own report; exit 1 when one fails (undecided is 0).
    const expected =
      statements.length > 0
        ? judge(
            statements,
            runs.map((run) => summarize(scenario, plan, run)),
            explanation?.verdict,
          )
        : null;
    if (expected) process.exitCode = expectExitCode(expected);
    const series = hourlySeries(runs);
    if (o.html) writeHtml(o.html, facts, (p) => renderRunHtml(report, series, p));
    // `expect` only when the scenario has statements: other reports stay byte-identical.
    const out = expected
      ? {
          ...report,
          expect: expected.map(({ statement, status, value }) => ({ statement, status, value })),
        }
      : report;
    // The hour-by-hour series the HTML report draws come after every other key.
    const doc = { ...out, series: seriesJson(series) };
    if (o.out !== undefined) writeAtomically(o.out, withProvenance(doc, provenance));
    if (o.json) {
      process.stdout.write(withProvenance(doc, provenance));
      return;
    }
    const body = renderTerminal(report);
    const tail = expected ? `\n${renderExpect(expected)}` : "";
    if (!verdict || !explanation) {
      process.stdout.write(body + tail);
      return;
    }
    // The terminal report ends with the verdict of `explain` on the same replications.
    process.stdout.write(
      `${body}\nVerdict\n  ${renderVerdict(explanation)}\n  (funnel-sim explain ${o.scenario} gives the full attribution over 20 replications)\n${tail}`,
    );
  } finally {
    progress.stop();
    done();
    await pool?.destroy();
  }
}

/** The periods a timing section may use: divisors of an hour a planner reads. */
const RESOLUTIONS = [1, 5, 15, 60];

function checkResolution(minutes: number): number {
  if (!RESOLUTIONS.includes(minutes))
    throw new UsageError(
      `--resolution ${minutes}: expected one of ${RESOLUTIONS.join(", ")} (minutes per period)`,
    );
  return minutes;
}
