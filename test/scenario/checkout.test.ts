import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario, ScenarioError } from "../../src/index.js";

// The checkout section is declared by its stage (src/stages/checkout.ts) and checked like every
// other section: located, in the planner's words.

const FILE = "scenarios/alpha-content-actual.yaml";
const TEXT = readFileSync(FILE, "utf8");

const problem = (checkout: string, file = false) => {
  try {
    if (file) parseScenario(`${TEXT}\ncheckout: ${checkout}\n`, "shop.yaml");
    else parseScenario(TEXT, FILE, [`checkout=${checkout}`]);
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return null;
};

describe("the checkout section", () => {
  it("is optional, and accepted with one rate or one per segment", () => {
    expect(problem("{abandonRate: 0.2}")).toBeNull();
    expect(problem("{abandonRate: {gamers: 0.2, casual: 0.4}}")).toBeNull();
    const s = parseScenario(TEXT, FILE, ["checkout={}"]) as { checkout?: unknown };
    expect(s.checkout).toEqual({
      abandonRate: 0,
      abandonDepartment: "marketing",
      payment: { failureRate: 0, capacity: "unlimited" },
    });
  });

  it("names an unknown segment and what it may stand for", () => {
    expect(problem("{abandonRate: {gamerz: 0.2}}")).toContain(
      "checkout.abandonRate.gamerz: unknown segment 'gamerz': did you mean gamers?",
    );
  });

  it("asks for a payment duration when there is a payment capacity", () => {
    expect(problem("{payment: {capacity: 5}}")).toContain(
      "checkout.payment.duration: a payment capacity needs the time a payment holds a session",
    );
  });

  it("reads a rate written as a percentage as the mistake it is, located in the file", () => {
    const line = TEXT.split("\n").length + 1;
    expect(problem("{abandonRate: 20}", true)).toMatch(
      new RegExp(
        `shop\\.yaml:${line}:\\d+: checkout\\.abandonRate: a rate is a fraction between 0 and 1: write 0\\.2 for 20 %`,
      ),
    );
  });

  it("refuses an unknown key with the nearest one", () => {
    expect(problem("{paymnt: {}}")).toContain(
      "checkout.paymnt: unknown key 'paymnt': did you mean payment?",
    );
  });
});
