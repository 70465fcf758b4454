import { existsSync, readFileSync } from "node:fs";
import { MissingItemError, ShardDone, startSharding, stopSharding } from "../parallel/shard.js";
import type { Provenance } from "../report/htmlPage.js";
import { UsageError } from "./errors.js";
import { writeAtomically } from "./output.js";
import {
  gatherParts,
  PART_FORMAT,
  type Part,
  PartError,
  type PartHeader,
  partLines,
  readPart,
  type ShardableCommand,
} from "./parts.js";
import { currentProvenance, replayProvenance, sha256 } from "./provenance.js";

// `--shard i/N` and `merge`: the command-line side of parallel/shard.ts. Batch engines start
// the same command N times; each computes the items whose number ≡ i (mod N) and writes them
// as a part; `merge` checks the parts make one whole study and replays the command on them.

/** Which shard this process is, and where it learnt it. */
export interface ShardSpec {
  index: number;
  count: number;
  /** "--shard", or the environment variable(s) it came from. */
  from: string;
}

/** Most shards a study splits into: beyond this, parts cost more than the items they hold. */
const MAX_SHARDS = 100_000;

function parseShard(text: string, from: string): ShardSpec {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && count <= MAX_SHARDS && index >= 0 && index < count))
    throw new UsageError(
      `${from} ${JSON.stringify(text)}: expected i/N with N from 1 to ${MAX_SHARDS.toLocaleString("en-US")} and i from 0 to N − 1 (e.g. 3/16)`,
      { hint: false },
    );
  return { index, count, from };
}

/** A whole number from an environment variable, or a usage error naming it. */
function envNumber(env: NodeJS.ProcessEnv, name: string): number {
  const text = env[name] ?? "";
  if (!/^\d{1,9}$/.test(text.trim()))
    throw new UsageError(`${name}=${JSON.stringify(text)}: expected a whole number`, {
      hint: false,
    });
  return Number(text);
}

/**
 * The shard this process computes: `--shard i/N`; else FUNNEL_SIM_SHARD="i/N"; else a Slurm
 * array task (SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN of SLURM_ARRAY_TASK_COUNT); else a
 * Kubernetes Indexed Job's pod (JOB_COMPLETION_INDEX of FUNNEL_SIM_SHARDS, the Job's
 * completions, which Kubernetes does not pass itself). `--shard none` runs the whole command.
 */
export function shardSpec(given: string | undefined, env = process.env): ShardSpec | null {
  if (given !== undefined) return given.trim() === "none" ? null : parseShard(given, "--shard");
  if (env.FUNNEL_SIM_SHARD !== undefined && env.FUNNEL_SIM_SHARD !== "")
    return env.FUNNEL_SIM_SHARD === "none"
      ? null
      : parseShard(env.FUNNEL_SIM_SHARD, "FUNNEL_SIM_SHARD");
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : envNumber(env, "SLURM_ARRAY_TASK_MIN");
    const id = envNumber(env, "SLURM_ARRAY_TASK_ID");
    const count = envNumber(env, "SLURM_ARRAY_TASK_COUNT");
    return parseShard(`${id - min}/${count}`, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT");
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (env.FUNNEL_SIM_SHARDS === undefined)
      throw new UsageError(
        "JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but FUNNEL_SIM_SHARDS is not: set it to the Job's completions, or give --shard i/N (--shard none runs the whole command)",
        { hint: false },
      );
    return parseShard(
      `${envNumber(env, "JOB_COMPLETION_INDEX")}/${envNumber(env, "FUNNEL_SIM_SHARDS")}`,
      "JOB_COMPLETION_INDEX/FUNNEL_SIM_SHARDS",
    );
  }
  return null;
}

/** The options every shardable command has that say where output goes, never what it is. */
export interface ShardableOptions {
  scenario: string;
  json: boolean;
  out?: string;
  html?: string;
  shard?: string;
  threads?: number;
  maxMemory?: string;
  maxSeconds?: number;
  replications?: number;
  /** explain --against: a second scenario the command reads. */
  against?: string;
}

/** Options of a command that do not change what it computes. */
const OUTPUT_KEYS = new Set(["json", "out", "html", "shard", "threads", "maxMemory", "maxSeconds"]);

/** The options that decide what a command computes: what a part records, and a merge replays. */
function computing(o: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).filter(([k, v]) => !OUTPUT_KEYS.has(k) && v !== undefined),
  );
}

/**
 * Runs `command` whole, or, when this process is a shard (`--shard` or the batch engine's
 * variables), only its share of the work, written to the part file `--out PART.jsonl`.
 */
export async function maybeSharded<O extends ShardableOptions>(
  name: ShardableCommand,
  o: O,
  command: (o: O) => Promise<void>,
): Promise<void> {
  let spec = shardSpec(o.shard);
  // A batch engine's variables name a shard, but this command writes no part: an array task
  // running whole commands (one seed each, say) is not a sharded study. Said, then run whole.
  if (spec && spec.from !== "--shard" && !o.out?.toLowerCase().endsWith(".jsonl")) {
    process.stderr.write(
      `funnel-sim: ${spec.from} make this shard ${spec.index}/${spec.count}, but --out names no .jsonl part: running the whole command (--out PART.jsonl runs the shard; --shard none silences this)\n`,
    );
    spec = null;
  }
  if (!spec) {
    if (o.out?.toLowerCase().endsWith(".jsonl"))
      throw new UsageError(
        `--out ${o.out}: a .jsonl part is what a shard writes: add --shard i/N (or run it as an array task)`,
      );
    return command(o);
  }
  if (o.out === undefined || !o.out.toLowerCase().endsWith(".jsonl"))
    throw new UsageError(
      `${name} --shard ${spec.index}/${spec.count} writes a part: name it with --out PART.jsonl (e.g. parts/${spec.index}.jsonl)`,
    );
  if (o.json || o.html !== undefined)
    throw new UsageError(
      `${o.json ? "--json" : "--html"} with --shard: a shard writes only its part; funnel-sim merge writes the report (merge parts/*.jsonl ${o.json ? "--json" : "--html FILE"})`,
    );
  if (name === "run" && (o.replications ?? 1) < 2)
    throw new UsageError(
      "run --shard needs --replications 2 or more: one run is one unit of work, nothing to split",
    );
  startSharding({ kind: "shard", index: spec.index, count: spec.count });
  try {
    await command({ ...o, out: undefined, json: false, html: undefined });
  } catch (e) {
    if (!(e instanceof ShardDone)) throw e;
    const provenance = currentProvenance();
    if (!provenance) throw new Error(`${name} handed over its work before recording provenance`);
    const header: PartHeader = {
      funnelSimPart: PART_FORMAT,
      engine: provenance.engine,
      command: name,
      options: computing(o),
      scenarioFile: o.scenario,
      scenarioSha256: provenance.scenarioSha256,
      otherFiles: (o.against === undefined ? [] : [o.against]).map((file) => ({
        file,
        sha256: sha256(readFileSync(file)),
      })),
      items: e.total,
      shard: { index: spec.index, count: spec.count },
      provenance,
    };
    writeAtomically(o.out, partLines(header, e.items));
    process.stderr.write(
      `funnel-sim: shard ${spec.index}/${spec.count}: ${e.items.length} of ${e.total} items written to ${o.out}\n`,
    );
    return;
  } finally {
    stopSharding();
  }
  throw new Error(`${name} ended without handing over its work to the shard`);
}

/** A merged study's provenance: the shards', made when the last of them was. */
function mergedProvenance(parts: Part[]): Provenance {
  const all = parts.map((p) => p.header.provenance);
  return {
    ...all[0],
    threads: Math.max(...all.map((p) => p.threads)),
    // ISO dates: the last in text order is the latest.
    date: all.map((p) => p.date).sort()[all.length - 1],
  };
}

export interface MergeOptions {
  parts: string[];
  json: boolean;
  out?: string;
  html?: string;
}

/**
 * `funnel-sim merge PART…`: the parts of one study, checked whole, replayed through the
 * command that made them: its terminal report, --json, --out and --html, exactly as the
 * unsharded command writes them.
 */
export async function mergeCommand(
  o: MergeOptions,
  commands: Record<ShardableCommand, (o: Record<string, unknown>) => Promise<void>>,
): Promise<void> {
  if (o.out?.toLowerCase().endsWith(".jsonl"))
    throw new UsageError(
      `--out ${o.out}: merge writes the study's report (.csv or .json), not a part`,
    );
  const parts = o.parts.map(readPart);
  const items = gatherParts(parts);
  const { header } = parts[0];
  // The command is replayed on the files the shards read: each must be here, unchanged.
  for (const { file, sha256: expected } of [
    { file: header.scenarioFile, sha256: header.scenarioSha256 },
    ...header.otherFiles,
  ]) {
    if (!existsSync(file))
      throw new PartError(
        `merge: the parts were made from ${file}, which is not here: run merge where the shards' scenario files are (same paths)`,
      );
    if (sha256(readFileSync(file)) !== expected)
      throw new PartError(
        `merge: ${file} has changed since the shards ran (its SHA-256 is not ${expected}): merge with the file they ran, or run the shards again`,
      );
  }
  startSharding({ kind: "replay", items });
  replayProvenance(mergedProvenance(parts));
  try {
    await commands[header.command]({
      ...header.options,
      json: o.json,
      out: o.out,
      html: o.html,
      threads: 1,
    });
  } catch (e) {
    if (e instanceof MissingItemError) throw new PartError(`merge: ${e.message}`);
    throw e;
  } finally {
    stopSharding();
    replayProvenance(null);
  }
}
