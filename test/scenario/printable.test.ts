// Text from the input is printed escaped: a key or value with ESC or another control
// character is shown as \x1b, \n, … so that it cannot clear the screen or break the line
// that says where the problem is (src/scenario/errors.ts, printable).
import { describe, expect, it } from "vitest";
import { formatProblems, parseScenario } from "../../src/index.js";
import { printable } from "../../src/scenario/errors.js";
import { CONTROL_CHARACTERS, edit, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

describe("printable", () => {
  it.each([
    ["\u001b[2J", "\\x1b[2J"],
    ["a\nb", "a\\nb"],
    ["a\tb\r", "a\\tb\\r"],
    ["\u0000\u0007\u007f", "\\x00\\x07\\x7f"],
    ["\u009b31m", "\\x9b31m"], // C1: the one-byte CSI
    ["abc\u202egnp.exe", "abc\\u202egnp.exe"], // a right-to-left override
    ["\u2028", "\\u2028"],
    ["plain: ünïcode, 中文, emoji 😀", "plain: ünïcode, 中文, emoji 😀"],
    ["C:\\scenarios\\plan.yaml", "C:\\scenarios\\plan.yaml"], // backslashes stay as they are
  ])("%j → %s", (input, output) => {
    expect(printable(input)).toBe(output);
  });
});

describe("messages show the input's control characters escaped", () => {
  /** Every line of the message is free of control characters, and it has `lines` lines. */
  const clean = (message: string, lines: number) => {
    expect(message.split("\n")).toHaveLength(lines);
    for (const line of message.split("\n")) expect(line).not.toMatch(CONTROL_CHARACTERS);
  };

  it("an unknown key with ESC in the file (written with a YAML escape)", () => {
    const text = edit("capacity: 120", 'capacity: 120\n  "colour\\e[2J": red');
    const error = scenarioError(() => parseScenario(text, FILE));
    clean(error.message, 1);
    expect(error.message).toMatch(/site\.colour\\x1b\[2J: unknown key 'colour\\x1b\[2J' \(/);
  });

  it("a key with newlines in a mix: one line per problem", () => {
    const text = edit("mix: { everyone: 1 }", 'mix: { "every\\none": 1 }');
    const error = scenarioError(() => parseScenario(text, FILE));
    clean(error.message, 1);
    expect(error.problems[0].message).toBe("unknown segment 'every\\none': did you mean everyone?");
  });

  it("a value with control characters: refused as a name, echoed escaped", () => {
    const error = scenarioError(() => parseScenario(FIXTURE, FILE, ["name=\u001b]0;pwned\u0007"]));
    clean(error.message, 1);
    expect(error.message).toBe(
      "invalid scenario: --set name=\\x1b]0;pwned\\x07: name: the scenario's name is shown in the report: it may not hold control characters (got '\\x1b]0;pwned\\x07')",
    );
  });

  it("a segment, channel or currency name with a control character is refused", () => {
    const text = edit(
      "currency: RUB",
      'currency: "R\\tUB"',
      edit("name: all,", 'name: "al\\nl",', edit("  everyone: {", '  "every\\u009bone": {')),
    );
    const error = scenarioError(() => parseScenario(text, FILE));
    clean(error.message, 4);
    expect(error.problems.map((p) => [p.path, p.message])).toEqual([
      [
        "currency",
        "the currency is shown in the report: it may not hold control characters (got 'R\\tUB')",
      ],
      [
        "marketing.channels.0.name",
        "a channel's name is shown in the report: it may not hold control characters (got 'al\\nl')",
      ],
      [
        "segments.every\u009bone",
        "a segment's name is shown in the report: it may not hold control characters (got 'every\\x9bone')",
      ],
    ]);
    // The segment's problem is at its name, and the message prints its path escaped.
    expect(error.problems[2]).toMatchObject(position(text, '"every'));
    expect(error.message).toContain("bench.yaml:13:3: segments.every\\x9bone: ");
  });

  it("a formula with a control character is echoed escaped", () => {
    const text = edit("seed: 1", 'seed: "= 1 +\\e 2"');
    const error = scenarioError(() => parseScenario(text, FILE));
    clean(error.message, 1);
    expect(error.message).toMatch(/the formula "= 1 \+\\x1b 2"/);
  });

  it("file names and --set arguments are escaped by formatProblems", () => {
    const message = formatProblems([
      { file: "evil\u001b[2J.yaml", line: 1, col: 1, path: "a\nb", message: "m" },
    ]);
    expect(message).toBe("invalid scenario: evil\\x1b[2J.yaml:1:1: a\\nb: m");
  });
});
