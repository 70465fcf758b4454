import { writeSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { exitOnError, UsageError } from "./errors.js";
import { explainCommand } from "./explain.js";
import { runCommand } from "./run.js";

const args = hideBin(process.argv);
const debug = args.includes("--debug");

// For bench/run.mjs: the whole process's peak RSS, reported by the process itself at exit.
if (process.env.FUNNEL_SIM_REPORT_RSS)
  process.on("exit", () => writeSync(2, `maxRSS=${process.resourceUsage().maxRSS}\n`));

/** Runs a command body, turning any error into one message and an exit code. */
async function guarded(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    exitOnError(e, debug);
  }
}

const setOption = {
  type: "string",
  array: true,
  default: [] as string[],
  describe: "override a key: --set sales.consultants=12 (key=null removes it)",
} as const;
const strictOption = {
  type: "boolean",
  default: false,
  describe: "treat warnings (e.g. a budget that disagrees with the channels' spend) as errors",
} as const;
const threadsOption = {
  type: "number",
  describe: "worker threads (default: available parallelism)",
} as const;

const runOptions = (y: Argv) =>
  y
    .option("set", setOption)
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
    .option("threads", threadsOption)
    .option("per-replication", {
      type: "boolean",
      default: false,
      describe: "with --json and --replications: include every replication's report",
    })
    .option("verdict", {
      type: "boolean",
      default: true,
      describe: "end the report with explain's verdict (--no-verdict skips its extra runs)",
    })
    .option("strict", strictOption)
    .option("debug", { type: "boolean", default: false, describe: "show stack traces" });

const explainOptions = (y: Argv) =>
  y
    .option("against", {
      type: "string",
      describe: "a second scenario (e.g. the plan): split the revenue difference by department",
    })
    .option("set", setOption)
    .option("seed", { type: "number", describe: "random seed (overrides the scenarios' seed)" })
    .option("replications", {
      type: "number",
      default: 20,
      describe: "replications for the intervals",
    })
    .option("threads", threadsOption)
    .option("json", { type: "boolean", default: false, describe: "print one JSON document" })
    .option("strict", strictOption)
    .option("debug", { type: "boolean", default: false, describe: "show stack traces" });

type RunArgv = Awaited<ReturnType<ReturnType<typeof runOptions>["parseAsync"]>>;
type ExplainArgv = Awaited<ReturnType<ReturnType<typeof explainOptions>["parseAsync"]>>;

const run = (argv: RunArgv, scenario: string) =>
  guarded(() =>
    runCommand({
      scenario,
      set: argv.set.map(String),
      seed: argv.seed,
      json: argv.json,
      replications: argv.replications,
      threads: argv.threads,
      perReplication: argv.perReplication,
      verdict: argv.verdict,
      strict: argv.strict,
    }),
  );

const explain = (argv: ExplainArgv, scenario: string) =>
  guarded(() =>
    explainCommand({
      scenario,
      against: argv.against,
      set: argv.set.map(String),
      seed: argv.seed,
      json: argv.json,
      replications: argv.replications,
      threads: argv.threads,
      strict: argv.strict,
    }),
  );

const COMMANDS = {
  run: {
    describe: "simulate a scenario and print the funnel report",
    options: runOptions,
    handler: run,
  },
  explain: {
    describe: "which department caps revenue, by how much, and the lever that releases it",
    options: explainOptions,
    handler: explain,
  },
} as const;
type CommandName = keyof typeof COMMANDS;

const fail = (msg: string | null, err: Error | undefined) =>
  exitOnError(err ?? new UsageError(msg ?? "bad command line"), debug);

/** Parses the command line and runs the command (no top-level await: the CLI bundle is CommonJS). */
async function main(): Promise<void> {
  const name = args[0] as CommandName;
  if (name in COMMANDS && !args.some((a) => a === "--help" || a === "-h")) {
    // A named command parses only its own options: yargs' command routing renders and caches
    // the whole help text on every run (~20–30 ms of a cold start here), which a run never shows.
    const command = COMMANDS[name];
    const parser = command
      .options(yargs(args.slice(1)).scriptName(`funnel-sim ${name}`))
      .usage(`$0 <scenario>\n\n${command.describe}`)
      .demandCommand(1, 1, "name the scenario file", "give one scenario file")
      .strict()
      .help(false)
      .version(false)
      .fail(fail);
    const argv = (await parser.parseAsync()) as RunArgv & ExplainArgv;
    await command.handler(argv, String(argv._[0]));
  } else {
    // Everything else (help, a typo in the command name) goes through the full command set.
    await yargs(args)
      .scriptName("funnel-sim")
      .usage("$0 <command> [options]")
      .command(
        "run <scenario>",
        COMMANDS.run.describe,
        (y) =>
          runOptions(y).positional("scenario", { type: "string", describe: "scenario YAML file" }),
        (argv) => run(argv as RunArgv, String(argv.scenario)),
      )
      .command(
        "explain <scenario>",
        COMMANDS.explain.describe,
        (y) =>
          explainOptions(y).positional("scenario", {
            type: "string",
            describe: "scenario YAML file",
          }),
        (argv) => explain(argv as ExplainArgv, String(argv.scenario)),
      )
      .demandCommand(1, "name a command, e.g. funnel-sim run scenarios/alpha-content-actual.yaml")
      .strict()
      .fail(fail)
      .help()
      .parseAsync()
      .catch((e: unknown) => exitOnError(e, debug));
  }
}

void main();
