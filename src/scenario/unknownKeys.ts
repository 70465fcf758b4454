import type * as z from "zod";

// What a planner meant by a key the format does not have: the keys that object allows, and the
// one a typo most likely stands for. No edit-distance package is a dependency of the project,
// and the one function needed is short, so it lives here.

/**
 * Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a
 * substring): insertions, deletions, substitutions and swaps of two neighbours cost 1 each.
 */
export function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

const BAG = new Int32Array(128);

/**
 * A lower bound of the edit distance that costs one pass over each string: how many more of
 * some characters one string has than the other (a substitution, insertion or deletion moves
 * that by at most 1, a swap not at all). 0 (no bound) for text that is not ASCII.
 */
function bagDistance(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) >= 128) return 0;
  for (let i = 0; i < b.length; i++) if (b.charCodeAt(i) >= 128) return 0;
  for (let i = 0; i < a.length; i++) BAG[a.charCodeAt(i)]++;
  for (let i = 0; i < b.length; i++) BAG[b.charCodeAt(i)]--;
  // Each character's surplus is read once, then cleared for the next call.
  let more = 0;
  let fewer = 0;
  for (let i = 0; i < a.length + b.length; i++) {
    const c = i < a.length ? a.charCodeAt(i) : b.charCodeAt(i - a.length);
    if (BAG[c] > 0) more += BAG[c];
    else fewer -= BAG[c];
    BAG[c] = 0;
  }
  return Math.max(more, fewer);
}

/** Keys longer than this get no suggestion: nobody mistypes a key that long, and the table costs its length squared. */
const MAX_SUGGESTED_LENGTH = 64;

/**
 * The candidate `key` most likely stands for: equal but for case, or at most two edits away
 * (and fewer edits than `key` has characters, so a two-letter key does not "mean" any other
 * two-letter key). Ties go to a candidate in `preferred` (keys not given yet), then to the
 * first in order.
 */
export function closestKey(
  key: string,
  candidates: readonly string[],
  preferred: (candidate: string) => boolean = () => false,
): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  if (key.length > MAX_SUGGESTED_LENGTH) return undefined;
  const lower = key.toLowerCase();
  for (const c of candidates) {
    // Long keys cannot be within two edits of short ones: skip the table for them.
    if (Math.abs(c.length - key.length) > 2) continue;
    // Most candidates are far from the key: the cheap bound rules them out first.
    const d =
      c.length === key.length && c.toLowerCase() === lower
        ? 0
        : bagDistance(key, c) > 2
          ? Infinity
          : editDistance(key, c);
    if (d > 2 || d >= key.length) continue;
    const score = d * 2 + (preferred(c) ? 0 : 1);
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

type Schema = z.core.$ZodType;
const defOf = (s: Schema) => (s as z.core.$ZodTypes)._zod.def;

/** Unwraps optional, default, transform pipes and unions down to the schema `value` matched. */
function unwrap(schema: Schema, value: unknown): Schema {
  let s = schema;
  for (;;) {
    const def = defOf(s);
    if (
      def.type === "optional" ||
      def.type === "default" ||
      def.type === "prefault" ||
      def.type === "nullable"
    )
      s = def.innerType;
    // A pipe is a transform after a schema (the scenario's own), or a gate before one
    // (src/scenario/bounds.ts): the schema is the side that is not a transform.
    else if (def.type === "pipe") s = defOf(def.in).type === "transform" ? def.out : def.in;
    else if (def.type === "union") {
      // A discriminated union (a distribution) is matched by its tag; any other union by its
      // only object option, if it has one.
      const objects = def.options.filter((o) => defOf(unwrap(o, undefined)).type === "object");
      const tagKey = (def as { discriminator?: string }).discriminator;
      const tag =
        tagKey && value !== null && typeof value === "object"
          ? Object.hasOwn(value, tagKey)
            ? (value as Record<string, unknown>)[tagKey]
            : undefined
          : undefined;
      const tagged = objects.find((o) => {
        const inner = defOf(unwrap(o, undefined));
        const field = inner.type === "object" && tagKey ? inner.shape[tagKey] : undefined;
        const fieldDef = field && defOf(field);
        return fieldDef?.type === "literal" && fieldDef.values.includes(tag as never);
      });
      const chosen = tagged ?? objects[0];
      if (!chosen) return s;
      s = chosen;
    } else return s;
  }
}

/** The keys the object at `path` allows (in declaration order), or undefined if it is not an object. */
export function keysAt(
  schema: Schema,
  root: unknown,
  path: readonly (string | number)[],
): string[] | undefined {
  let s = unwrap(schema, root);
  let v: unknown = root;
  for (const k of path) {
    const def = defOf(s);
    let next: Schema | undefined;
    // Keys from the input are looked up as own properties only: `constructor` is no field.
    if (def.type === "object") next = Object.hasOwn(def.shape, k) ? def.shape[k] : undefined;
    else if (def.type === "array") next = def.element;
    else if (def.type === "record") next = def.valueType;
    else if (def.type === "tuple") next = def.items[Number(k)];
    if (!next) return undefined;
    v =
      v !== null && typeof v === "object" && Object.hasOwn(v, k)
        ? (v as Record<string, unknown>)[k]
        : undefined;
    s = unwrap(next, v);
  }
  const def = defOf(s);
  return def.type === "object" ? Object.keys(def.shape) : undefined;
}
