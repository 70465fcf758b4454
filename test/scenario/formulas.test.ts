// Parameters and formulas (src/scenario/formulas.ts): a formula's result is the number written
// out, params flow through every field that uses them (also from --set), and every formula
// that is refused or fails is a ScenarioError located at the formula, naming what is wrong.
import { describe, expect, it } from "vitest";
import { type Problem, parseScenario, runScenario, ScenarioError } from "../../src/index.js";
import { edit, escapeRegExp, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

/** The fixture with a `params:` block (flow style, one line) after `currency:`. */
const withParams = (params: string, text = FIXTURE) =>
  edit("currency: RUB\n", `currency: RUB\nparams: { ${params} }\n`, text);

/** The fixture with the channel's reach written as `reach` (a YAML value, e.g. a quoted formula). */
const withReach = (reach: string, text = FIXTURE) =>
  edit("reach: 10000000", `reach: ${reach}`, text);

const PARAMS = "budget: 200000, cpm: 20";

/** The value of one formula, evaluated as a parameter. */
const value = (formula: string) => parseScenario(withParams(`x: '= ${formula}'`), FILE).params.x;

describe("loading", () => {
  // First in this file: nothing before it has parsed a formula in this process.
  it("a scenario with params but no formula does not load mathjs", () => {
    const scenario = parseScenario(withParams(PARAMS), FILE);
    expect(scenario.params).toEqual({ budget: 200000, cpm: 20 });
    const loaded = () => Object.keys(require.cache).some((k) => /[\\/]mathjs[\\/]/.test(k));
    expect(loaded()).toBe(false);
    parseScenario(withParams(PARAMS, withReach('"= budget / cpm * 1000"')), FILE);
    expect(loaded()).toBe(true);
  });

  it("a scenario without params has params {}", () => {
    expect(parseScenario(FIXTURE, FILE).params).toEqual({});
  });
});

describe("a formula gives the scenario its result written out", () => {
  // Formulas in a list item, a mapping of a flow list, a distribution and a mix.
  const formulas = withParams(
    `${PARAMS}, uplift: 0.2, handle: 10`,
    edit(
      "  stock: 40000\n",
      "  stock: '= 2 * 20000'\n  restock: [{ day: '= 3 * 5', units: '= round(budget / 30)' }]\n",
      edit(
        "handleTime: { dist: exponential, mean: 10 }",
        'handleTime: { dist: exponential, mean: "= handle" }',
        edit(
          "closeRate: 0.30",
          'closeRate: "= 0.25 * (1 + uplift)"',
          edit(
            "consultants: 45",
            'consultants: "= round(budget / 5000 + 5)"',
            edit(
              "mix: { everyone: 1 }",
              'mix: { everyone: "= 1" }',
              withReach('"= budget / cpm * 1000"'),
            ),
          ),
        ),
      ),
    ),
  );
  const literals = withParams(
    `${PARAMS}, uplift: 0.2, handle: 10`,
    edit("  stock: 40000\n", "  stock: 40000\n  restock: [{ day: 15, units: 6667 }]\n"),
  );

  it("the validated scenario is deep-equal to the one with the numbers written out", () => {
    const scenario = parseScenario(formulas, FILE);
    expect(scenario).toEqual(parseScenario(literals, FILE));
    expect(scenario.marketing.channels[0].reach).toBe(10_000_000);
    expect(scenario.segments.everyone.closeRate).toBe(0.3);
    expect(Object.isFrozen(scenario.params)).toBe(true);
  });

  it("the run is byte-identical (a small reach: budget 4000 at cpm 20 is 200,000 people)", () => {
    const small = (text: string) =>
      parseScenario(edit("budget: 200000, cpm: 20", "budget: 4000, cpm: 20", text), FILE, [
        "marketing.budget=4000",
      ]);
    const a = small(withParams(PARAMS, withReach('"= budget / cpm * 1000"')));
    const b = small(withParams(PARAMS, withReach("200000")));
    expect(a.marketing.channels[0].reach).toBe(200_000);
    expect(JSON.stringify(runScenario(a))).toBe(JSON.stringify(runScenario(b)));
  });

  it("a string without a leading '=' stays a string; leading spaces before '=' are allowed", () => {
    const text = withParams(
      PARAMS,
      edit("name: R1 reference funnel", "name: 'Budget = 200000'", withReach("'   = 1e7'")),
    );
    const scenario = parseScenario(text, FILE);
    expect(scenario.name).toBe("Budget = 200000");
    expect(scenario.marketing.channels[0].reach).toBe(10_000_000);
  });
});

describe("params", () => {
  it("a parameter may use parameters written before it", () => {
    const text = withParams(`${PARAMS}, people: '= budget / cpm * 1000', half: '= people / 2'`);
    expect(parseScenario(text, FILE).params).toEqual({
      budget: 200000,
      cpm: 20,
      people: 10_000_000,
      half: 5_000_000,
    });
  });

  it("and parameters written after it: params are evaluated in dependency order", () => {
    const text = withParams(`total: '= a + b', a: '= b * 2', b: 3`);
    expect(parseScenario(text, FILE).params).toEqual({ total: 9, a: 6, b: 3 });
  });

  it("--set params.x changes every field that uses it", () => {
    const text = withParams(
      PARAMS,
      edit("budget: 200000\n", 'budget: "= budget"\n', withReach('"= budget / cpm * 1000"')),
    );
    const scenario = parseScenario(text, FILE, ["params.budget=100000"]);
    expect(scenario.params.budget).toBe(100000);
    expect(scenario.marketing.budget).toBe(100000);
    expect(scenario.marketing.channels[0].reach).toBe(5_000_000);
  });

  it("--set may add a parameter, and give a formula", () => {
    const scenario = parseScenario(FIXTURE, FILE, [
      "params.staff=12",
      "sales.consultants== staff * 2",
    ]);
    expect(scenario.params).toEqual({ staff: 12 });
    expect(scenario.sales.consultants).toBe(24);
  });

  it("formulas inside study: are left for the study's points to evaluate", () => {
    const text = `${withParams(PARAMS)}study:\n  variants:\n    - { name: more, set: { sales.consultants: "= 50" } }\n`;
    const scenario = parseScenario(text, FILE);
    expect(scenario.study?.variants?.[0].set["sales.consultants"]).toBe("= 50");
  });
});

describe("mathjs' semantics for numbers (documented in formulas.ts)", () => {
  it.each([
    ["round(2.5)", 3],
    ["round(-2.5)", -3],
    ["round(2.4999999999999996)", 3],
    ["round(-0.3)", 0],
    ["floor(2.9999999999999996)", 3],
    ["ceil(0.7 * 100)", 70],
    ["floor(-1.5)", -2],
    ["0.1 + 0.2 == 0.3 ? 1 : 0", 1],
    ["1 < 2 <= 2 ? 1 : 0", 1],
    ["-7 % 3", 2],
    ["7 mod -3", -2],
    ["5 % 0", 5],
    ["50%", 0.5],
    ["10 + 5%", 10.5],
    ["2 ^ 3 ^ 2", 512],
    ["-2 ^ 2", -4],
    ["log(100, 10)", 2],
    ["exp(0) + sqrt(16) + abs(-2)", 7],
    ["min(3, 1, 2) + max(1, 2)", 3],
    ["1 > 0 and not (2 < 1) ? 7 : 8", 7],
  ] as const)("%s = %s", (formula, expected) => {
    expect(value(formula)).toBe(expected);
  });
});

interface Refused {
  name: string;
  formula: string;
  message: RegExp;
}

const refused: Refused[] = [
  {
    name: "unknown name",
    formula: "= budgt / cpm * 1000",
    message:
      /^unknown name 'budgt': did you mean budget\? \(params: budget, cpm\) in the formula "= budgt \/ cpm \* 1000"$/,
  },
  {
    name: "evaluate",
    formula: '= evaluate("1")',
    message:
      /^function 'evaluate' is not allowed \(allowed: min, max, round, floor, ceil, abs, sqrt, exp, log\) in the formula/,
  },
  { name: "import", formula: '= import("fs")', message: /^function 'import' is not allowed/ },
  { name: "parse", formula: '= parse("1")', message: /^function 'parse' is not allowed/ },
  {
    name: "createUnit",
    formula: '= createUnit("x")',
    message: /^function 'createUnit' is not allowed/,
  },
  {
    name: "a method",
    formula: "= budget.toString()",
    message: /^matrices and objects are not allowed/,
  },
  {
    name: "function definition",
    formula: "= f(x) = x",
    message: /^function definitions are not allowed/,
  },
  { name: "assignment", formula: "= a = 1", message: /^assignment is not allowed/ },
  { name: "matrix", formula: "= [1, 2]", message: /^matrices and objects are not allowed/ },
  { name: "index", formula: "= budget[1]", message: /^matrices and objects are not allowed/ },
  { name: "object", formula: "= {a: 1}", message: /^matrices and objects are not allowed/ },
  { name: "range", formula: "= 1:3", message: /^matrices and objects are not allowed/ },
  { name: "unit", formula: "= 5 cm", message: /^unknown name 'cm'/ },
  {
    name: "unit conversion",
    formula: "= budget to cm",
    message: /^operator 'to' \(to\) is not allowed/,
  },
  {
    name: "string constant",
    formula: '= "abc" + 1',
    message: /^strings are not allowed \("abc"\)/,
  },
  { name: "factorial", formula: "= cpm!", message: /^operator '!' \(factorial\) is not allowed/ },
  { name: "two expressions", formula: "= 1; 2", message: /^only one expression is allowed/ },
  {
    name: "a constant",
    formula: "= pi * 2",
    message: /^unknown name 'pi'.*constants are not available/,
  },
  { name: "a function without a call", formula: "= max", message: /^'max' is a function: call it/ },
  {
    name: "wrong argument count",
    formula: "= round(1.5, 2)",
    message: /^round\(\) with 2 arguments/,
  },
  {
    name: "syntax error",
    formula: "= budget +",
    message:
      /^cannot read the formula "= budget \+" at character 11: Unexpected end of expression$/,
  },
  { name: "empty", formula: "=", message: /^the formula "=" is empty/ },
  {
    name: "division by zero",
    formula: "= budget / 0",
    message: /^the formula "= budget \/ 0" gives Infinity \(division by zero\?\)$/,
  },
  { name: "0 / 0", formula: "= 0 / 0", message: /^the formula "= 0 \/ 0" gives NaN, not a number/ },
  { name: "log(0)", formula: "= log(0)", message: /gives -Infinity/ },
  { name: "sqrt(-1)", formula: "= sqrt(-1)", message: /gives NaN/ },
  {
    name: "a comparison",
    formula: "= budget > 0",
    message: /gives true, the result of a comparison/,
  },
  {
    name: "arithmetic on a comparison",
    formula: "= (budget > 0) * 2",
    message: /^'\*' needs numbers, not true\/false/,
  },
  {
    name: "a number as a condition",
    formula: "= budget ? 1 : 2",
    message: /^the condition before '\?' needs true\/false/,
  },
];

describe("refused formulas: a ScenarioError at the formula, naming the construct", () => {
  it.each(refused)("$name: $formula", ({ formula, message }) => {
    const quoted = `'${formula}'`;
    const text = withParams(PARAMS, withReach(quoted));
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error).toBeInstanceOf(ScenarioError);
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject<Partial<Problem>>({
      file: FILE,
      path: "marketing.channels.0.reach",
      ...position(text, `reach: ${quoted}`, quoted),
    });
    expect(error.problems[0].message).toMatch(message);
    const { line, col } = position(text, `reach: ${quoted}`, quoted);
    expect(error.message).toMatch(
      new RegExp(
        `^invalid scenario: bench\\.yaml:${line}:${col}: marketing\\.channels\\.0\\.reach: `,
      ),
    );
  });

  it("every problem is reported, in line order, before validation", () => {
    const text = withParams(
      PARAMS,
      edit("consultants: 45", "consultants: '= staff'", withReach("'= budget / 0'")),
    );
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems.map((p) => [p.path, p.line, p.col])).toEqual([
      ["marketing.channels.0.reach", ...Object.values(position(text, "'= budget / 0'"))],
      ["sales.consultants", ...Object.values(position(text, "'= staff'"))],
    ]);
    expect(error.message).toMatchSnapshot();
  });

  it("a formula from --set is located at the --set", () => {
    const arg = "sales.consultants== staff";
    const error = scenarioError(() => parseScenario(withParams(PARAMS), FILE, [arg]));
    expect(error.problems).toEqual([
      {
        file: `--set ${arg}`,
        line: 0,
        col: 0,
        path: "sales.consultants",
        message: `unknown name 'staff' (params: budget, cpm) in the formula "= staff"`,
      },
    ]);
  });

  it("a formula without params says none are declared", () => {
    const error = scenarioError(() => parseScenario(withReach("'= budget'"), FILE));
    expect(error.problems[0].message).toBe(
      `unknown name 'budget' (no params are declared: give them under params:) in the formula "= budget"`,
    );
  });
});

describe("refused params", () => {
  it("a cycle is named, once, at its first parameter", () => {
    const text = withParams(`a: '= b + 1', b: '= c * 2', c: '= a', d: '= a + 1'`);
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      {
        file: FILE,
        ...position(text, "a: '= b + 1'", "'= b + 1'"),
        path: "params.a",
        message: "the params form a cycle: a → b → c → a (a parameter cannot depend on itself)",
      },
    ]);
    expect(error.message).toMatchSnapshot();
  });

  it("a parameter that refers to itself", () => {
    const text = withParams(`a: '= a + 1'`);
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      {
        file: FILE,
        ...position(text, "'= a + 1'"),
        path: "params.a",
        message: `the formula "= a + 1" refers to params.a itself`,
      },
    ]);
  });

  it.each([
    ["max", /^'max' is a function formulas call \(min, max, .*\): choose another name$/],
    ["pi", /^'pi' is a mathjs constant: choose another name$/],
    ["e", /^'e' is a mathjs constant/],
    ["and", /^'and' is a word of the formula syntax/],
    ["Infinity", /^'Infinity' is a word of the formula syntax/],
    ["2x", /^'2x' is not a parameter name: use letters, digits and _, not starting with a digit$/],
    ["cost-per", /^'cost-per' is not a parameter name/],
  ])("the name '%s' is refused, at the name", (name, message) => {
    const text = withParams(`${name}: 1`);
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({
      path: `params.${name}`,
      ...position(text, `{ ${name}: 1`, name),
    });
    expect(error.problems[0].message).toMatch(message);
  });

  it("a value that is neither a number nor a formula", () => {
    const text = withParams("budget: lots");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "params.budget",
        message: `expected a number or a formula ("= …") (got "lots")`,
        ...position(text, "lots"),
      }),
    ]);
  });

  it("params that are not a mapping", () => {
    const text = edit("currency: RUB\n", "currency: RUB\nparams: [1, 2]\n");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems[0]).toMatchObject({ path: "params", ...position(text, "[1, 2]") });
  });

  it("a formula over a parameter that failed is not reported again", () => {
    const text = withParams("budget: '= 1 / 0'", withReach("'= budget * 2'"));
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems.map((p) => p.path)).toEqual(["params.budget"]);
  });
});

describe("a formula's result is validated like the number written in its place", () => {
  it("a rate out of range: the validator's message, then the formula", () => {
    const text = withParams(
      `${PARAMS}, uplift: 4`,
      edit("closeRate: 0.30", 'closeRate: "= 0.30 * (1 + uplift)"'),
    );
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      {
        file: FILE,
        ...position(text, '"= 0.30 * (1 + uplift)"'),
        path: "segments.everyone.closeRate",
        message:
          'a rate is a fraction between 0 and 1: write 0.015 for 1.5 % (got 1.5) (from the formula "= 0.30 * (1 + uplift)")',
      },
    ]);
    expect(error.message).toMatchSnapshot();
  });

  it("a count that comes out fractional", () => {
    const text = withParams(PARAMS, withReach(`"= budget / 3"`));
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems[0].message).toMatch(
      new RegExp(
        `^expected a whole number of people \\(got 66666\\.6666\\d+\\) ${escapeRegExp('(from the formula "= budget / 3")')}$`,
      ),
    );
  });
});
