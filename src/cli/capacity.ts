import type { Argv } from "yargs";
import {
  type CapacityResult,
  capacity,
  capacityWork,
  DEFAULT_CAPACITY_REPLICATIONS,
  DEFAULT_MAX_VALUE,
  DEFAULT_TARGET,
  leversOf,
  scaledScenario,
  unlimitedLevers,
} from "../analysis/capacity.js";
import type { WorkerPool } from "../parallel/pool.js";
import { renderCapacity } from "../report/capacity.js";
import { renderCapacityHtml } from "../report/studyHtml.js";
import { formatWarning, type Problem } from "../scenario/errors.js";
import { loadScenario } from "../scenario/parse.js";
import { UsageError } from "./errors.js";
import { checkReplications, prepare, stopOnSignals, threadsFor } from "./estimate.js";
import type { ScenarioCommandOptions } from "./options.js";
import {
  debugOption,
  htmlOption,
  jsonOption,
  resourceOptions,
  resourcesOf,
  seedOption,
  setOption,
  strictOption,
} from "./options.js";
import { outFormat, writeAtomically } from "./output.js";
import { progressBar } from "./progress.js";
import { factsOf, provenanceOf, withProvenance, writeHtml } from "./provenance.js";

export interface CapacityCommandOptions extends ScenarioCommandOptions {
  target?: number;
  traffic?: number;
  maxValue?: number;
  replications?: number;
}

/** Checks the command line's numbers (exit 2 with what is wrong). */
export function capacityOptions(o: CapacityCommandOptions) {
  const target = o.target ?? DEFAULT_TARGET;
  if (!(target > 0 && target <= 1))
    throw new UsageError(
      `--target must be a share of the revenue above 0 and at most 1, e.g. 0.95 (got ${o.target})`,
    );
  const traffic = o.traffic ?? 1;
  if (!(traffic > 0) || !Number.isFinite(traffic))
    throw new UsageError(
      `--traffic must be a factor > 0 on the scenario's reach (got ${o.traffic})`,
    );
  const maxValue = o.maxValue ?? DEFAULT_MAX_VALUE;
  if (!Number.isInteger(maxValue) || maxValue < 1)
    throw new UsageError(`--max-value must be a whole number ≥ 1 (got ${o.maxValue})`);
  const replications = checkReplications(o.replications ?? DEFAULT_CAPACITY_REPLICATIONS, 2);
  return { target, traffic, maxValue, replications };
}

/** `funnel-sim capacity`: the least value of each capacity limit that keeps the target. */
export async function capacityCommand(o: CapacityCommandOptions): Promise<void> {
  const options = capacityOptions(o);
  const threads = threadsFor(o.threads);
  if (o.out !== undefined && outFormat(o.out) !== "json")
    throw new UsageError(`--out ${o.out}: capacity writes JSON: name a .json file`);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    const given = loadScenario(o.scenario, overrides, {
      strict: o.strict,
      onWarning: (p: Problem) => process.stderr.write(`${formatWarning(p)}\n`),
    });
    let scenario: typeof given;
    try {
      scenario = scaledScenario(given, options.traffic);
    } catch (e) {
      throw new UsageError((e as Error).message, { hint: false });
    }
    const already = unlimitedLevers(scenario);
    if (already.length > 0)
      throw new UsageError(
        `${o.scenario}: ${already.map((l) => l.name).join(", ")} ${already.length === 1 ? "is" : "are"} already unlimited: there is nothing to size. Give ${already.length === 1 ? "it" : "them"} a value (--set), or mark ${already.length === 1 ? "it" : "them"} fixed: true to size the others`,
        { hint: false },
      );
    const levers = leversOf(scenario);
    pool = await prepare(
      capacityWork(scenario, options.replications),
      threads,
      o,
      `capacity ${o.scenario}`,
    );
    // A phase per lever alone, the joint setting, and the cheapest one.
    const progress = progressBar("capacity", levers.length + 2);
    const result: CapacityResult = await capacity(scenario, options, pool, progress.tick);
    progress.stop();
    const facts = factsOf(o, result.seed, result.replications, pool);
    if (o.html) writeHtml(o.html, facts, (p) => renderCapacityHtml(result, p));
    const json = withProvenance(result, provenanceOf(facts));
    if (o.out !== undefined) writeAtomically(o.out, json);
    process.stdout.write(o.json ? json : renderCapacity(result));
  } finally {
    done();
    await pool?.destroy();
  }
}

/** `capacity`'s options (registered in main.ts). */
export const capacityYargs = (y: Argv) =>
  y
    .option("target", {
      type: "number",
      default: DEFAULT_TARGET,
      describe:
        "share of the revenue with the limit unlimited to keep, in (0, 1]: read from the lower end of the 95 % interval",
    })
    .option("traffic", {
      type: "number",
      default: 1,
      describe: "ask the question of this many times the scenario's reach (same budget)",
    })
    .option("max-value", {
      type: "number",
      default: DEFAULT_MAX_VALUE,
      describe: "the largest value a search sets a limit to",
    })
    .option("set", setOption)
    .option("seed", seedOption)
    .option("replications", {
      type: "number",
      default: DEFAULT_CAPACITY_REPLICATIONS,
      describe: "replications (common random numbers: every setting serves the same visitors)",
    })
    .options(resourceOptions)
    .option("json", jsonOption)
    .option("out", { type: "string", describe: "also write the JSON to FILE.json (atomically)" })
    .option("html", htmlOption)
    .option("strict", strictOption)
    .option("debug", debugOption);

export type CapacityArgv = Awaited<ReturnType<ReturnType<typeof capacityYargs>["parseAsync"]>>;

/** The command's options from its parsed command line (the seed parsed by main.ts). */
export const capacityFromArgv = (
  argv: CapacityArgv,
  scenario: string,
  seed: number | undefined,
): CapacityCommandOptions => ({
  scenario,
  set: argv.set.map(String),
  seed,
  target: argv.target,
  traffic: argv.traffic,
  maxValue: argv.maxValue,
  replications: argv.replications,
  ...resourcesOf(argv),
  json: argv.json,
  out: argv.out,
  html: argv.html,
  strict: argv.strict,
});
