import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "../../src/index.js";

// Prices and order sizes by segment, and channels bought by the click: refused where they are
// written, in the planner's words.

const FILE = "scenarios/alpha-content-actual.yaml";
const TEXT = readFileSync(FILE, "utf8");

const problem = (sets: string[], text = TEXT, file = FILE) => {
  try {
    parseScenario(text, file, sets);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return null;
};
const channel = (fields: string) =>
  `marketing.channels.0={name: search, ${fields}, mix: {gamers: 1}}`;

describe("segments' prices and order sizes", () => {
  it("are optional, and accepted in each form", () => {
    expect(problem(["segments.gamers.price=4500"])).toBeNull();
    expect(problem(["segments.dealers.orderSize={dist: fixed, value: 10}"])).toBeNull();
    expect(problem(["segments.dealers.orderSize={dist: uniform, min: 5, max: 20}"])).toBeNull();
    expect(problem(["segments.gamers.orderSize={dist: geometric, mean: 1.2}"])).toBeNull();
  });

  it("refuses an order of less than one unit, or of part of one", () => {
    expect(problem(["segments.gamers.orderSize={dist: fixed, value: 0}"])).toContain(
      "segments.gamers.orderSize.value: an order is at least 1 unit (got 0)",
    );
    expect(problem(["segments.gamers.orderSize={dist: fixed, value: 1.5}"])).toContain(
      "segments.gamers.orderSize.value: expected a whole number of units (1 or more) (got 1.5)",
    );
    expect(problem(["segments.gamers.orderSize={dist: geometric, mean: 0.5}"])).toContain(
      "segments.gamers.orderSize.mean: a mean order is at least 1 unit (got 0.5)",
    );
  });

  it("says which forms there are, and what to write for a bare number", () => {
    expect(problem(["segments.gamers.orderSize={dist: poisson, mean: 3}"])).toContain(
      'segments.gamers.orderSize.dist: unknown dist: expected one of fixed, uniform, geometric (got "poisson")',
    );
    expect(problem(["segments.gamers.orderSize=3"])).toContain(
      "segments.gamers.orderSize: expected a distribution of units per order: write {dist: fixed, value: 3} for 3 units every order",
    );
    // A duration's options are still its own five.
    expect(problem(["site.session={dist: weibull}"])).toContain(
      "site.session.dist: unknown dist: expected one of fixed, exponential, lognormal, uniform, gamma",
    );
  });

  it("locates an order size whose max is below its min in the file", () => {
    const text = TEXT.replace(
      "    clickWeight: 1.3 #",
      "    orderSize: {dist: uniform, min: 4, max: 2}\n    clickWeight: 1.3 #",
    );
    const line = text.split("\n").findIndex((l) => l.includes("orderSize:")) + 1;
    expect(problem([], text, "shop.yaml")).toMatch(
      new RegExp(
        `shop\\.yaml:${line}:\\d+: segments\\.gamers\\.orderSize\\.max: max must be ≥ min \\(4 units\\)`,
      ),
    );
  });

  it("bounds an order and a price, saying why", () => {
    expect(problem(["segments.gamers.orderSize={dist: fixed, value: 2000000}"])).toContain(
      "segments.gamers.orderSize.value: at most 1,000,000 units: that is beyond any single order",
    );
    expect(problem(["segments.gamers.price=0"])).toContain(
      "segments.gamers.price: a price is more than 0, in the scenario currency per unit",
    );
    expect(problem(["segments.gamers.price=2000000000"])).toContain(
      "segments.gamers.price: at most 1,000,000,000 per unit",
    );
    expect(problem(["segments.gamers.prize=20"])).toContain(
      "segments.gamers.prize: unknown key 'prize': did you mean price?",
    );
  });
});

describe("channels bought by the click", () => {
  it("are accepted with spend and cpc", () => {
    expect(problem([channel("spend: 150000, cpc: 5, clickRate: 0.02")])).toBeNull();
  });

  it("refuse cpm and cpc together, cpc without spend, spend alone, and cpc with reach", () => {
    expect(problem([channel("spend: 100, cpc: 2, cpm: 3, clickRate: 0.1")])).toContain(
      "marketing.channels.0.cpc: give 'cpm' (cost per thousand people reached) or 'cpc' (cost per click), not both",
    );
    expect(problem([channel("cpc: 2, clickRate: 0.1")])).toContain(
      "marketing.channels.0: 'spend' and 'cpc' go together: the channel buys spend / cpc clicks",
    );
    expect(problem([channel("spend: 100, clickRate: 0.1")])).toContain(
      "marketing.channels.0: 'spend' needs 'cpm' (cost per thousand people reached) or 'cpc' (cost per click)",
    );
    expect(problem([channel("reach: 100, cpc: 2, clickRate: 0.1")])).toContain(
      "marketing.channels.0: give either 'reach' or both 'spend' and 'cpc' (not both)",
    );
  });

  it("refuse cpc on an owned channel", () => {
    expect(problem([channel("owned: true, reach: 100, cpc: 2, clickRate: 0.1")])).toContain(
      "marketing.channels.0.cpc: an owned channel's reach and clicks are not bought: give 'reach', not 'spend' or 'cpc'",
    );
  });

  it("need a click rate above 0, and a reach within the bound", () => {
    expect(problem([channel("spend: 100, cpc: 2, clickRate: 0")])).toContain(
      "marketing.channels.0.clickRate: a channel that buys clicks (cpc) needs a click rate above 0",
    );
    expect(problem([channel("spend: 10000000000000, cpc: 0.0001, clickRate: 0.0001")])).toContain(
      "marketing.channels.0.spend: spend / cpc buys 100,000,000,000,000,000 clicks",
    );
    const zero = problem([channel("spend: 100, cpc: 0, clickRate: 0.1")]);
    expect(zero).toContain("marketing.channels.0.cpc:");
    expect(zero).not.toContain("∞"); // one problem, not a second about infinitely many clicks
  });
});
