import { expectExitCode, judge, usesVerdict } from "../analysis/expect.js";
import { explain, explainWork } from "../analysis/explain.js";
import { hourlySeries } from "../analysis/series.js";
import { summarize } from "../analysis/summarize.js";
import { summarizeReplications } from "../analysis/summarizeReplications.js";
import { compile, expectedClicks } from "../core/plan.js";
import { WorkerPool } from "../parallel/pool.js";
import { PARALLEL_CLICKS_MIN, runReplications } from "../parallel/runs.js";
import { together, variantsWork } from "../parallel/workload.js";
import { renderExpect } from "../report/check.js";
import { renderRunHtml } from "../report/html.js";
import { renderTerminal } from "../report/terminal.js";
import { renderVerdict } from "../report/verdict.js";
import { formatWarning } from "../scenario/errors.js";
import { statementsOf } from "../scenario/expect.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import {
  checkReplications,
  prepare,
  type ResourceOptions,
  stopOnSignals,
  threadsFor,
} from "./estimate.js";
import { progressBar } from "./progress.js";
import { writeHtml } from "./provenance.js";

export interface RunOptions extends ResourceOptions {
  scenario: string;
  set: string[];
  seed?: number;
  json: boolean;
  replications: number;
  threads?: number;
  perReplication: boolean;
  /** End the terminal report with explain's verdict (costs the counterfactual runs). */
  verdict?: boolean;
  /** Refuse a scenario with warnings (exit 2) instead of correcting it. */
  strict?: boolean;
  /** Minutes per period of the timing section (1, 5, 15 or 60); absent: no timing section. */
  resolution?: number;
  /** Also write the report as one self-contained HTML file with charts. */
  html?: string;
}

/** `funnel-sim run`: one run, or R replications with 95 % intervals, as a report or JSON. */
export async function runCommand(o: RunOptions): Promise<void> {
  const replications = checkReplications(o.replications);
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
    const runs = await runReplications(plan, replications, pool, progress.tick);
    progress.stop();
    const report =
      replications === 1
        ? summarize(scenario, plan, runs[0])
        : summarizeReplications(scenario, plan, runs, o.perReplication);
    const explanation = explains ? await explain(scenario, replications, pool) : null;
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
    if (o.html)
      writeHtml(
        o.html,
        {
          scenarioFile: o.scenario,
          overrides,
          seed: scenario.seed,
          replications,
          threads: pool ? threads : 1,
        },
        (provenance) => renderRunHtml(report, hourlySeries(runs), provenance),
      );
    if (o.json) {
      // `expect` only when the scenario has statements: other reports stay byte-identical.
      const out = expected
        ? {
            ...report,
            expect: expected.map(({ statement, status, value }) => ({ statement, status, value })),
          }
        : report;
      process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
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
