import { readFileSync, statSync } from "node:fs";
import type { ShardItem } from "../parallel/shard.js";
import type { TaskResult } from "../parallel/tasks.js";
import type { Provenance } from "../report/htmlPage.js";
import { UsageError } from "./errors.js";
import { newSha256, sha256 } from "./provenance.js";

// A part: what one shard computed, as JSON lines.
//   line 1      the header: which study (engine, command, its options, the scenario's SHA-256,
//               how many items the whole study has), which shard, and the shard's provenance;
//   lines 2…    one item each: its global number and its result (typed arrays as base64 of
//               their bytes, so a merge gets back exactly the bits the shard computed);
//   last line   the end: the number of item lines and the SHA-256 of every byte before it, so
//               a truncated or altered part is named, never half-used.

/** The commands whose work splits into independent items (cli/shard.ts). */
export const SHARDABLE = ["run", "explain", "sweep", "whatif"] as const;
export type ShardableCommand = (typeof SHARDABLE)[number];

export const PART_FORMAT = 1;

export interface PartHeader {
  funnelSimPart: number;
  engine: string;
  command: ShardableCommand;
  /** The command's options that decide what it computes (output and resource options left out). */
  options: Record<string, unknown>;
  scenarioFile: string;
  scenarioSha256: string;
  /** Other files the command read (explain --against), with the SHA-256 of their bytes. */
  otherFiles: { file: string; sha256: string }[];
  /** Items the whole study has, over every shard. */
  items: number;
  shard: { index: number; count: number };
  provenance: Provenance;
}

export interface Part {
  file: string;
  header: PartHeader;
  items: ShardItem[];
}

const TYPED = {
  Float64Array,
  Float32Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

/** JSON of a result: typed arrays as their bytes in base64, numbers JSON cannot hold by name. */
function replacer(_key: string, value: unknown): unknown {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const name = value.constructor.name;
    if (!(name in TYPED)) throw new Error(`cannot write a ${name} into a part`);
    return {
      $typed: name,
      base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64"),
    };
  }
  if (typeof value === "number" && !Number.isFinite(value)) return { $number: String(value) };
  return value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const v = value as { $typed?: unknown; base64?: unknown; $number?: unknown };
  if (typeof v.$typed === "string" && typeof v.base64 === "string") {
    const Typed = TYPED[v.$typed as TypedName];
    if (!Typed) throw new Error(`unknown array type ${v.$typed}`);
    const bytes = Buffer.from(v.base64, "base64");
    if (bytes.length % Typed.BYTES_PER_ELEMENT !== 0) throw new Error("an array's bytes are cut");
    // Copied into a buffer of its own: aligned, and not a view on the whole file.
    const buffer = new ArrayBuffer(bytes.length);
    new Uint8Array(buffer).set(bytes);
    return new Typed(buffer);
  }
  if (typeof v.$number === "string") return Number(v.$number);
  return value;
}

/**
 * The lines of a part file, one string each (a big study's part is more than one string can
 * hold), the end line with the checksum of every line before it.
 */
export function* partLines(header: PartHeader, items: readonly ShardItem[]): Generator<string> {
  const hash = newSha256();
  const line = (text: string) => {
    const l = `${text}\n`;
    hash.update(l);
    return l;
  };
  yield line(JSON.stringify(header));
  for (const i of items) yield line(JSON.stringify({ item: i.item, result: i.result }, replacer));
  yield `${JSON.stringify({ end: { lines: items.length, sha256: hash.digest("hex") } })}\n`;
}

/** A part that cannot be used: named, with what is wrong (exit 2). */
export class PartError extends UsageError {
  constructor(message: string) {
    super(message, { hint: false });
  }
}

/** Reads and checks one part file: whole (its end line and checksum) and well formed. */
export function readPart(file: string): Part {
  // Read as bytes and decoded line by line: the whole part may be more than one string holds.
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new PartError(`${file}: not a regular file`);
    bytes = readFileSync(file);
  } catch (e) {
    if (e instanceof PartError) throw e;
    throw new PartError(`${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? e})`);
  }
  const cut = (why: string) =>
    new PartError(`${file} is truncated or corrupt (${why}): make this shard again`);
  const NL = 0x0a;
  if (bytes.length === 0 || bytes[bytes.length - 1] !== NL)
    throw cut("it does not end with a whole line");
  const lastStart = bytes.lastIndexOf(NL, bytes.length - 2) + 1;
  const body = bytes.subarray(0, lastStart);
  let end: { end?: { lines?: unknown; sha256?: unknown } };
  try {
    end = JSON.parse(bytes.subarray(lastStart).toString("utf8"));
  } catch {
    throw cut("its last line is not the part's end");
  }
  if (typeof end?.end?.sha256 !== "string" || typeof end.end.lines !== "number")
    throw cut("its last line is not the part's end");
  if (sha256(body) !== end.end.sha256) throw cut("its checksum does not match its contents");
  const lines: string[] = [];
  for (let at = 0; at < body.length; ) {
    const next = body.indexOf(NL, at);
    lines.push(body.subarray(at, next).toString("utf8"));
    at = next + 1;
  }
  if (lines.length !== end.end.lines + 1) throw cut("it has another number of lines than it says");
  let header: PartHeader;
  try {
    header = JSON.parse(lines[0]);
  } catch {
    throw cut("its first line is not a header");
  }
  if (header?.funnelSimPart !== PART_FORMAT)
    throw new PartError(
      `${file}: not a funnel-sim part of format ${PART_FORMAT} (made by ${header?.engine ?? "something else"})`,
    );
  const items = lines.slice(1).map((line, k): ShardItem => {
    try {
      const parsed = JSON.parse(line, reviver) as { item: number; result: TaskResult };
      if (!Number.isInteger(parsed.item) || parsed.result === undefined) throw new Error();
      return parsed;
    } catch {
      throw cut(`line ${k + 2} is not an item`);
    }
  });
  return { file, header, items };
}

/** The header fields every part of one study shares. */
const studyOf = (h: PartHeader) => ({
  engine: h.engine,
  command: h.command,
  options: h.options,
  scenarioFile: h.scenarioFile,
  scenarioSha256: h.scenarioSha256,
  otherFiles: h.otherFiles,
  items: h.items,
  shards: h.shard.count,
});

const WORDS: Record<keyof ReturnType<typeof studyOf>, string> = {
  engine: "engine version",
  command: "command",
  options: "options",
  scenarioFile: "scenario file",
  scenarioSha256: "scenario (SHA-256 of its bytes)",
  otherFiles: "other scenario files",
  items: "number of items",
  shards: "number of shards",
};

const brief = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
};

/**
 * The items of one whole study from its parts, in item order: refused (naming the parts) when
 * they belong to different studies, a shard is missing or given twice, or an item is missing.
 */
export function gatherParts(parts: Part[]): Map<number, TaskResult> {
  if (parts.length === 0) throw new PartError("merge: name the part files (parts/*.jsonl)");
  const first = parts[0];
  const study = studyOf(first.header);
  for (const p of parts.slice(1)) {
    const other = studyOf(p.header);
    for (const key of Object.keys(study) as (keyof typeof study)[])
      if (JSON.stringify(other[key]) !== JSON.stringify(study[key]))
        throw new PartError(
          `${p.file} belongs to another study than ${first.file}: its ${WORDS[key]} is ${brief(other[key])}, not ${brief(study[key])}`,
        );
  }
  const count = study.shards;
  const byShard = new Map<number, string>();
  for (const p of parts) {
    const { index } = p.header.shard;
    const before = byShard.get(index);
    if (before !== undefined)
      throw new PartError(
        `${before} and ${p.file} are both shard ${index}/${count}: give each once`,
      );
    byShard.set(index, p.file);
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byShard.has(i));
  if (missing.length > 0)
    throw new PartError(
      `merge: shard${missing.length === 1 ? "" : "s"} ${listed(missing)} of ${count} ${missing.length === 1 ? "is" : "are"} missing (given: ${listed([...byShard.keys()].sort((a, b) => a - b))})`,
    );
  const items = new Map<number, TaskResult>();
  for (const p of parts) {
    const { index } = p.header.shard;
    for (const { item, result } of p.items) {
      if (item % count !== index || item < 0 || item >= study.items)
        throw new PartError(`${p.file}: item ${item} is not shard ${index}/${count}'s`);
      if (items.has(item)) throw new PartError(`${p.file}: item ${item} is given twice`);
      items.set(item, result);
    }
    const expected = Math.max(0, Math.ceil((study.items - index) / count));
    if (p.items.length !== expected) {
      const have = new Set(p.items.map((i) => i.item));
      const lacking: number[] = [];
      for (let g = index; g < study.items && lacking.length < 6; g += count)
        if (!have.has(g)) lacking.push(g);
      throw new PartError(
        `${p.file}: shard ${index}/${count} should hold ${expected} items and holds ${p.items.length} (missing item${lacking.length === 1 ? "" : "s"} ${listed(lacking)}${lacking.length === 6 ? ", …" : ""})`,
      );
    }
  }
  return items;
}

/** 1, 2 and 5. */
function listed(xs: number[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`;
}
