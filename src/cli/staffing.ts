import type { Argv } from "yargs";
import {
  findStaffing,
  pipelineCheck,
  requestStreams,
  StaffingError,
  type StaffingResult,
  type StaffingTarget,
  shiftsFlow,
} from "../analysis/staffing.js";
import { compile } from "../core/plan.js";
import type { WorkerPool } from "../parallel/pool.js";
import { together, variantsWork } from "../parallel/workload.js";
import { renderStaffing } from "../report/staffing.js";
import { renderStaffingHtml } from "../report/studyHtml.js";
import { formatWarning, ScenarioError } from "../scenario/errors.js";
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
  strictOption,
} from "./options.js";
import { outFormat, toCsv, writeAtomically } from "./output.js";
import {
  csvWithProvenance,
  factsOf,
  provenanceOf,
  withProvenance,
  writeHtml,
} from "./provenance.js";

export interface StaffingOptions extends ScenarioCommandOptions {
  abandon?: number;
  answerWithin?: number;
  serviceLevel?: number;
  eachHour?: boolean;
  by?: string;
  replications: number;
}

/** The target the command line asks for; a usage error for anything else. */
export function targetOf(o: StaffingOptions): StaffingTarget {
  const bad = (message: string) => new UsageError(message);
  const sl = o.answerWithin !== undefined || o.serviceLevel !== undefined;
  if (o.abandon !== undefined && sl)
    throw bad("give either --abandon or --answer-within with --service-level, not both");
  if (o.abandon !== undefined) {
    if (!(o.abandon >= 0 && o.abandon < 1))
      throw bad(
        `--abandon is the share of requests that may abandon, from 0 to below 1 (got ${o.abandon}); 5 % is 0.05`,
      );
    return { kind: "abandon", max: o.abandon };
  }
  if (!sl)
    throw bad(
      "name a target: --abandon 0.05 (at most 5 % abandon) or --answer-within 1 --service-level 0.8",
    );
  if (o.answerWithin === undefined || o.serviceLevel === undefined)
    throw bad("--answer-within and --service-level go together (e.g. 80 % within 1 minute)");
  if (!(o.answerWithin >= 0 && Number.isFinite(o.answerWithin)))
    throw bad(`--answer-within is a number of minutes ≥ 0 (got ${o.answerWithin})`);
  if (!(o.serviceLevel > 0 && o.serviceLevel <= 1))
    throw bad(
      `--service-level is the share answered in time, above 0 and at most 1 (got ${o.serviceLevel}); 80 % is 0.8`,
    );
  return { kind: "serviceLevel", withinMin: o.answerWithin, min: o.serviceLevel };
}

/** `funnel-sim staffing`: consultants per hour that meet a target with the fewest hours. */
export async function staffingCommand(o: StaffingOptions): Promise<void> {
  const target = targetOf(o);
  const by = o.by ?? "hour";
  if (by !== "hour" && by !== "day")
    throw new UsageError(
      `--by is hour (one figure per hour of day) or day (per day, or per weekday with horizon.start) (got ${by})`,
    );
  checkReplications(o.replications);
  const threads = threadsFor(o.threads);
  const format = o.out === undefined ? null : outFormat(o.out);
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const parse = {
    strict: o.strict,
    onWarning: (p: Parameters<typeof formatWarning>[0]) =>
      process.stderr.write(`${formatWarning(p)}\n`),
  };
  const scenario = loadScenario(o.scenario, overrides, parse);
  const sales = scenario.sales as typeof scenario.sales & { sessions?: unknown[] };
  if (sales.sessions?.length)
    throw new UsageError(
      `${o.scenario}: staffing plans consultants for requests that queue; it does not plan around sales.sessions (held at set times) yet — remove them with --set sales.sessions=null to plan the queue alone`,
      { hint: false },
    );
  if (target.kind === "abandon" && scenario.sales.patience === undefined)
    throw new UsageError(
      `${o.scenario}: sales.patience is not given, so requests wait forever and none abandons: --abandon has nothing to hold; give a patience, or use --answer-within with --service-level`,
      { hint: false },
    );
  const plan = compile(scenario);
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    pool = await prepare(
      together(
        variantsWork([plan], o.replications, false),
        variantsWork([plan, plan], o.replications, false),
      ),
      threads,
      o,
      `staffing ${o.scenario}`,
    );
    // The search runs on the request streams in this thread (a plan costs a replay of the
    // queue, not a run); the threads run the pipeline check.
    const streams = requestStreams(plan, o.replications);
    let found: Omit<StaffingResult, "pipeline">;
    try {
      found = findStaffing(scenario, streams, {
        file: o.scenario,
        target,
        scope: o.eachHour ? "hour" : "horizon",
        by,
        replications: o.replications,
      });
    } catch (e) {
      if (e instanceof StaffingError)
        throw new UsageError(`${o.scenario}: ${e.message}`, { hint: false });
      throw e;
    }
    // Each plan pasted into the file as written, exactly as a planner would: validated there.
    const pasted = (shifts: StaffingResult["shifts"], which: string) => {
      try {
        return loadScenario(
          o.scenario,
          [...overrides, "sales.consultants=null", `sales.shifts=${shiftsFlow(shifts)}`],
          { strict: false },
        );
      } catch (e) {
        if (e instanceof ScenarioError)
          throw new UsageError(
            `${o.scenario}: the ${which} plan does not fit the scenario format: ${e.message}`,
            { hint: false },
          );
        throw e;
      }
    };
    const pipeline = await pipelineCheck(
      {
        simulated: pasted(found.shifts, "simulated"),
        erlang: pasted(found.erlangShifts, "Erlang"),
      },
      o.replications,
      pool,
    );
    const result: StaffingResult = { ...found, pipeline };
    const facts = factsOf(o, result.seed, result.replications, pool);
    if (o.html) writeHtml(o.html, facts, (p) => renderStaffingHtml(result, p));
    const provenance = provenanceOf(facts);
    const json = withProvenance(result, provenance);
    if (o.out !== undefined)
      writeAtomically(
        o.out,
        format === "csv" ? csvWithProvenance(toCsv(staffingCsvRows(result)), provenance) : json,
      );
    process.stdout.write(o.json ? json : renderStaffing(result));
  } finally {
    done();
    await pool?.destroy();
  }
}

/** The table per hour as CSV rows (a header row first). */
export function staffingCsvRows(s: StaffingResult): (string | number | null)[][] {
  return [
    [
      "day",
      "weekday",
      "hour",
      "requests",
      s.formula,
      "simulated",
      `${s.formula}Figure`,
      "simulatedFigure",
    ],
    ...s.cells.map((c) => [
      c.day ?? null,
      c.weekday ?? null,
      c.hour,
      c.requests,
      c.erlang,
      c.simulated,
      c.erlangFigure,
      c.simulatedFigure,
    ]),
  ];
}

/** The command's options (yargs), for src/cli/main.ts. */
export const staffingYargs = (y: Argv) =>
  y
    .option("abandon", {
      type: "number",
      describe: "the target: at most this share of requests abandon (0.05 = 5 %)",
    })
    .option("answer-within", {
      type: "number",
      describe: "the target, with --service-level: requests answered within this many minutes",
    })
    .option("service-level", {
      type: "number",
      describe: "the share of requests answered within --answer-within, at least (0.8 = 80 %)",
    })
    .option("each-hour", {
      type: "boolean",
      default: false,
      describe: "hold the target in every hour of the plan, not only over the horizon",
    })
    .option("by", {
      type: "string",
      default: "hour",
      describe:
        "hour: 24 figures, the same every day; day: per day of the campaign (per weekday when horizon.start is given)",
    })
    .option("set", {
      type: "string",
      array: true,
      default: [] as string[],
      describe: "override a key: --set sales.handleTime.mean=8 (key=null removes it)",
    })
    .option("seed", seedOption)
    .option("replications", {
      type: "number",
      default: 10,
      describe: "replications every plan is served on (the same requests for every plan)",
    })
    .options(resourceOptions)
    .option("json", jsonOption)
    .option("out", {
      type: "string",
      describe:
        "also write the result to FILE.json, or the table per hour to FILE.csv (atomically)",
    })
    .option("html", htmlOption)
    .option("strict", strictOption)
    .option("debug", debugOption);

export type StaffingArgv = Awaited<ReturnType<ReturnType<typeof staffingYargs>["parseAsync"]>>;

/** The command's options from parsed arguments (the seed parsed by main.ts). */
export function staffingFromArgv(
  argv: StaffingArgv,
  scenario: string,
  seed: number | undefined,
): StaffingOptions {
  return {
    scenario,
    set: argv.set.map(String),
    seed,
    abandon: argv.abandon,
    answerWithin: argv.answerWithin,
    serviceLevel: argv.serviceLevel,
    eachHour: argv.eachHour,
    by: argv.by,
    replications: argv.replications,
    ...resourcesOf(argv),
    json: argv.json,
    out: argv.out,
    html: argv.html,
    strict: argv.strict,
  };
}
