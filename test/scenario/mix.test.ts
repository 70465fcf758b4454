// A channel's mix: shares rounded by whoever wrote them are accepted within 1e-4 of 1 and scaled
// to sum to 1; mixes that already sum to 1 are left bit for bit as written.
import { describe, expect, it } from "vitest";
import { loadScenario, parseScenario } from "../../src/index.js";
import { edit, FILE, FIXTURE, position, scenarioError } from "./fixture.js";

/** The fixture with a second segment and the channel's mix replaced. */
const withMix = (mix: string) =>
  edit(
    "mix: { everyone: 1 }",
    `mix: { ${mix} }`,
    edit(
      "  everyone: { consultRate: 0.20, directRate: 0.02, closeRate: 0.30 }\n",
      "  everyone: { consultRate: 0.20, directRate: 0.02, closeRate: 0.30 }\n" +
        "  others: { consultRate: 0.10, directRate: 0.01, closeRate: 0.20 }\n",
      FIXTURE,
    ),
  );

describe("mix tolerance", () => {
  it("0.333333 + 0.666666 is accepted and normalised", () => {
    const { mix } = parseScenario(withMix("everyone: 0.333333, others: 0.666666"), FILE).marketing
      .channels[0];
    expect(mix).toMatchSnapshot();
    expect(mix.everyone).toBe(0.333333 / 0.999999);
    expect(mix.others).toBe(0.666666 / 0.999999);
    expect(mix.everyone + mix.others).toBeCloseTo(1, 15);
  });

  it("0.5 + 0.4 is refused", () => {
    const text = withMix("everyone: 0.5, others: 0.4");
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.message).toMatchSnapshot();
    expect(error.problems).toEqual([
      expect.objectContaining({
        path: "marketing.channels.0.mix",
        ...position(text, "mix: { everyone: 0.5", "{ everyone"),
      }),
    ]);
  });

  it("the tolerance is 1e-4: 1.00009 is accepted, 1.00011 is not", () => {
    const near = parseScenario(withMix("everyone: 0.5, others: 0.50009"), FILE);
    expect(near.marketing.channels[0].mix.others).toBe(0.50009 / (0.5 + 0.50009));
    const error = scenarioError(() =>
      parseScenario(withMix("everyone: 0.5, others: 0.50011"), FILE),
    );
    expect(error.problems[0].message).toMatch(/^mix must sum to 1 \(it sums to 1\.0001/);
  });

  it("shares written as percentages are told to be fractions", () => {
    const error = scenarioError(() => parseScenario(withMix("everyone: 60, others: 40"), FILE));
    expect(error.message).toMatchSnapshot();
  });

  it("a mix that sums to 1 up to rounding is left exactly as written", () => {
    // 0.3 + 0.62 + 0.08 is 0.9999999999999999 in floating point (as in the shipped scenarios):
    // dividing by it would move each share by an ulp, and every run with them.
    const text = edit(
      "mix: { everyone: 0.3, others: 0.62 }",
      "mix: { everyone: 0.3, others: 0.62, third: 0.08 }",
      edit(
        "  others: {",
        "  third: { consultRate: 0.1, directRate: 0.1, closeRate: 0.1 }\n  others: {",
        withMix("everyone: 0.3, others: 0.62"),
      ),
    );
    expect(0.3 + 0.62 + 0.08).not.toBe(1);
    expect(parseScenario(text, FILE).marketing.channels[0].mix).toEqual({
      everyone: 0.3,
      others: 0.62,
      third: 0.08,
    });
  });

  it.each(["scenarios/alpha-content-plan.yaml", "scenarios/alpha-content-actual.yaml"])(
    "%s: mixes as written",
    (file) => {
      for (const ch of loadScenario(file).marketing.channels)
        expect(Object.values(ch.mix)).toEqual(
          ch.name === "youtube" ? [0.6, 0.38, 0.02] : [0.3, 0.62, 0.08],
        );
    },
  );
});
