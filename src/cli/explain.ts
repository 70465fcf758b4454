import { compare, compareWork } from "../analysis/compare.js";
import { explain, explainWork } from "../analysis/explain.js";
import type { WorkerPool } from "../parallel/pool.js";
import { shardPoint } from "../parallel/shard.js";
import { together } from "../parallel/workload.js";
import { renderBinding } from "../report/binding.js";
import { renderAgainst, renderExplanation } from "../report/explainTerminal.js";
import { renderExplainHtml } from "../report/html.js";
import { renderVerdict } from "../report/verdict.js";
import { formatWarning, type Problem } from "../scenario/errors.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import { checkReplications, prepare, stopOnSignals, threadsFor } from "./estimate.js";
import type { ScenarioCommandOptions } from "./options.js";
import { outFormat, writeAtomically } from "./output.js";
import { progressBar } from "./progress.js";
import { factsOf, provenanceOf, withProvenance, writeHtml } from "./provenance.js";

export interface ExplainOptions extends ScenarioCommandOptions {
  against?: string;
  replications: number;
  /** Shard i/N (cli/shard.ts runs the command as a shard). */
  shard?: string;
}

/** `funnel-sim explain`: which department caps revenue, by how much, and what releases it. */
export async function explainCommand(o: ExplainOptions): Promise<void> {
  const replications = checkReplications(o.replications, 2);
  if (o.out !== undefined && outFormat(o.out) !== "json")
    throw new UsageError(`--out ${o.out}: explain writes its JSON document: name a .json file`);
  const threads = threadsFor(o.threads);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const scenarioOptions = {
    strict: o.strict,
    onWarning: (p: Problem) => process.stderr.write(`${formatWarning(p)}\n`),
  };
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    const scenario = loadScenario(o.scenario, overrides, scenarioOptions);
    const against =
      o.against === undefined
        ? undefined
        : loadScenario(o.against, o.seed === undefined ? [] : [`seed=${o.seed}`], scenarioOptions);
    if (against && against.horizon.days !== scenario.horizon.days)
      throw new UsageError(
        `--against ${o.against} has a ${against.horizon.days}-day horizon, ${o.scenario} ${scenario.horizon.days}: compare like with like`,
      );
    const work = together(
      explainWork(scenario, replications),
      ...(against ? [compareWork(scenario, against, replications)] : []),
    );
    pool = await prepare(work, threads, o, `explain ${o.scenario}`);
    // Each replication runs the capacity variants on shared visitors, plus the budget lever.
    const progress = progressBar("explain", 2 * replications);
    const facts = factsOf(o, scenario.seed, replications, pool);
    const provenance = provenanceOf(facts);
    // Handed over together: a shard computes its share of both (parallel/shard.ts).
    const [explanation, comparison] = await shardPoint(
      Promise.all([
        explain(scenario, replications, pool, progress.tick),
        against ? compare(scenario, against, replications, pool) : undefined,
      ]),
    );
    progress.stop();
    // The JSON carries the sentences a planner reads beside the data they are made from.
    const doc = {
      ...explanation,
      verdict: { ...explanation.verdict, text: renderVerdict(explanation) },
      binding: explanation.binding.map((b) => ({ ...b, text: renderBinding(b) })),
      ...(comparison ? { against: { ...comparison, text: renderAgainst(comparison) } } : {}),
    };
    if (o.html)
      writeHtml(o.html, facts, (p) =>
        renderExplainHtml(
          explanation,
          doc.verdict.text,
          doc.binding.map((b) => b.text),
          p,
        ),
      );
    if (o.out !== undefined) writeAtomically(o.out, withProvenance(doc, provenance));
    process.stdout.write(
      o.json ? withProvenance(doc, provenance) : renderExplanation(explanation, comparison),
    );
  } finally {
    done();
    await pool?.destroy();
  }
}
