import {
  DEFAULT_MAX_TRAFFIC,
  DEFAULT_THRESHOLD,
  headroomWork,
  loadHeadroom,
  runHeadroom,
} from "../analysis/headroom.js";
import type { WorkerPool } from "../parallel/pool.js";
import { headroomCsvRows, headroomSentence, renderHeadroom } from "../report/headroom.js";
import { renderHeadroomHtml } from "../report/html.js";
import { formatWarning, type Problem } from "../scenario/errors.js";
import { UsageError } from "./errors.js";
import { checkReplications, prepare, stopOnSignals, threadsFor } from "./estimate.js";
import type { ScenarioCommandOptions } from "./options.js";
import { outFormat, toCsv, writeAtomically } from "./output.js";
import { progressBar } from "./progress.js";
import {
  csvWithProvenance,
  factsOf,
  provenanceOf,
  withProvenance,
  writeHtml,
} from "./provenance.js";
import { writeReport } from "./write.js";

export interface HeadroomCommandOptions extends ScenarioCommandOptions {
  /** --max-traffic: the grid's last multiple (≥ 1). */
  maxTraffic?: number;
  /** --threshold: a share in (0, 1), as 0.01 or 1%. */
  threshold?: string;
  replications?: number;
}

/** --max-traffic as a number ≥ 1. */
export function parseMaxTraffic(given: number | undefined): number {
  if (given === undefined) return DEFAULT_MAX_TRAFFIC;
  if (!(given >= 1) || !Number.isFinite(given))
    throw new UsageError(
      `--max-traffic must be a number ≥ 1: the scenario's own traffic is 1× (got ${given})`,
    );
  return given;
}

/** --threshold as a share strictly between 0 and 1: 0.01 or 1%. */
export function parseThreshold(given: string | undefined): number {
  if (given === undefined) return DEFAULT_THRESHOLD;
  const text = String(given).trim();
  const percent = /^(.*?)\s*%$/.exec(text);
  const value = percent ? Number(percent[1]) / 100 : Number(text);
  if (text === "" || !(value > 0 && value < 1))
    throw new UsageError(
      `--threshold must be a share between 0 and 1, both excluded, e.g. 0.01 or 1% (got ${text === "" ? "nothing" : text})`,
    );
  return value;
}

/** `funnel-sim headroom`: the traffic multiple at which each capacity limit starts to bind. */
export async function headroomCommand(o: HeadroomCommandOptions): Promise<void> {
  if (o.replications !== undefined) checkReplications(o.replications);
  const maxTraffic = parseMaxTraffic(o.maxTraffic);
  const threshold = parseThreshold(o.threshold);
  const threads = threadsFor(o.threads);
  const format = o.out === undefined ? null : outFormat(o.out);
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    const setup = loadHeadroom(o.scenario, {
      overrides: o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`],
      replications: o.replications,
      maxTraffic,
      threshold,
      strict: o.strict,
      onWarning: (p: Problem) => process.stderr.write(`${formatWarning(p)}\n`),
    });
    pool = await prepare(headroomWork(setup), threads, o, `headroom ${o.scenario}`);
    let progress = progressBar("", 0);
    const result = await runHeadroom(setup, pool, (units) => {
      progress = progressBar("headroom", units);
      return progress.tick;
    });
    progress.stop();
    const facts = factsOf(o, result.seed, result.replications, pool);
    const provenance = provenanceOf(facts);
    const json = withProvenance(result, provenance);
    if (o.html)
      writeHtml(o.html, facts, (p) => renderHeadroomHtml(result, headroomSentence(result), p));
    if (o.out !== undefined)
      writeAtomically(
        o.out,
        format === "csv" ? csvWithProvenance(toCsv(headroomCsvRows(result)), provenance) : json,
      );
    writeReport(o.json ? json : renderHeadroom(result));
  } finally {
    done();
    await pool?.destroy();
  }
}
