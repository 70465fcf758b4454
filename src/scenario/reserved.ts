import { quoted } from "./errors.js";

// Names a key may not have. A scenario is read into plain JavaScript objects, where a key named
// after a property every object inherits is not a key like the others: `__proto__` sets the
// object's prototype instead (the yaml library then drops it silently, so a mix with
// `__proto__: 1` summed to 1 without it), and `constructor` or `toString` look present in an
// object that does not have them (`seg in segments` was true for a segment named toString).
// Refusing them by name, wherever they occur, keeps every lookup honest; no planner needs them.

/** `__proto__`, `prototype` and every property name of Object.prototype. */
const RESERVED: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  "__proto__",
  "prototype",
]);

/** Why `name` cannot be a key, or undefined if it can. */
export function reservedKeyProblem(name: string): string | undefined {
  return RESERVED.has(name) ? `${quoted(name)} is a reserved name: choose another` : undefined;
}
