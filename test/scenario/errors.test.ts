// Error messages for broken scenarios: every problem named by file, line:column and key path,
// and the message text snapshotted (test/scenario/__snapshots__/errors.test.ts.snap).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, type Problem, parseScenario } from "../../src/index.js";
import { edit, escapeRegExp, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

interface FileCase {
  name: string;
  text: string;
  /** Expected problems: key path ("" for YAML syntax) and where, as [context, inner] in `text`. */
  expected: { path: string; at: [string, string?]; message: RegExp }[];
}

const fileCases: FileCase[] = [
  {
    name: "negative capacity",
    text: edit("capacity: 120", "capacity: -5"),
    expected: [{ path: "site.capacity", at: ["capacity: -5", "-5"], message: /Too small.*>=0/ }],
  },
  {
    name: "mix not summing to 1",
    text: edit("mix: { everyone: 1 }", "mix: { everyone: 0.9 }"),
    expected: [
      {
        path: "marketing.channels.0.mix",
        at: ["mix: { everyone: 0.9 }", "{ everyone"],
        message: /mix must sum to 1 \(it sums to 0\.9\)/,
      },
    ],
  },
  {
    name: "unknown key (typo)",
    text: edit("capacity: 120", "capcity: 120"),
    // One message at the misspelt key: the required key it stands for is not also "missing".
    expected: [
      {
        path: "site.capcity",
        at: ["capcity"],
        message: /^unknown key 'capcity': did you mean capacity\?$/,
      },
    ],
  },
  {
    name: "string where a number goes",
    text: edit("price: 3000", 'price: "3000"'),
    expected: [
      {
        path: "supply.price",
        at: ['price: "3000"', '"3000"'],
        message: /expected number, received string/,
      },
    ],
  },
  {
    name: "word where a count goes",
    text: edit("consultants: 45", "consultants: forty"),
    expected: [
      { path: "sales.consultants", at: ["consultants: forty", "forty"], message: /"forty"/ },
    ],
  },
  {
    name: "rate above 1",
    text: edit("clickRate: 0.10", "clickRate: 1.5"),
    expected: [
      {
        path: "marketing.channels.0.clickRate",
        at: ["clickRate: 1.5", "1.5"],
        message: /a rate is a fraction between 0 and 1: write 0\.015 for 1\.5 %/,
      },
      // The cross-field rule (clickRate × clickWeight ≤ 1) does not say it again.
    ],
  },
  {
    name: "rate below 0",
    text: edit("consultRate: 0.20", "consultRate: -0.1"),
    expected: [
      {
        path: "segments.everyone.consultRate",
        at: ["consultRate: -0.1", "-0.1"],
        message: /^expected a fraction between 0 and 1 \(got -0\.1\)$/,
      },
    ],
  },
  {
    name: "unknown distribution",
    text: edit("handleTime: { dist: exponential", "handleTime: { dist: weibull"),
    expected: [
      {
        path: "sales.handleTime.dist",
        at: ["dist: weibull", "weibull"],
        message: /unknown dist: expected one of fixed, exponential, lognormal, uniform, gamma/,
      },
    ],
  },
  {
    name: "both consultants and shifts",
    text: edit(
      "  consultants: 45\n",
      "  consultants: 45\n  shifts: [{ consultants: 3, hours: [9, 18] }]\n",
    ),
    expected: [{ path: "sales", at: ["  consultants: 45", "consultants"], message: /not both/ }],
  },
  {
    name: "duplicate key",
    text: edit("  price: 3000\n", "  price: 3000\n  price: 2500\n"),
    // Located at the second key, naming it and where the first one is.
    expected: [
      {
        path: "supply.price",
        at: ["price: 2500", "price"],
        message: /^Map keys must be unique: 'price' is given twice \(first at line 23\)$/,
      },
    ],
  },
  {
    name: "invalid YAML: a key without its colon",
    text: edit("capacity: 120", "capacity 120"),
    expected: [{ path: "", at: ["capacity 120"], message: /Implicit keys/ }],
  },
  // Messages a planner meets first: percentages for rates, fractions for counts, typos.
  {
    name: "rate written as a percentage",
    text: edit(
      "  session: { dist: exponential, mean: 5 }\n",
      "  session: { dist: exponential, mean: 5 }\n  bounceRate: 50\n",
    ),
    expected: [
      {
        path: "site.bounceRate",
        at: ["bounceRate: 50", "50"],
        message: /^a rate is a fraction between 0 and 1: write 0\.5 for 50 % \(got 50\)$/,
      },
    ],
  },
  {
    name: "rate written with a percent sign",
    text: edit("consultRate: 0.20", "consultRate: 20%"),
    expected: [
      {
        path: "segments.everyone.consultRate",
        at: ["consultRate: 20%", "20%"],
        message: /^a rate is a fraction between 0 and 1: write 0\.2 for 20 % \(got "20%"\)$/,
      },
    ],
  },
  {
    name: "rate above 100",
    text: edit("closeRate: 0.30", "closeRate: 130"),
    expected: [
      {
        path: "segments.everyone.closeRate",
        at: ["closeRate: 130", "130"],
        message: /^expected a fraction between 0 and 1 \(got 130\)$/,
      },
    ],
  },
  {
    name: "fractional consultants",
    text: edit("consultants: 45", "consultants: 2.5"),
    expected: [
      {
        path: "sales.consultants",
        at: ["consultants: 2.5", "2.5"],
        message: /^expected a whole number of consultants, or 'unlimited' \(got 2\.5\)$/,
      },
    ],
  },
  {
    name: "fractional capacity",
    text: edit("capacity: 120", "capacity: 12.5"),
    expected: [
      {
        path: "site.capacity",
        at: ["capacity: 12.5", "12.5"],
        message: /^expected a whole number of concurrent sessions, or 'unlimited' \(got 12\.5\)$/,
      },
    ],
  },
  {
    name: "fractional stock and restock",
    text: edit("  price: 3000\n", "  price: 3000\n  restock: [{ day: 2.5, units: 10.5 }]\n"),
    expected: [
      {
        path: "supply.restock.0.day",
        at: ["day: 2.5", "2.5"],
        message: /^expected a whole number: a 1-based day of the horizon \(got 2\.5\)$/,
      },
      {
        path: "supply.restock.0.units",
        at: ["units: 10.5", "10.5"],
        message: /^expected a whole number of units \(got 10\.5\)$/,
      },
    ],
  },
  {
    name: "fractional reach",
    text: edit("reach: 10000000", "reach: 1000.5"),
    expected: [
      {
        path: "marketing.channels.0.reach",
        at: ["reach: 1000.5", "1000.5"],
        message: /^expected a whole number of people \(got 1000\.5\)$/,
      },
    ],
  },
  {
    name: "fractional horizon",
    text: edit("horizon: { days: 30 }", "horizon: { days: 7.5 }"),
    expected: [
      {
        path: "horizon.days",
        at: ["days: 7.5", "7.5"],
        message: /^expected a whole number of days \(got 7\.5\)$/,
      },
    ],
  },
  {
    name: "unknown key one edit from a missing required key",
    text: edit("clickRate: 0.10", "clikRate: 0.10"),
    // One message: clickRate is not also reported missing.
    expected: [
      {
        path: "marketing.channels.0.clikRate",
        at: ["clikRate"],
        message: /^unknown key 'clikRate': did you mean clickRate\?$/,
      },
    ],
  },
  {
    name: "unknown key that differs only in case",
    text: edit("closeRate: 0.30", "CLOSERATE: 0.30"),
    expected: [
      {
        path: "segments.everyone.CLOSERATE",
        at: ["CLOSERATE"],
        message: /^unknown key 'CLOSERATE': did you mean closeRate\?$/,
      },
    ],
  },
  {
    name: "unknown key standing for an optional key a cross-field rule needs",
    text: edit("consultants: 45", "consultant: 45"),
    // sales then has neither consultants nor shifts; the typo explains it, once.
    expected: [
      {
        path: "sales.consultant",
        at: ["consultant"],
        message: /^unknown key 'consultant': did you mean consultants\?$/,
      },
    ],
  },
  {
    name: "unknown key with no close key lists the keys of its mapping",
    text: edit("capacity: 120", "capacity: 120\n  colour: red"),
    expected: [
      {
        path: "site.colour",
        at: ["colour"],
        message:
          /^unknown key 'colour' \(check the spelling; unknown keys are not ignored; the keys here are capacity, session, outages, retry, bounceRate, fixed, costPerSlotDay, costPerSlot\)$/,
      },
    ],
  },
  {
    name: "two unknown keys in one mapping: one message each",
    text: edit("mean: 5 }\nsales", "mean: 5, sd: 2 }\n  bouncerate: 0.1\nsales"),
    expected: [
      { path: "site.session.sd", at: ["sd: 2", "sd"], message: /^unknown key 'sd' \(/ },
      {
        path: "site.bouncerate",
        at: ["bouncerate"],
        message: /^unknown key 'bouncerate': did you mean bounceRate\?$/,
      },
    ],
  },
  {
    name: "unknown segment in a mix",
    text: edit("mix: { everyone: 1 }", "mix: { everyon: 1 }"),
    expected: [
      {
        path: "marketing.channels.0.mix.everyon",
        at: ["everyon: 1", "1"],
        message: /^unknown segment 'everyon': did you mean everyone\?$/,
      },
    ],
  },
  {
    name: "owned channel with spend",
    text: edit("reach: 10000000", "owned: true, spend: 200000, cpm: 20"),
    expected: [
      {
        path: "marketing.channels.0.spend",
        at: ["spend: 200000", "200000"],
        message: /^an owned channel's reach is not bought: give 'reach', not 'spend' or 'cpm'$/,
      },
    ],
  },
  {
    name: "budget omitted and a bought channel gives reach only",
    text: edit("  budget: 200000\n", ""),
    expected: [
      {
        path: "marketing",
        at: ["  channels:", "channels"],
        message:
          /^give marketing\.budget, or spend and cpm on every bought channel \(reach only: all;/,
      },
    ],
  },
];

describe("scenario file errors", () => {
  it.each(fileCases)("$name", ({ text, expected }) => {
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.message).toMatchSnapshot();
    expect(error.message).toMatch(/^invalid scenario: /);
    for (const want of expected) {
      const { line, col } = position(text, want.at[0], want.at[1]);
      const problem = error.problems.find(
        (p) => p.path === want.path && want.message.test(p.message),
      );
      expect(problem, `a problem at '${want.path}' matching ${want.message}`).toBeDefined();
      expect(problem).toMatchObject<Partial<Problem>>({ file: FILE, line, col });
      const where = `bench\\.yaml:${line}:${col}: ${want.path ? `${escapeRegExp(want.path)}: ` : ""}`;
      expect(error.message).toMatch(new RegExp(where));
    }
    if (expected.length === 1) expect(error.problems).toHaveLength(1);
  });

  it("invalid YAML: an unclosed flow mapping is reported where the parser notices it", () => {
    const text = edit(
      "session: { dist: exponential, mean: 5 }",
      "session: { dist: exponential, mean: 5",
    );
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.message).toMatchSnapshot();
    const broken = position(text, "session: {").line;
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ file: FILE, path: "" });
    // The parser finds out at the next line (column 1), where the mapping should have ended.
    expect(error.problems[0].line).toBe(broken + 1);
    expect(error.message).toMatch(new RegExp(`^invalid scenario: bench\\.yaml:${broken + 1}:1: `));
  });

  it("the message lists several problems in line order, each located", () => {
    const text = edit("capacity: 120", "capacity: -5", edit("price: 3000", "price: 0"));
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.message).toMatchSnapshot();
    expect(error.problems.map((p) => [p.path, p.line])).toEqual([
      ["site.capacity", position(text, "capacity: -5").line],
      ["supply.price", position(text, "price: 0").line],
    ]);
    expect(error.message.split("\n")).toHaveLength(3);
  });
});

describe("--set errors", () => {
  const setCases: { name: string; arg: string; path: string; message: RegExp }[] = [
    {
      name: "unknown key",
      arg: "site.capcity=5",
      path: "site.capcity",
      message: /unknown key 'capcity': did you mean capacity\?/,
    },
    {
      name: "unknown top-level path",
      arg: "websit.capacity=5",
      path: "websit",
      // Nothing is close to 'websit': the keys of the top level are listed instead.
      message:
        /unknown key 'websit' \(.*the keys here are name, seed, horizon, currency, marketing/,
    },
    {
      name: "bad value",
      arg: "site.capacity=lots",
      path: "site.capacity",
      message: /expected a whole number ≥ 0 or 'unlimited' \(got "lots"\)/,
    },
    {
      name: "value out of range",
      arg: "site.bounceRate=1.5",
      path: "site.bounceRate",
      message: /a rate is a fraction between 0 and 1: write 0\.015 for 1\.5 %/,
    },
    {
      name: "rate above 100",
      arg: "site.bounceRate=150",
      path: "site.bounceRate",
      message: /^expected a fraction between 0 and 1 \(got 150\)$/,
    },
    {
      name: "fractional shift consultants",
      arg: "sales.shifts=[{consultants: 2.5, hours: [9, 18]}]",
      path: "sales.shifts.0.consultants",
      message: /^expected a whole number of consultants \(got 2\.5\)$/,
    },
    {
      name: "value that is not YAML",
      arg: "site.capacity=[1",
      path: "site.capacity",
      message: /the value is not valid YAML/,
    },
    {
      name: "path through a list with a non-number",
      arg: "marketing.channels.first.reach=1000",
      path: "marketing.channels.first.reach",
      message: /marketing\.channels\.first is not an item of the list/,
    },
    {
      name: "list index past the end",
      arg: "marketing.channels.5.reach=1000",
      path: "marketing.channels.5.reach",
      message: /marketing\.channels\.5 is not an item of the list/,
    },
    {
      name: "path through a number",
      arg: "seed.x.y=5",
      path: "seed.x.y",
      message: /seed is not a mapping or list/,
    },
    {
      name: "no '='",
      arg: "sales.consultants",
      path: "",
      message: /expected --set key\.path=value/,
    },
  ];

  it.each(setCases)("$name: $arg", ({ arg, path, message }) => {
    const error = scenarioError(() => parseScenario(FIXTURE, FILE, [arg]));
    expect(error.message).toMatchSnapshot();
    expect(error.problems).toHaveLength(1);
    // An override has no line in the file: the --set argument is named instead.
    expect(error.problems[0]).toMatchObject<Partial<Problem>>({
      file: `--set ${arg}`,
      line: 0,
      col: 0,
      path,
    });
    expect(error.problems[0].message).toMatch(message);
    expect(error.message).toMatch(
      new RegExp(
        `^invalid scenario: --set ${escapeRegExp(arg)}: ${path ? `${escapeRegExp(path)}: ` : ""}`,
      ),
    );
  });

  it("a problem in the file is still located in the file when an override is given", () => {
    const text = edit("capacity: 120", "capacity: -5");
    const error = scenarioError(() => parseScenario(text, FILE, ["sales.consultants=12"]));
    expect(error.problems).toEqual([
      expect.objectContaining({ file: FILE, path: "site.capacity", ...position(text, "-5") }),
    ]);
  });

  // A path through a scalar must be a located ScenarioError, not the yaml library's plain Error.
  it("a path through a scalar (site.capacity.max=5) is a ScenarioError", () => {
    scenarioError(() => parseScenario(FIXTURE, FILE, ["site.capacity.max=5"]));
  });
});

describe("file errors", () => {
  it("file not found names the file (no line: there is none)", () => {
    const error = scenarioError(() => loadScenario("bench/no-such-scenario.yaml"));
    expect(error.message).toMatchSnapshot();
    expect(error.problems).toEqual([
      { file: "bench/no-such-scenario.yaml", line: 0, col: 0, path: "", message: "no such file" },
    ]);
  });

  it("a directory is not a scenario", () => {
    const error = scenarioError(() => loadScenario("bench"));
    expect(error.message).toMatchSnapshot();
    expect(error.problems[0]).toMatchObject({ file: "bench", line: 0, path: "" });
  });
});

describe("a valid --set gives the same scenario as editing the YAML", () => {
  const overrides: [arg: string, find: string, replace: string][] = [
    ["sales.consultants=12", "consultants: 45", "consultants: 12"],
    ["site.capacity=unlimited", "capacity: 120", "capacity: unlimited"],
    ["marketing.channels.0.reach=1000", "reach: 10000000", "reach: 1000"],
    ["seed=7", "seed: 1", "seed: 7"],
    ["supply.stock=0", "stock: 40000", "stock: 0"],
    [
      "site.bounceRate=0.25",
      "  session: { dist: exponential, mean: 5 }\n",
      "  session: { dist: exponential, mean: 5 }\n  bounceRate: 0.25\n",
    ],
    [
      "sales.patience={dist: uniform, min: 1, max: 9}",
      "patience: { dist: exponential, mean: 5 }",
      "patience: { dist: uniform, min: 1, max: 9 }",
    ],
    ["marketing.traffic.daily=uniform", "daily: uniform", "daily: uniform"],
  ];

  it.each(overrides)("--set %s", (arg, find, replace) => {
    const overridden = parseScenario(FIXTURE, FILE, [arg]);
    expect(overridden).toEqual(parseScenario(edit(find, replace), FILE));
    expect(Object.isFrozen(overridden)).toBe(true);
  });

  it("several overrides at once, applied to a file on disk", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-set-"));
    try {
      const file = join(dir, "bench.yaml");
      writeFileSync(file, FIXTURE);
      const args = overrides.map(([arg]) => arg);
      let text = FIXTURE;
      for (const [, find, replace] of overrides) text = edit(find, replace, text);
      expect(loadScenario(file, args)).toEqual(parseScenario(text, FILE));
      expect(readFileSync(file, "utf8")).toBe(FIXTURE); // the file itself is left alone
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rules added after review", () => {
  it("a shift starting at 24:00 (hours [24, 0]) is rejected: it would never be on duty", () => {
    const error = scenarioError(() =>
      parseScenario(FIXTURE, FILE, [
        "sales.consultants=null",
        "sales.shifts=[{consultants: 5, hours: [24, 0]}]",
      ]),
    );
    expect(error.problems[0].path).toBe("sales.shifts.0.hours.0");
  });

  it("a session longer than a million minutes is rejected (it would not fit the engine's columns)", () => {
    const error = scenarioError(() =>
      parseScenario(FIXTURE, FILE, ["site.session={dist: fixed, value: 1e39}"]),
    );
    expect(error.problems[0].path).toBe("site.session.value");
  });

  it("spend / cpm reaching more than 10 billion people is rejected", () => {
    const error = scenarioError(() =>
      parseScenario(FIXTURE, FILE, [
        "marketing.channels.0.reach=null",
        "marketing.channels.0.spend=1e12",
        "marketing.channels.0.cpm=0.001",
      ]),
    );
    expect(error.problems[0].path).toBe("marketing.channels.0.spend");
  });
});
