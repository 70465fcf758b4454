import { writeSync } from "node:fs";
import yargs, { type Argv } from "yargs";
import { hideBin } from "yargs/helpers";
import { type CapacityArgv, capacityCommand, capacityFromArgv, capacityYargs } from "./capacity.js";
import { CHECK_REPLICATIONS, checkCommand } from "./check.js";
import { compareCommand } from "./compare.js";
import { exitOnError, UsageError } from "./errors.js";
import { explainCommand } from "./explain.js";
import { headroomCommand } from "./headroom.js";
import {
  debugOption,
  htmlOption,
  jsonOption,
  resourceOptions,
  resourcesOf,
  seedOption,
  setOption,
  shardOption,
  strictOption,
} from "./options.js";
import { runCommand } from "./run.js";
import { maybeSharded, mergeCommand } from "./shard.js";
import { type StaffingArgv, staffingCommand, staffingFromArgv, staffingYargs } from "./staffing.js";
import { sweepCommand, whatifCommand } from "./study.js";
import { guardStdio } from "./write.js";

/**
 * The command line, with a --debug written before the command's name moved after it:
 * `funnel-sim --debug run x.yaml` is `funnel-sim run x.yaml --debug`.
 */
function commandLine(given: string[]): string[] {
  const name = given.findIndex((a) => a !== "--debug");
  if (name <= 0 || given[name].startsWith("-")) return given;
  return [given[name], ...given.slice(0, name), ...given.slice(name + 1)];
}

const args = commandLine(hideBin(process.argv));
const debug = args.includes("--debug");

// A failed write on stdout (a full disk, a closed pipe) is one line, not a crash: see write.ts.
guardStdio((e) => exitOnError(e, debug));

/** --seed: a whole number 0..2^32 − 1, as the scenario's `seed:` (a string option, parsed here). */
function parseSeed(given: unknown): number | undefined {
  if (given === undefined) return undefined;
  const usage = (message: string) => new UsageError(`--seed: ${message}`, { hint: false });
  if (Array.isArray(given)) {
    if (given.length !== 1) throw usage(`give one seed (got ${given.join(", ")})`);
    return parseSeed(given[0]);
  }
  const text = String(given);
  if (/^\d{1,10}$/.test(text) && Number(text) <= 0xffff_ffff) return Number(text);
  const shown = text === "" ? "nothing" : text.length > 40 ? `${text.slice(0, 40)}…` : text;
  throw usage(`expected a whole number from 0 to 4294967295 (got ${shown})`);
}

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

const runOptions = (y: Argv) =>
  y
    .option("set", setOption)
    .option("seed", seedOption)
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
    .options(resourceOptions)
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
    .option("html", {
      type: "string",
      describe: "also write the report as one self-contained HTML file with charts (opens offline)",
    })
    .option("out", {
      type: "string",
      describe:
        "also write the JSON document to FILE.json (atomically); with --shard, the part FILE.jsonl",
    })
    .option("shard", shardOption)
    .option("resolution", {
      type: "number",
      describe:
        "add a timing section: the busiest period of this many minutes (1, 5, 15 or 60) and the minute each limit first turned someone away",
    })
    .option("strict", strictOption)
    .option("debug", debugOption);

const explainOptions = (y: Argv) =>
  y
    .option("against", {
      type: "string",
      describe: "a second scenario (e.g. the plan): split the revenue difference by department",
    })
    .option("set", setOption)
    .option("seed", { type: "string", describe: "random seed (overrides the scenarios' seed)" })
    .option("replications", {
      type: "number",
      default: 20,
      describe: "replications for the intervals",
    })
    .options(resourceOptions)
    .option("html", {
      type: "string",
      describe: "also write the explanation as one self-contained HTML file with charts",
    })
    .option("out", {
      type: "string",
      describe:
        "also write the JSON document to FILE.json (atomically); with --shard, the part FILE.jsonl",
    })
    .option("shard", shardOption)
    .option("json", jsonOption)
    .option("strict", strictOption)
    .option("debug", debugOption);

const compareOptions = (y: Argv) =>
  y
    .option("set", { ...setOption, describe: `${setOption.describe}, in every scenario` })
    .option("seed", { type: "string", describe: "random seed (overrides every scenario's seed)" })
    .option("replications", {
      type: "number",
      default: 1,
      describe: "replications per scenario, reported as mean ± 95 % interval",
    })
    .options(resourceOptions)
    .option("by-department", {
      type: "boolean",
      default: false,
      describe: "split each revenue difference from the first scenario by department (Shapley)",
    })
    .option("json", jsonOption)
    .option("out", {
      type: "string",
      describe: "also write the comparison to FILE.csv or FILE.json (atomically)",
    })
    .option("html", htmlOption)
    .option("strict", strictOption)
    .option("debug", debugOption);

const studyOptions = (y: Argv) =>
  y
    .option("vary", {
      type: "string",
      array: true,
      default: [] as string[],
      describe:
        "vary a key: --vary traffic=1,3,7,10 or --vary sales.consultants=2:12:2 (from:to:step); adds to the scenario's study.vary",
    })
    .option("set", setOption)
    .option("seed", seedOption)
    .option("replications", {
      type: "number",
      describe: "replications per point (default: the scenario's study.replications, else 10)",
    })
    .option("max-points", {
      type: "number",
      describe: "allow a grid of more than 10,000 points",
    })
    .options(resourceOptions)
    .option("json", jsonOption)
    .option("out", {
      type: "string",
      describe:
        "also write the table to FILE.csv or FILE.json (atomically); with --shard, the part FILE.jsonl",
    })
    .option("shard", shardOption)
    .option("html", htmlOption)
    .option("strict", strictOption)
    .option("debug", debugOption);

const headroomOptions = (y: Argv) =>
  y
    .option("max-traffic", {
      type: "number",
      default: 20,
      describe: "the largest multiple of the scenario's traffic to try (≥ 1)",
    })
    .option("threshold", {
      type: "string",
      default: "0.01",
      describe:
        "a limit breaks where it turns away more than this share of the people who reach it (0.01 or 1%)",
    })
    .option("set", setOption)
    .option("seed", seedOption)
    .option("replications", {
      type: "number",
      describe: "replications per multiple (default: the scenario's study.replications, else 10)",
    })
    .options(resourceOptions)
    .option("html", {
      type: "string",
      describe: "also write the load curve as one self-contained HTML file with charts",
    })
    .option("json", jsonOption)
    .option("out", {
      type: "string",
      describe: "also write the result to FILE.json, or the load curve to FILE.csv (atomically)",
    })
    .option("strict", strictOption)
    .option("debug", debugOption);

const checkOptions = (y: Argv) =>
  y
    .option("set", { ...setOption, describe: `${setOption.describe}, in every scenario` })
    .option("seed", { type: "string", describe: "random seed (overrides every scenario's seed)" })
    .option("replications", {
      type: "number",
      describe: `replications for the expect: statements (default ${CHECK_REPLICATIONS})`,
    })
    .option("junit", {
      type: "string",
      describe: "also write a JUnit XML report to FILE (atomically)",
    })
    .options(resourceOptions)
    .option("strict", strictOption)
    .option("debug", debugOption);

type CheckArgv = Awaited<ReturnType<ReturnType<typeof checkOptions>["parseAsync"]>>;
type RunArgv = Awaited<ReturnType<ReturnType<typeof runOptions>["parseAsync"]>>;
type StudyArgv = Awaited<ReturnType<ReturnType<typeof studyOptions>["parseAsync"]>>;
type ExplainArgv = Awaited<ReturnType<ReturnType<typeof explainOptions>["parseAsync"]>>;
type CompareArgv = Awaited<ReturnType<ReturnType<typeof compareOptions>["parseAsync"]>>;
type HeadroomArgv = Awaited<ReturnType<ReturnType<typeof headroomOptions>["parseAsync"]>>;

const mergeOptions = (y: Argv) =>
  y
    .option("json", jsonOption)
    .option("out", {
      type: "string",
      describe: "also write the report to FILE.csv or FILE.json, as the unsharded command would",
    })
    .option("html", htmlOption)
    .option("debug", debugOption);
type MergeArgv = Awaited<ReturnType<ReturnType<typeof mergeOptions>["parseAsync"]>>;

/** The commands a merge replays, by the name a part records. */
const SHARDED = {
  run: (o: Record<string, unknown>) => runCommand(o as unknown as Parameters<typeof runCommand>[0]),
  explain: (o: Record<string, unknown>) =>
    explainCommand(o as unknown as Parameters<typeof explainCommand>[0]),
  sweep: (o: Record<string, unknown>) =>
    sweepCommand(o as unknown as Parameters<typeof sweepCommand>[0]),
  whatif: (o: Record<string, unknown>) =>
    whatifCommand(o as unknown as Parameters<typeof whatifCommand>[0]),
};

const merge = (argv: MergeArgv, parts: string[]) =>
  guarded(() => mergeCommand({ parts, json: argv.json, out: argv.out, html: argv.html }, SHARDED));

const run = (argv: RunArgv, scenario: string) =>
  guarded(() =>
    maybeSharded(
      "run",
      {
        scenario,
        set: argv.set.map(String),
        seed: parseSeed(argv.seed),
        json: argv.json,
        replications: argv.replications,
        ...resourcesOf(argv),
        perReplication: argv.perReplication,
        verdict: argv.verdict,
        strict: argv.strict,
        resolution: argv.resolution,
        html: argv.html,
        out: argv.out,
        shard: argv.shard,
      },
      runCommand,
    ),
  );

const explain = (argv: ExplainArgv, scenario: string) =>
  guarded(() =>
    maybeSharded(
      "explain",
      {
        scenario,
        against: argv.against,
        set: argv.set.map(String),
        seed: parseSeed(argv.seed),
        json: argv.json,
        replications: argv.replications,
        ...resourcesOf(argv),
        strict: argv.strict,
        html: argv.html,
        out: argv.out,
        shard: argv.shard,
      },
      explainCommand,
    ),
  );

const check = (argv: CheckArgv, paths: string[]) =>
  guarded(() =>
    checkCommand({
      paths,
      set: argv.set.map(String),
      seed: parseSeed(argv.seed),
      replications: argv.replications,
      junit: argv.junit,
      ...resourcesOf(argv),
      strict: argv.strict,
    }),
  );

const compare = (argv: CompareArgv, scenarios: string[]) =>
  guarded(() =>
    compareCommand({
      scenarios,
      set: argv.set.map(String),
      seed: parseSeed(argv.seed),
      json: argv.json,
      replications: argv.replications,
      ...resourcesOf(argv),
      out: argv.out,
      html: argv.html,
      byDepartment: argv.byDepartment,
      strict: argv.strict,
    }),
  );

const study = (command: typeof sweepCommand) => (argv: StudyArgv, scenario: string) =>
  guarded(() =>
    maybeSharded(
      command === sweepCommand ? "sweep" : "whatif",
      {
        scenario,
        set: argv.set.map(String),
        seed: parseSeed(argv.seed),
        vary: argv.vary.map(String),
        replications: argv.replications,
        maxPoints: argv.maxPoints,
        ...resourcesOf(argv),
        json: argv.json,
        out: argv.out,
        html: argv.html,
        strict: argv.strict,
        shard: argv.shard,
      },
      command,
    ),
  );

const headroom = (argv: HeadroomArgv, scenario: string) =>
  guarded(() =>
    headroomCommand({
      scenario,
      set: argv.set.map(String),
      seed: parseSeed(argv.seed),
      maxTraffic: argv.maxTraffic,
      threshold: argv.threshold,
      replications: argv.replications,
      ...resourcesOf(argv),
      json: argv.json,
      out: argv.out,
      html: argv.html,
      strict: argv.strict,
    }),
  );

/** A command's positional files: its usage, how many, and their name in yargs' command set. */
interface Files {
  usage: string;
  min: number;
  max: number;
  minMsg: string;
  maxMsg: string;
  /** In the full command set (help): `<scenario>`, `<scenarios..>`, and the key it fills. */
  command: string;
  key: string;
  describe: string;
}

/** The positional files of a command that takes one scenario (run, explain). */
const ONE_SCENARIO: Files = {
  usage: "<scenario>",
  min: 1,
  max: 1,
  minMsg: "name the scenario file",
  maxMsg: "give one scenario file",
  command: "<scenario>",
  key: "scenario",
  describe: "scenario YAML file",
};

/** A command that takes one scenario, given its files. */
const one =
  <A>(handler: (argv: A, scenario: string) => Promise<void>) =>
  (argv: A, files: string[]) =>
    handler(argv, files[0]);

const COMMANDS = {
  run: {
    describe: "simulate a scenario and print the funnel report",
    options: runOptions,
    handler: one(run),
  },
  explain: {
    describe: "which department caps revenue, by how much, and the lever that releases it",
    options: explainOptions,
    handler: one(explain),
  },
  sweep: {
    describe: "a what-if grid: each combination of the varied keys, a row per point",
    options: studyOptions,
    handler: one(study(sweepCommand)),
  },
  whatif: {
    describe: "the scenario's named variants (study.variants), ranked by the revenue they add",
    options: studyOptions,
    handler: one(study(whatifCommand)),
  },
  headroom: {
    describe: "the multiple of the traffic at which each capacity limit starts to bind",
    options: headroomOptions,
    handler: one(headroom),
  },
  capacity: {
    describe: "the least site, consultants and stock that keep --target of the revenue",
    options: capacityYargs,
    handler: one((argv: CapacityArgv, scenario: string) =>
      guarded(() => capacityCommand(capacityFromArgv(argv, scenario, parseSeed(argv.seed)))),
    ),
  },
  staffing: {
    describe:
      "consultants per hour that meet an abandonment or service-level target, by simulation",
    options: staffingYargs,
    handler: one((argv: StaffingArgv, scenario: string) =>
      guarded(() => staffingCommand(staffingFromArgv(argv, scenario, parseSeed(argv.seed)))),
    ),
  },
  compare: {
    describe: "scenarios side by side: the funnel of each, and its change against the first",
    options: compareOptions,
    handler: compare,
    positional: {
      usage: "<scenario> <scenario> [more scenarios…]",
      min: 2,
      max: Number.POSITIVE_INFINITY,
      minMsg: "name two or more scenario files (the first is the base of the change columns)",
      maxMsg: "",
      command: "<scenarios..>",
      key: "scenarios",
      describe: "two or more scenario YAML files; the first is the base of the change columns",
    },
  },
  merge: {
    describe:
      "the parts of a sharded study (--shard i/N), checked whole, reported as the unsharded command",
    options: mergeOptions,
    handler: merge,
    positional: {
      usage: "<part.jsonl> [more parts…]",
      min: 1,
      max: Number.POSITIVE_INFINITY,
      minMsg: "name the part files (e.g. parts/*.jsonl)",
      maxMsg: "",
      command: "<parts..>",
      key: "parts",
      describe: "the part files the shards wrote",
    },
  },
  check: {
    describe:
      "validate scenarios, lint the figures their plans imply, and judge their expect: statements",
    options: checkOptions,
    handler: check,
    positional: {
      usage: "<scenario|folder> [more…]",
      min: 1,
      max: Number.POSITIVE_INFINITY,
      minMsg: "name one or more scenario files or folders",
      maxMsg: "",
      command: "<paths..>",
      key: "paths",
      describe: "scenario YAML files, or folders of them",
    },
  },
} as const;
type CommandName = keyof typeof COMMANDS;
/** A command's name (not `toString` or `constructor`, which `in` would also find). */
const isCommand = (a: string | undefined): a is CommandName =>
  a !== undefined && Object.hasOwn(COMMANDS, a);

const fail = (msg: string | null, err: Error | undefined) =>
  exitOnError(err ?? new UsageError(msg ?? "bad command line"), debug);

/** Parses the command line and runs the command (no top-level await: the CLI bundle is CommonJS). */
async function main(): Promise<void> {
  const name = args[0] as CommandName;
  const later = args.find(isCommand);
  if (name?.startsWith("-") && later && !["--help", "-h", "--version"].includes(name))
    exitOnError(
      new UsageError(
        `${name}: options go after the command's name, e.g. funnel-sim ${later} <scenario> ${name}`,
      ),
      debug,
    );
  if (isCommand(name) && !args.some((a) => a === "--help" || a === "-h")) {
    // A named command parses only its own options: yargs' command routing renders and caches
    // the whole help text on every run (a cost to every cold start; docs/performance.md), which
    // a run never shows.
    const command = COMMANDS[name];
    const files: Files = "positional" in command ? command.positional : ONE_SCENARIO;
    const parser = command
      .options(yargs(args.slice(1)).scriptName(`funnel-sim ${name}`))
      .usage(`$0 ${files.usage}\n\n${command.describe}`)
      .demandCommand(files.min, files.max, files.minMsg, files.maxMsg)
      .strict()
      .help(false)
      .version(false)
      .fail(fail);
    const argv = (await parser.parseAsync()) as RunArgv &
      ExplainArgv &
      CompareArgv &
      StudyArgv &
      HeadroomArgv &
      MergeArgv &
      CapacityArgv &
      StaffingArgv &
      CheckArgv;
    await command.handler(argv, argv._.map(String));
  } else {
    // Everything else (help, a typo in the command name) goes through the full command set.
    let all = yargs(args).scriptName("funnel-sim").usage("$0 <command> [options]");
    for (const name of Object.keys(COMMANDS) as CommandName[]) {
      const command = COMMANDS[name];
      const files: Files = "positional" in command ? command.positional : ONE_SCENARIO;
      all = all.command(
        `${name} ${files.command}`,
        command.describe,
        (y) =>
          (command.options as (y: Argv) => Argv)(y).positional(files.key, {
            type: "string",
            describe: files.describe,
          }),
        (argv) =>
          (command.handler as (argv: unknown, files: string[]) => Promise<void>)(
            argv,
            [argv[files.key] ?? []].flat().map(String),
          ),
      );
    }
    await all
      .demandCommand(1, "name a command, e.g. funnel-sim run scenarios/alpha-content-actual.yaml")
      .strict()
      .fail(fail)
      .help()
      .parseAsync()
      .catch((e: unknown) => exitOnError(e, debug));
  }
}

main().catch((e: unknown) => exitOnError(e, debug));
