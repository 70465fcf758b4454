import { explain } from "../analysis/explain.js";
import { compile, expectedClicks } from "../core/plan.js";
import { defaultThreads, WorkerPool } from "../parallel/pool.js";
import { PARALLEL_CLICKS_MIN, runReplications } from "../parallel/runs.js";
import { summarize } from "../report/summarize.js";
import { summarizeReplications } from "../report/summarizeReplications.js";
import { renderTerminal } from "../report/terminal.js";
import { renderVerdict } from "../report/verdict.js";
import { formatWarning } from "../scenario/errors.js";
import { loadScenario } from "../scenario/parse.js";
import type { Scenario } from "../scenario/schema.js";
import { UsageError } from "./errors.js";
import { progressBar } from "./progress.js";

export interface RunOptions {
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
}

/** `funnel-sim run`: one run, or R replications with 95 % intervals, as a report or JSON. */
export async function runCommand(o: RunOptions): Promise<void> {
  if (!Number.isInteger(o.replications) || o.replications < 1)
    throw new UsageError(`--replications must be a whole number ≥ 1 (got ${o.replications})`);
  const threads = o.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a whole number ≥ 1 (got ${threads})`);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  // Replications can always use the workers: start them first, so that they boot while this
  // thread reads and checks the scenario. A single run uses them only when it is big enough
  // to draw its reach on them (parallel/runs.ts), which only the scenario tells.
  const early =
    o.replications > 1 ? await WorkerPool.open(Math.min(threads, o.replications)) : null;
  let scenario: Scenario;
  try {
    scenario = loadScenario(o.scenario, overrides, {
      strict: o.strict,
      onWarning: (p) => process.stderr.write(`${formatWarning(p)}\n`),
    });
  } catch (e) {
    await early?.destroy();
    throw e;
  }
  const plan = compile(scenario);
  const pool =
    early ??
    (await WorkerPool.open(
      o.replications === 1 && expectedClicks(plan) >= PARALLEL_CLICKS_MIN ? threads : 1,
    ));
  const stop = () => {
    void pool?.destroy();
    process.exit(130);
  };
  process.once("SIGINT", stop);
  const progress = progressBar("replications", o.replications > 1 ? o.replications : 0);
  try {
    const runs = await runReplications(plan, o.replications, pool, progress.tick);
    progress.stop();
    const report =
      o.replications === 1
        ? summarize(scenario, plan, runs[0])
        : summarizeReplications(scenario, plan, runs, o.perReplication);
    if (o.json) {
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      return;
    }
    const body = renderTerminal(report);
    if (o.verdict === false) {
      process.stdout.write(body);
      return;
    }
    // The terminal report ends with the verdict of `explain` on the same replications.
    const explanation = await explain(scenario, o.replications, pool);
    process.stdout.write(
      `${body}\nVerdict\n  ${renderVerdict(explanation)}\n  (funnel-sim explain ${o.scenario} gives the full attribution over 20 replications)\n`,
    );
  } finally {
    progress.stop();
    process.off("SIGINT", stop);
    await pool?.destroy();
  }
}
