/**
 * One problem with a scenario, or a warning about one: where it is (file, 1-based line and
 * column, key path) and what.
 */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Dot path of the key, e.g. `sales.consultants` or `marketing.channels.0.mix`. */
  path: string;
  message: string;
}

/** Problems listed in a message; the rest are counted ("… and 39,950 more problems"). */
export const MAX_LISTED_PROBLEMS = 50;

/** Bad input: every problem found, each located. The CLI maps it to exit code 2. */
export class ScenarioError extends Error {
  readonly problems: Problem[];
  /** Problems found beyond those in `problems`, counted but not described. */
  readonly omitted: number;
  constructor(problems: Problem[], omitted = 0) {
    super(formatProblems(problems, omitted));
    this.name = "ScenarioError";
    this.problems = problems;
    this.omitted = omitted;
  }
}

/** `file:line:col: key.path: message`, without the parts a problem lacks. */
const one = (p: Problem) =>
  printable(
    `${p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file}: ${p.path ? `${p.path}: ` : ""}${p.message}`,
  );

/**
 * Renders problems as one paragraph (one problem) or a short list: the first
 * MAX_LISTED_PROBLEMS, then how many more there are (with `omitted`, found but not described).
 */
export function formatProblems(problems: Problem[], omitted = 0): string {
  const total = problems.length + omitted;
  if (total === 1 && problems.length === 1) return `invalid scenario: ${one(problems[0])}`;
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS);
  const more = total - listed.length;
  return [
    `invalid scenario: ${count(total)} problems`,
    ...listed.map((p) => `  ${one(p)}`),
    ...(more > 0 ? [`  … and ${count(more)} more problem${more === 1 ? "" : "s"}`] : []),
  ].join("\n");
}

/** Renders a warning (a valid but doubtful scenario, corrected) as one line for stderr. */
export function formatWarning(p: Problem): string {
  return `warning: ${one(p)}`;
}

/** A count with thousands separators, as every message writes them: 39,950. */
export const count = (n: number) => n.toLocaleString("en-US");

// Text from the input (keys, values, file names, --set arguments) is printed to a terminal:
// a control character in it could move the cursor, clear the screen or end the line that
// says where the problem is. It is shown escaped, as a JavaScript string literal would be.
// Beside C0, DEL and C1, the characters that reorder or break lines on screen (Unicode line
// and paragraph separators, bidirectional overrides and isolates) are escaped too: they can
// make a message show something other than what it says.
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Whether `s` holds a character `printable` would escape. */
export const hasUnprintable = (s: string) => s.search(UNPRINTABLE) >= 0;
const NAMED: Record<string, string> = { "\t": "\\t", "\n": "\\n", "\r": "\\r" };
const hex = (c: string, digits: number) => c.charCodeAt(0).toString(16).padStart(digits, "0");

/** `s` with every control character escaped (`\x1b`, `\n`, `\t`, `\u202e`): safe to print. */
export function printable(s: string): string {
  return s.replace(
    UNPRINTABLE,
    (c) => NAMED[c] ?? (c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`),
  );
}

/** A name from the input, quoted and printable: 'everyone'. */
export const quoted = (name: string) => `'${printable(name)}'`;

/**
 * Names from the input as a printable list of at most `max`, then how many there are in all:
 * "a, b, c, … (12,000 in all)". A message never repeats a whole list the input made long.
 */
export function listed(names: readonly string[], max = 10): string {
  const shown = names.slice(0, max).map(printable).join(", ");
  return names.length > max ? `${shown}, … (${count(names.length)} in all)` : shown;
}

/** Longest value echoed in a message as "(got …)". */
const MAX_SHOWN = 60;

/**
 * A value from the input as a message shows it after "got": special numbers as what they are
 * (Infinity, -Infinity, NaN, where JSON would say null), anything else as JSON, escaped; or
 * undefined when it would take more than MAX_SHOWN characters (a long value is not repeated).
 * Serialising stops as soon as the text is too long, so a value of a million items costs
 * no more than a short one.
 */
export function shown(value: unknown): string | undefined {
  let text = "";
  const add = (s: string) => {
    text += s;
    return text.length <= MAX_SHOWN;
  };
  const visit = (v: unknown): boolean => {
    if (typeof v === "number") return add(Number.isFinite(v) ? JSON.stringify(v) : String(v));
    if (v === null || typeof v === "boolean") return add(String(v));
    if (typeof v === "string") return add(printable(JSON.stringify(v.slice(0, MAX_SHOWN + 1))));
    if (Array.isArray(v)) {
      if (!add("[")) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !add(",")) || !visit(v[i])) return false;
      return add("]");
    }
    if (typeof v === "object") {
      if (!add("{")) return false;
      let first = true;
      for (const key of Object.keys(v as object)) {
        if (
          (!first && !add(",")) ||
          !add(`${printable(JSON.stringify(key.slice(0, MAX_SHOWN + 1)))}:`)
        )
          return false;
        first = false;
        if (!visit((v as Record<string, unknown>)[key])) return false;
      }
      return add("}");
    }
    return false; // undefined, functions: nothing to show
  };
  return visit(value) ? text : undefined;
}
