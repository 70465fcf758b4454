import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hideBin } from "yargs/helpers";
import type { Provenance } from "../report/htmlPage.js";
import { writeAtomically } from "./output.js";

/** This package's version: from the nearest package.json named funnel-sim above this module. */
export function engineVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "funnel-sim") return `funnel-sim ${pkg.version ?? "?"}`;
    } catch {
      // not ours: keep looking
    }
  }
  return "funnel-sim (version unknown)";
}

/**
 * SHA-256 in hex. node:crypto is fetched here, not imported: the bundle stands a lazy proxy in
 * for `crypto` (scripts/bundle.mjs), whose named exports its ES interop cannot see.
 */
export function sha256(bytes: Buffer | string): string {
  return newSha256().update(bytes).digest("hex");
}

/** A SHA-256 hash to feed piece by piece. */
export function newSha256(): import("node:crypto").Hash {
  const crypto = process.getBuiltinModule("node:crypto") as typeof import("node:crypto");
  return crypto.createHash("sha256");
}

/** Options that say where the output goes or how fast it is made, never what it is. */
const OUTPUT_OPTIONS = new Set([
  "--out",
  "--html",
  "--threads",
  "--max-memory",
  "--max-seconds",
  "--shard",
  "--junit",
]);
const OUTPUT_FLAGS = new Set(["--json", "--no-json", "--debug", "--no-debug"]);

/** An argument as a POSIX shell reads it back: quoted unless it is plainly safe. */
const shellWord = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * The command line that makes this result again: the command's own arguments without the
 * options that only say where the output goes or how many threads make it, and with the seed
 * made explicit.
 */
export function reproducingCommand(args: readonly string[], seed: number): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.split("=")[0];
    if (OUTPUT_FLAGS.has(a)) continue;
    if (OUTPUT_OPTIONS.has(name)) {
      if (!a.includes("=")) i++;
      continue;
    }
    kept.push(a);
  }
  if (!kept.some((a) => a === "--seed" || a.startsWith("--seed=")))
    kept.push("--seed", String(seed));
  return ["funnel-sim", ...kept].map(shellWord).join(" ");
}

/**
 * When the result was made: now, or SOURCE_DATE_EPOCH (seconds) when set, the convention of
 * reproducible builds, so that two runs of a study give the same bytes, provenance included.
 */
function madeAt(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch))
    return new Date(Number(epoch) * 1000).toISOString();
  return new Date().toISOString();
}

/** What a command says about the run it makes, for its provenance. */
export interface RunFacts {
  scenarioFile: string;
  overrides: string[];
  seed: number;
  replications: number;
  threads: number;
  /** Further scenario files the result reads (compare): named with their bytes' SHA-256. */
  moreScenarios?: string[];
}

/** A merge replays the shards' provenance instead of describing itself (cli/merge.ts). */
let replayed: Provenance | null = null;
/** The provenance of the result this process is making (the part header of a shard uses it). */
let current: Provenance | null = null;

export function replayProvenance(p: Provenance | null): void {
  replayed = p;
}

/** The provenance recorded by the command running in this process, if it recorded one yet. */
export function currentProvenance(): Provenance | null {
  return current;
}

/** Where a result comes from: the scenario's bytes, the overrides and how it was run. */
export function provenanceOf(o: RunFacts): Provenance {
  if (replayed) return replayed;
  const args = hideBin(process.argv);
  current = {
    engine: engineVersion(),
    command: args.find((a) => !a.startsWith("-")) ?? "",
    scenarioFile: o.scenarioFile,
    scenarioSha256: sha256(readFileSync(o.scenarioFile)),
    overrides: o.overrides,
    ...(o.moreScenarios?.length
      ? {
          moreScenarios: o.moreScenarios.map((file) => ({
            file,
            sha256: sha256(readFileSync(file)),
          })),
        }
      : {}),
    seed: o.seed,
    replications: o.replications,
    threads: o.threads,
    node: process.version,
    date: madeAt(),
    reproduce: reproducingCommand(args, o.seed),
  };
  return current;
}

/** A JSON document with its provenance as the last key. */
export function withProvenance<T extends object>(doc: T, provenance: Provenance): string {
  return `${JSON.stringify({ ...doc, provenance }, null, 2)}\n`;
}

/** CSV text preceded by its provenance, one `# key: value` line each (readers skip `#` lines). */
export function csvWithProvenance(csv: string, p: Provenance): string {
  const lines = [
    `# engine: ${p.engine}`,
    `# command: ${p.command}`,
    `# scenario: ${p.scenarioFile}`,
    `# scenario SHA-256: ${p.scenarioSha256}`,
    ...(p.moreScenarios ?? []).flatMap((m) => [
      `# and scenario: ${m.file}`,
      `# its SHA-256: ${m.sha256}`,
    ]),
    `# overrides: ${p.overrides.length ? p.overrides.join(" ") : "none"}`,
    `# seed: ${p.seed}`,
    `# replications: ${p.replications}`,
    `# threads: ${p.threads} (the result does not depend on them)`,
    `# Node.js: ${p.node}`,
    `# made: ${p.date}`,
    `# to make it again: ${p.reproduce}`,
  ];
  return `${lines.map((l) => l.replace(/[\r\n]/g, " ")).join("\r\n")}\r\n${csv}`;
}

/** Writes an HTML report made from this run's provenance atomically, and says where. */
export function writeHtml(
  file: string,
  run: RunFacts,
  render: (provenance: Provenance) => string,
): void {
  writeAtomically(file, render(provenanceOf(run)));
  process.stderr.write(`funnel-sim: wrote ${file}\n`);
}

/** The overrides of a command line as it gave them: `--set k=v`, `--vary k=a,b`, `--seed n`. */
export function overridesOf(
  set: readonly string[],
  seed?: number,
  vary: readonly string[] = [],
): string[] {
  return [
    ...set.map((s) => `--set ${s}`),
    ...vary.map((v) => `--vary ${v}`),
    ...(seed === undefined ? [] : [`--seed ${seed}`]),
  ];
}

/** The facts of a one-scenario command's run: its file and overrides, and how it ran. */
export function factsOf(
  o: { scenario: string; set: readonly string[]; seed?: number; vary?: readonly string[] },
  seed: number,
  replications: number,
  pool: { threads: number } | null,
): RunFacts {
  return {
    scenarioFile: o.scenario,
    overrides: overridesOf(o.set, o.seed, o.vary),
    seed,
    replications,
    threads: pool?.threads ?? 1,
  };
}
