/** One problem with a scenario: where it is (file, 1-based line and column, key path) and what. */
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

/** Renders problems as one paragraph (one problem) or a short list. */
export function formatProblems(problems: Problem[]): string {
  const one = (p: Problem) =>
    `${p.line > 0 ? `${p.file}:${p.line}:${p.col}` : p.file}: ${p.path ? `${p.path}: ` : ""}${p.message}`;
  if (problems.length === 1) return `invalid scenario: ${one(problems[0])}`;
  return [
    `invalid scenario: ${problems.length} problems`,
    ...problems.map((p) => `  ${one(p)}`),
  ].join("\n");
}
