import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { exitOnError, UsageError } from "./errors.js";
import { explainCommand } from "./explain.js";
import { runCommand } from "./run.js";

const debug = process.argv.includes("--debug");

/** Runs a command body, turning any error into one message and an exit code. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    exitOnError(e, debug);
  }
}
// For bench/run.mjs: the whole process's peak RSS, reported by the process itself at exit.
if (process.env.FUNNEL_SIM_REPORT_RSS)
  process.on("exit", () => process.stderr.write(`maxRSS=${process.resourceUsage().maxRSS}\n`));

void yargs(hideBin(process.argv))
  .scriptName("funnel-sim")
  .usage("$0 <command> [options]")
  .command(
    "run <scenario>",
    "simulate a scenario and print the funnel report",
    (y) =>
      y
        .positional("scenario", {
          type: "string",
          demandOption: true,
          describe: "scenario YAML file",
        })
        .option("set", {
          type: "string",
          array: true,
          default: [],
          describe: "override a key: --set sales.consultants=12",
        })
        .option("seed", { type: "number", describe: "random seed (overrides the scenario's seed)" })
        .option("json", {
          type: "boolean",
          default: false,
          describe: "print one JSON document instead of the report",
        })
        .option("replications", {
          type: "number",
          default: 1,
          describe: "independent replications, reported as mean ± 95 % interval",
        })
        .option("threads", {
          type: "number",
          describe: "worker threads (default: available parallelism)",
        })
        .option("per-replication", {
          type: "boolean",
          default: false,
          describe: "with --json and --replications: include every replication's report",
        }),
    (argv) =>
      guarded(() =>
        runCommand({
          scenario: argv.scenario,
          set: argv.set.map(String),
          seed: argv.seed,
          json: argv.json,
          replications: argv.replications,
          threads: argv.threads,
          perReplication: argv.perReplication,
        }),
      ),
  )
  .command(
    "explain <scenario>",
    "which department caps revenue, by how much, and the lever that releases it",
    (y) =>
      y
        .positional("scenario", {
          type: "string",
          demandOption: true,
          describe: "scenario YAML file",
        })
        .option("against", {
          type: "string",
          describe: "a second scenario (e.g. the plan): split the revenue difference by department",
        })
        .option("set", {
          type: "string",
          array: true,
          default: [],
          describe: "override a key: --set sales.consultants=12",
        })
        .option("seed", { type: "number", describe: "random seed (overrides the scenarios' seed)" })
        .option("replications", {
          type: "number",
          default: 20,
          describe: "replications for the intervals",
        })
        .option("threads", {
          type: "number",
          describe: "worker threads (default: available parallelism)",
        })
        .option("json", { type: "boolean", default: false, describe: "print one JSON document" }),
    (argv) =>
      guarded(() =>
        explainCommand({
          scenario: argv.scenario,
          against: argv.against,
          set: argv.set.map(String),
          seed: argv.seed,
          json: argv.json,
          replications: argv.replications,
          threads: argv.threads,
        }),
      ),
  )
  .option("debug", { type: "boolean", default: false, describe: "show stack traces" })
  .demandCommand(1, "name a command, e.g. funnel-sim run scenarios/alpha-content-actual.yaml")
  .strict()
  .fail((msg, err) => exitOnError(err ?? new UsageError(msg), debug))
  .help()
  .parseAsync()
  .catch((e: unknown) => exitOnError(e, debug));
