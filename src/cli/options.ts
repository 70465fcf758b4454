// Options several commands share, declared once: the same name means the same thing everywhere.
import type { ResourceOptions } from "./estimate.js";

export const setOption = {
  type: "string",
  array: true,
  default: [] as string[],
  describe: "override a key: --set sales.consultants=12 (key=null removes it)",
} as const;
export const strictOption = {
  type: "boolean",
  default: false,
  describe: "treat warnings (e.g. a budget that disagrees with the channels' spend) as errors",
} as const;
export const maxMemoryOption = {
  type: "string",
  describe:
    "refuse work estimated to need more memory than this (e.g. 4G, 512M; default: 75 % of the memory available)",
} as const;
export const maxSecondsOption = {
  type: "number",
  describe: "refuse work estimated to take longer than this many seconds",
} as const;
export const threadsOption = {
  type: "number",
  describe: "worker threads (default: available parallelism)",
} as const;
export const seedOption = {
  type: "string",
  describe: "random seed (overrides the scenario's seed)",
} as const;
export const debugOption = {
  type: "boolean",
  default: false,
  describe: "show stack traces",
} as const;
export const jsonOption = {
  type: "boolean",
  default: false,
  describe: "print one JSON document",
} as const;
export const htmlOption = {
  type: "string",
  describe: "also write the result as one self-contained HTML file with charts (opens offline)",
} as const;
export const shardOption = {
  type: "string",
  describe:
    "compute only shard i/N of the work and write it as a part (--out PART.jsonl) for `funnel-sim merge`; default: FUNNEL_SIM_SHARD, a Slurm array task or a Kubernetes Indexed Job's index; none: the whole command",
} as const;

/** --threads, --max-memory and --max-seconds: what every command that computes takes. */
export const resourceOptions = {
  threads: threadsOption,
  "max-memory": maxMemoryOption,
  "max-seconds": maxSecondsOption,
} as const;

/** The resource options of a parsed command line, as the commands take them. */
export const resourcesOf = (argv: {
  threads?: number;
  maxMemory?: string;
  maxSeconds?: number;
}) => ({ threads: argv.threads, maxMemory: argv.maxMemory, maxSeconds: argv.maxSeconds });

/** What every command on one scenario takes, besides its own options. */
export interface ScenarioCommandOptions extends ResourceOptions {
  scenario: string;
  /** --set overrides, as given. */
  set: string[];
  seed?: number;
  json: boolean;
  /** Also write the result to this file (atomically); its extension says the format. */
  out?: string;
  /** Also write the result as one self-contained HTML file with charts. */
  html?: string;
  /** Refuse a scenario with warnings (exit 2) instead of correcting it. */
  strict?: boolean;
}
