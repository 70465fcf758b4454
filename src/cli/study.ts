import { planStudy, rankVariants, runStudy, studyWork } from "../analysis/study.js";
import { loadSweep, loadVariants, type Study } from "../analysis/studyPoints.js";
import type { WorkerPool } from "../parallel/pool.js";
import { shardPoint } from "../parallel/shard.js";
import { renderSweep, renderWhatIf, studyCsvRows } from "../report/study.js";
import { renderSweepHtml, renderWhatIfHtml } from "../report/studyHtml.js";
import { formatWarning } from "../scenario/errors.js";
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

export interface StudyOptions extends ScenarioCommandOptions {
  vary?: string[];
  replications?: number;
  maxPoints?: number;
  /** Shard i/N (cli/shard.ts runs the command as a shard). */
  shard?: string;
}

/** `funnel-sim sweep`: a grid over the varied keys, a row per point. */
export function sweepCommand(o: StudyOptions): Promise<void> {
  return studyCommand(o, "grid");
}

/** `funnel-sim whatif`: the scenario's named variants, ranked by the revenue they add. */
export function whatifCommand(o: StudyOptions): Promise<void> {
  return studyCommand(o, "variants");
}

async function studyCommand(o: StudyOptions, kind: Study["kind"]): Promise<void> {
  if (o.replications !== undefined) checkReplications(o.replications);
  if (o.maxPoints !== undefined && (!Number.isInteger(o.maxPoints) || o.maxPoints < 1))
    throw new UsageError(`--max-points must be a whole number ≥ 1 (got ${o.maxPoints})`);
  const threads = threadsFor(o.threads);
  const format = o.out === undefined ? null : outFormat(o.out);
  const options = {
    overrides: o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`],
    vary: o.vary,
    replications: o.replications,
    maxPoints: o.maxPoints,
    strict: o.strict,
    onWarning: (p: Parameters<typeof formatWarning>[0]) =>
      process.stderr.write(`${formatWarning(p)}\n`),
  };
  let pool: WorkerPool | null = null;
  const done = stopOnSignals(() => pool);
  try {
    // Every point is built and checked before a worker starts or anything runs.
    const study =
      kind === "grid" ? loadSweep(o.scenario, options) : loadVariants(o.scenario, options);
    const planned = planStudy(study);
    pool = await prepare(
      studyWork(planned, study.replications),
      threads,
      o,
      `${kind === "grid" ? "sweep" : "whatif"} ${o.scenario}`,
    );
    const provenance = provenanceOf(factsOf(o, study.base.seed, study.replications, pool));
    let progress = progressBar("", 0);
    const result = await shardPoint(
      runStudy(
        study,
        pool,
        (units) => {
          progress = progressBar(kind === "grid" ? "sweep" : "whatif", units > 4 ? units : 0);
          return progress.tick;
        },
        false,
        planned,
      ),
    );
    progress.stop();
    const doc =
      kind === "variants"
        ? { ...result, ranking: rankVariants(result).map((p) => p.name) }
        : result;
    if (o.html)
      writeHtml(o.html, factsOf(o, study.base.seed, study.replications, pool), (p) =>
        kind === "grid" ? renderSweepHtml(result, p) : renderWhatIfHtml(result, p),
      );
    if (o.out !== undefined)
      writeAtomically(
        o.out,
        format === "csv"
          ? csvWithProvenance(toCsv(studyCsvRows(result)), provenance)
          : withProvenance(doc, provenance),
      );
    process.stdout.write(
      o.json
        ? withProvenance(doc, provenance)
        : kind === "grid"
          ? renderSweep(result)
          : renderWhatIf(result),
    );
  } finally {
    done();
    await pool?.destroy();
  }
}
