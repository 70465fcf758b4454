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
  for (const c of candidates) {
    // Long keys cannot be within two edits of short ones: skip the table for them.
    if (Math.abs(c.length - key.length) > 2) continue;
    const d = c.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, c);
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
    if (def.type === "optional" || def.type === "default" || def.type === "nullable")
      s = def.innerType;
    else if (def.type === "pipe") s = def.in;
    else if (def.type === "union") {
      // A discriminated union (a distribution) is matched by its tag; any other union by its
      // only object option, if it has one.
      const objects = def.options.filter((o) => defOf(unwrap(o, undefined)).type === "object");
      const tagKey = (def as { discriminator?: string }).discriminator;
      const tag =
        tagKey && value !== null && typeof value === "object"
          ? (value as Record<string, unknown>)[tagKey]
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
    if (def.type === "object") next = def.shape[String(k)];
    else if (def.type === "array") next = def.element;
    else if (def.type === "record") next = def.valueType;
    else if (def.type === "tuple") next = def.items[Number(k)];
    if (!next) return undefined;
    v = v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
    s = unwrap(next, v);
  }
  const def = defOf(s);
  return def.type === "object" ? Object.keys(def.shape) : undefined;
}
