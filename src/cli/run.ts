import { summarizeReplications } from "../analysis/replications.js";
import { compile } from "../core/plan.js";
import { defaultThreads, WorkerPool } from "../parallel/pool.js";
import { runReplications } from "../parallel/runs.js";
import { summarize } from "../report/summarize.js";
import { renderReplications, renderTerminal } from "../report/terminal.js";
import { loadScenario } from "../scenario/parse.js";
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
}

/** `funnel-sim run`: one run, or R replications with 95 % intervals, as a report or JSON. */
export async function runCommand(o: RunOptions): Promise<void> {
  if (!Number.isInteger(o.replications) || o.replications < 1)
    throw new UsageError(`--replications must be a whole number ≥ 1 (got ${o.replications})`);
  const threads = o.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a whole number ≥ 1 (got ${threads})`);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const scenario = loadScenario(o.scenario, overrides);
  const plan = compile(scenario);

  // A single small run never starts a worker (see parallel/runs.ts).
  const pool = await WorkerPool.open(
    o.replications > 1 || plan.channels.some((c) => c.reach > 0)
      ? Math.min(threads, o.replications > 1 ? o.replications : threads)
      : 1,
  );
  const stop = () => {
    void pool?.destroy();
    process.exit(130);
  };
  process.once("SIGINT", stop);
  const progress = progressBar("replications", o.replications > 1 ? o.replications : 0);
  try {
    const runs = await runReplications(plan, o.replications, pool, progress.tick);
    progress.stop();
    const reports = runs.map((run) => summarize(scenario, plan, run));
    if (o.replications === 1) {
      process.stdout.write(
        o.json ? `${JSON.stringify(reports[0], null, 2)}\n` : renderTerminal(reports[0]),
      );
      return;
    }
    const summary = summarizeReplications(reports, o.perReplication);
    process.stdout.write(
      o.json ? `${JSON.stringify(summary, null, 2)}\n` : renderReplications(summary),
    );
  } finally {
    progress.stop();
    process.off("SIGINT", stop);
    await pool?.destroy();
  }
}
