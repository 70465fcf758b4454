// Infinity, -Infinity and NaN in a scenario (.inf, -.inf, .nan, and 1e309, which YAML reads as
// Infinity) are reported as what they are: JSON would have shown each as "null".
import { describe, expect, it } from "vitest";
import { parseScenario } from "../../src/index.js";
import { edit, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

/** The one problem of the fixture with `find` replaced by `replace`. */
const problemOf = (find: string, replace: string) => {
  const text = edit(find, replace);
  const { problems } = scenarioError(() => parseScenario(text, FILE));
  expect(problems).toHaveLength(1);
  return { text, problem: problems[0] };
};

describe("special numbers in the file", () => {
  it.each([
    ["price: 3000", "price: .inf", "supply.price", "expected a finite number (got Infinity)"],
    ["price: 3000", "price: -.Inf", "supply.price", "expected a finite number (got -Infinity)"],
    [
      "clickRate: 0.10",
      "clickRate: .nan",
      "marketing.channels.0.clickRate",
      "expected a finite number (got NaN)",
    ],
    [
      "price: 3000",
      "price: 1e309",
      "supply.price",
      "expected a finite number (got 1e309, too large to be a number)",
    ],
    [
      "seed: 1",
      "seed: -1e309",
      "seed",
      "expected a finite number (got -1e309, too large to be a number)",
    ],
    [
      "mix: { everyone: 1 }",
      "mix: { everyone: .NaN }",
      "marketing.channels.0.mix.everyone",
      "expected a finite number (got NaN)",
    ],
    [
      "consultants: 45",
      "consultants: 1e309",
      "sales.consultants",
      "expected a whole number of consultants, or 'unlimited' (got 1e309, too large to be a number)",
    ],
    [
      "capacity: 120",
      "capacity: .inf",
      "site.capacity",
      "expected a whole number of concurrent sessions, or 'unlimited' (got Infinity)",
    ],
  ])("%s → %s", (find, replace, path, message) => {
    const value = replace.slice(replace.lastIndexOf(": ") + 2).replace(/ }$/, "");
    const { text, problem } = problemOf(find, replace);
    expect(problem).toEqual({ file: FILE, ...position(text, replace, value), path, message });
  });

  it("a parameter that is not a finite number says which it is", () => {
    const text = edit("currency: RUB\n", "currency: RUB\nparams: { x: .inf, y: 1e400, z: .nan }\n");
    expect(scenarioError(() => parseScenario(text, FILE)).problems.map((p) => p.message)).toEqual([
      'expected a finite number or a formula ("= …") (got Infinity)',
      'expected a finite number or a formula ("= …") (got 1e400, too large to be a number)',
      'expected a finite number or a formula ("= …") (got NaN)',
    ]);
  });
});

describe("special numbers given by --set", () => {
  it.each([
    ["supply.price=.inf", "expected a finite number (got Infinity)"],
    ["supply.price=-.inf", "expected a finite number (got -Infinity)"],
    ["supply.price=.nan", "expected a finite number (got NaN)"],
    // A --set value is read into a node of its own: its text is not at hand, its value is.
    ["supply.price=1e309", "expected a finite number (got Infinity)"],
  ])("%s", (arg, message) => {
    expect(scenarioError(() => parseScenario(FIXTURE, FILE, [arg])).problems).toEqual([
      { file: `--set ${arg}`, line: 0, col: 0, path: "supply.price", message },
    ]);
  });
});
