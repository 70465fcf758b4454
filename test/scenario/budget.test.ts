// marketing.budget against the channels' spend, and owned channels: budgets derived, warnings
// located like errors and refused under strict (test/scenario/__snapshots__/budget.test.ts.snap).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadScenario, type Problem, parseScenario } from "../../src/index.js";
import { formatWarning } from "../../src/scenario/errors.js";
import { edit, FILE, position, scenarioError } from "./fixture.js";

/** The fixture's one channel bought with spend and cpm (10 M people for 200,000). */
const BOUGHT = edit("- { name: all, reach: 10000000,", "- { name: all, spend: 200000, cpm: 20,");

/** Parses `text`, collecting its warnings. */
function parse(text: string, overrides: string[] = []) {
  const warnings: Problem[] = [];
  const scenario = parseScenario(text, FILE, overrides, { onWarning: (p) => warnings.push(p) });
  return { scenario, warnings };
}

describe("marketing.budget against the channels' spend", () => {
  it("a budget that differs from the spend by more than 1 % is a warning, and the spend is used", () => {
    const text = edit("budget: 200000", "budget: 250000", BOUGHT);
    const { scenario, warnings } = parse(text);
    expect(scenario.marketing.budget).toBe(200000);
    expect(warnings).toEqual([
      {
        file: FILE,
        ...position(text, "budget: 250000", "250000"),
        path: "marketing.budget",
        message: "250000 differs from the channels' spend (200000) by 25 %: using the spend",
      },
    ]);
    expect(warnings.map(formatWarning)).toMatchSnapshot();
  });

  it("with strict the same mismatch is refused", () => {
    const text = edit("budget: 200000", "budget: 250000", BOUGHT);
    const error = scenarioError(() => parseScenario(text, FILE, [], { strict: true }));
    expect(error.message).toMatchSnapshot();
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "marketing.budget",
        ...position(text, "budget: 250000", "250000"),
      }),
    ]);
  });

  it("a warning caused by --set names the --set", () => {
    const { scenario, warnings } = parse(BOUGHT, ["marketing.budget=150000"]);
    expect(scenario.marketing.budget).toBe(200000);
    expect(warnings.map(formatWarning)).toMatchSnapshot();
    expect(warnings[0]).toMatchObject({ file: "--set marketing.budget=150000", line: 0 });
  });

  it("within 1 % the written budget stands, without a warning", () => {
    const { scenario, warnings } = parse(edit("budget: 200000", "budget: 201999", BOUGHT));
    expect(scenario.marketing.budget).toBe(201999);
    expect(warnings).toEqual([]);
  });

  it("omitted, the budget is the bought channels' spend", () => {
    const text = edit("  budget: 200000\n", "", BOUGHT);
    const { scenario, warnings } = parse(text);
    expect(scenario.marketing.budget).toBe(200000);
    expect(warnings).toEqual([]);
    // Nothing differs from a scenario that writes the same budget.
    expect(scenario).toEqual(parseScenario(BOUGHT, FILE));
  });

  it("omitted with a reach-only bought channel, the budget is an error at marketing", () => {
    const text = edit("  budget: 200000\n", "");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatchObject({ path: "marketing" });
    expect(error.message).toMatch(
      /give marketing\.budget, or spend and cpm on every bought channel/,
    );
  });

  describe("some bought channels give reach only", () => {
    const mixed = (budget: number) =>
      edit(
        "budget: 200000",
        `budget: ${budget}`,
        edit(
          "    - { name: all, reach: 10000000, clickRate: 0.10, mix: { everyone: 1 } }\n",
          "    - { name: bought, spend: 200000, cpm: 20, clickRate: 0.10, mix: { everyone: 1 } }\n" +
            "    - { name: press, reach: 100000, clickRate: 0.05, mix: { everyone: 1 } }\n",
        ),
      );

    it("a budget below the spend they give is a warning, and the spend is used", () => {
      const { scenario, warnings } = parse(mixed(150000));
      expect(scenario.marketing.budget).toBe(200000);
      expect(warnings.map(formatWarning)).toMatchSnapshot();
    });

    it("a budget above it stands: the reach-only channels cost the rest", () => {
      const { scenario, warnings } = parse(mixed(300000));
      expect(scenario.marketing.budget).toBe(300000);
      expect(warnings).toEqual([]);
    });
  });

  it("no warning is shown when no onWarning is given", () => {
    const text = edit("budget: 200000", "budget: 250000", BOUGHT);
    expect(parseScenario(text, FILE).marketing.budget).toBe(200000);
  });

  it("loadScenario passes strict and onWarning through", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-sim-budget-"));
    try {
      const file = join(dir, "bench.yaml");
      writeFileSync(file, edit("budget: 200000", "budget: 250000", BOUGHT));
      const warnings: Problem[] = [];
      loadScenario(file, [], { onWarning: (p) => warnings.push(p) });
      expect(warnings).toEqual([expect.objectContaining({ file, path: "marketing.budget" })]);
      scenarioError(() => loadScenario(file, [], { strict: true }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("owned channels", () => {
  /** The fixture's channel bought with spend, plus an owned e-mail list. */
  const withOwned = (owned: string) =>
    edit(
      "  traffic:",
      `    - { name: newsletter, owned: true${owned}, clickRate: 0.05, mix: { everyone: 1 } }\n  traffic:`,
      BOUGHT,
    );

  it("an owned channel's reach is not part of the budget", () => {
    const { scenario, warnings } = parse(
      edit("  budget: 200000\n", "", withOwned(", reach: 5000")),
    );
    expect(scenario.marketing.budget).toBe(200000);
    expect(scenario.marketing.channels.map((ch) => ch.owned)).toEqual([false, true]);
    expect(scenario.marketing.channels[1].reach).toBe(5000);
    expect(warnings).toEqual([]);
  });

  it("an owned channel that gives cpm is refused", () => {
    const text = withOwned(", reach: 5000, cpm: 20");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "marketing.channels.1.cpm",
        message: "an owned channel's reach is not bought: give 'reach', not 'spend' or 'cpm'",
      }),
    ]);
  });

  it("an owned channel without reach is refused", () => {
    const error = scenarioError(() => parseScenario(withOwned(""), FILE));
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "marketing.channels.1",
        message: "an owned channel gives 'reach'",
      }),
    ]);
  });
});
