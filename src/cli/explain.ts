import { compare } from "../analysis/compare.js";
import { explain } from "../analysis/explain.js";
import { defaultThreads, WorkerPool } from "../parallel/pool.js";
import { renderBinding } from "../report/binding.js";
import { renderExplanation } from "../report/explainTerminal.js";
import { renderVerdict } from "../report/verdict.js";
import { formatWarning, type Problem } from "../scenario/errors.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import { progressBar } from "./progress.js";

export interface ExplainOptions {
  scenario: string;
  against?: string;
  set: string[];
  seed?: number;
  json: boolean;
  replications: number;
  threads?: number;
  /** Refuse a scenario with warnings (exit 2) instead of correcting it. */
  strict?: boolean;
}

/** `funnel-sim explain`: which department caps revenue, by how much, and what releases it. */
export async function explainCommand(o: ExplainOptions): Promise<void> {
  if (!Number.isInteger(o.replications) || o.replications < 2)
    throw new UsageError(
      `--replications must be a whole number ≥ 2 for intervals (got ${o.replications})`,
    );
  const threads = o.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a whole number ≥ 1 (got ${threads})`);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const scenarioOptions = {
    strict: o.strict,
    onWarning: (p: Problem) => process.stderr.write(`${formatWarning(p)}\n`),
  };
  const scenario = loadScenario(o.scenario, overrides, scenarioOptions);
  const against =
    o.against === undefined
      ? undefined
      : loadScenario(o.against, o.seed === undefined ? [] : [`seed=${o.seed}`], scenarioOptions);
  if (against && against.horizon.days !== scenario.horizon.days)
    throw new UsageError(
      `--against ${o.against} has a ${against.horizon.days}-day horizon, ${o.scenario} ${scenario.horizon.days}: compare like with like`,
    );
  const pool = await WorkerPool.open(threads);
  const stop = () => {
    void pool?.destroy();
    process.exit(130);
  };
  process.once("SIGINT", stop);
  try {
    // Each replication runs the capacity variants on shared visitors, plus the budget lever.
    const progress = progressBar("explain", 2 * o.replications);
    const explanation = await explain(scenario, o.replications, pool, progress.tick);
    progress.stop();
    const comparison = against ? await compare(scenario, against, o.replications, pool) : undefined;
    // The JSON carries the sentences a planner reads beside the data they are made from.
    const doc = {
      ...explanation,
      verdict: { ...explanation.verdict, text: renderVerdict(explanation) },
      binding: explanation.binding.map((b) => ({ ...b, text: renderBinding(b) })),
      ...(comparison ? { against: comparison } : {}),
    };
    process.stdout.write(
      o.json ? `${JSON.stringify(doc, null, 2)}\n` : renderExplanation(explanation, comparison),
    );
  } finally {
    process.off("SIGINT", stop);
    await pool?.destroy();
  }
}
