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

/** Bad input: every problem found, each located. The CLI maps it to exit code 2. */
export class ScenarioError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(formatProblems(problems));
    this.name = "ScenarioError";
    this.problems = problems;
  }
}

/** `file:line:col: key.path: message`, without the parts a problem lacks. */
const one = (p: Problem) =>
  `${p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file}: ${p.path ? `${p.path}: ` : ""}${p.message}`;

/** Renders problems as one paragraph (one problem) or a short list. */
export function formatProblems(problems: Problem[]): string {
  if (problems.length === 1) return `invalid scenario: ${one(problems[0])}`;
  return [
    `invalid scenario: ${problems.length} problems`,
    ...problems.map((p) => `  ${one(p)}`),
  ].join("\n");
}

/** Renders a warning (a valid but doubtful scenario, corrected) as one line for stderr. */
export function formatWarning(p: Problem): string {
  return `warning: ${one(p)}`;
}
