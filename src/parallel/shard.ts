import type { TaskResult } from "./tasks.js";

// A study split over machines. Every batch of tasks a command hands to shareOut (runs.ts) is
// numbered in the order the command hands them over, and every task gets a global item number
// (its batch's offset plus its index): the same command on the same scenario always numbers its
// work the same way, because what a command runs never depends on where or when it runs.
//
// - As shard i of N, this process computes only the items whose number ≡ i (mod N) and keeps
//   them; the command's own promises for those batches never settle (it never sees a partial
//   result), and `shardPoint` ends the command once its work is handed over.
// - As a merge, shareOut hands back the items the parts hold, so the command reports exactly
//   what it would have reported had it computed them itself.

/** One computed unit of work: its global item number and result. */
export interface ShardItem {
  item: number;
  result: TaskResult;
}

/** How this process takes part in a sharded study, if it does. */
export type Sharding =
  | { kind: "shard"; index: number; count: number }
  | { kind: "replay"; items: ReadonlyMap<number, TaskResult> };

interface State {
  sharding: Sharding;
  /** Items numbered so far (the next batch starts here). */
  numbered: number;
  /** Batches handed over so far. */
  batches: number;
  kept: ShardItem[];
  computing: Promise<void>[];
}

let state: State | null = null;

/** Makes this process a shard or a merge until `stopSharding`. */
export function startSharding(sharding: Sharding): void {
  state = { sharding, numbered: 0, batches: 0, kept: [], computing: [] };
}

export function stopSharding(): void {
  state = null;
}

/** The sharding in effect, or null for an ordinary run. */
export function sharding(): Sharding | null {
  return state?.sharding ?? null;
}

/** Thrown by `shardPoint` once a shard's work is computed: the command stops there. */
export class ShardDone extends Error {
  readonly items: ShardItem[];
  /** Items the whole command numbers (every shard's). */
  readonly total: number;
  constructor(items: ShardItem[], total: number) {
    super("shard done");
    this.items = items;
    this.total = total;
  }
}

/** The parts do not hold an item the command needs (it asked for other work than the shards did). */
export class MissingItemError extends Error {}

/**
 * Called by shareOut before it runs a batch: null for an ordinary run (shareOut goes on), or
 * the batch's outcome — for a merge, the results the parts hold; for a shard, a promise that
 * never settles, its own items being computed by `computeHere` and kept.
 */
export function shardBatch<T extends TaskResult>(
  size: number,
  computeHere: (indices: number[], keep: (k: number, result: TaskResult) => void) => Promise<void>,
): Promise<T[]> | null {
  if (!state) return null;
  const s = state;
  const first = s.numbered;
  s.numbered += size;
  s.batches++;
  if (s.sharding.kind === "replay") {
    const { items } = s.sharding;
    const results = new Array<T>(size);
    for (let k = 0; k < size; k++) {
      const result = items.get(first + k);
      if (result === undefined)
        return Promise.reject(
          new MissingItemError(
            `the parts hold no result for item ${first + k} (batch ${s.batches} of the command's work): they were made by the command with other options`,
          ),
        );
      results[k] = result as T;
    }
    return Promise.resolve(results);
  }
  const { index, count } = s.sharding;
  const mine: number[] = [];
  for (let k = (((index - first) % count) + count) % count; k < size; k += count) mine.push(k);
  s.computing.push(
    computeHere(mine, (k, result) => {
      s.kept.push({ item: first + k, result });
    }),
  );
  return new Promise<T[]>(() => {});
}

/**
 * Where a command has handed over all its work: an ordinary run or a merge waits for `work`;
 * a shard waits for its own items and throws ShardDone with them (in item order).
 */
export async function shardPoint<T>(work: Promise<T>): Promise<T> {
  if (!state || state.sharding.kind === "replay") return work;
  const s = state;
  // A batch may hand over another batch when it ends; wait until none is left computing.
  for (let seen = 0; seen < s.computing.length; seen = s.computing.length)
    await Promise.all(s.computing);
  // Errors of the command itself (before its work was handed over) surface here too.
  await Promise.race([work, Promise.resolve()]);
  const items = [...s.kept].sort((a, b) => a.item - b.item);
  throw new ShardDone(items, s.numbered);
}
