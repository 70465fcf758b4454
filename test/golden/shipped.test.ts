import { readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { C, compile, loadScenario, runScenario, simulate, summarize } from "../../src/index.js";
import { balancesOf } from "../../src/model/stages.js";

// Every shipped scenario (R1 scaled down to keep the suite fast) must validate, run, conserve
// people at every stage and give the same report twice.
const shipped = [
  ...readdirSync("scenarios")
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => ({ file: `scenarios/${f}`, set: [] as string[] })),
  { file: "bench/r1.yaml", set: ["marketing.channels.0.reach=300000"] },
];

describe.each(shipped)("$file", ({ file, set }) => {
  const scenario = loadScenario(file, set);
  const report = runScenario(scenario);
  const f = report.funnel;

  test("runScenario(file) conserves people at every stage (every law the stages declare)", () => {
    const plan = compile(scenario);
    const c = simulate(plan).counters;
    const laws = balancesOf(plan);
    expect(laws.length).toBeGreaterThanOrEqual(6);
    const total = (names: readonly string[]) =>
      names.reduce((n, k) => n + (C[k] === undefined ? Number.NaN : c[C[k]]), 0);
    for (const law of laws)
      expect(total(law.equals), `${law.sum.join(" + ")} = ${law.equals.join(" + ")}`).toBe(
        total(law.sum),
      );
    const lost = report.losses.reduce((s, l) => s + l.agents, 0);
    const pending = (report.pending ?? []).reduce((s, p) => s + p.agents, 0);
    expect(lost + pending + f.purchased).toBe(f.reached);
  });

  test("runScenario(file) gives non-negative whole counts", () => {
    for (const [k, v] of Object.entries(f)) {
      expect(Number.isInteger(v), k).toBe(true);
      expect(v, k).toBeGreaterThanOrEqual(0);
    }
    expect(report.revenue).toBeGreaterThanOrEqual(0);
  });

  test("golden: its report (seed as shipped) is unchanged", () => {
    expect(report).toMatchSnapshot();
  });

  test("simulate(plan) twice with the same seed gives identical JSON", () => {
    const plan = compile(scenario);
    const again = JSON.stringify(summarize(scenario, plan, simulate(plan)));
    expect(again).toBe(JSON.stringify(report));
  });
});

describe("alpha-content, the article's case", () => {
  const plan = runScenario(loadScenario("scenarios/alpha-content-plan.yaml"));
  const actual = runScenario(loadScenario("scenarios/alpha-content-actual.yaml"));

  test("reach and clicks match the article (plan 230,000 / ~4,500; actual 2,500,000 / ~31,837)", () => {
    expect(plan.funnel.reached).toBe(230_000);
    expect(actual.funnel.reached).toBe(2_500_000);
    // Binomial clicks: 4 sd of sqrt(n) around the article's counts, plus the ±1 % calibration.
    expect(Math.abs(plan.funnel.clicked - 4500)).toBeLessThan(4 * Math.sqrt(4500) + 45);
    expect(Math.abs(actual.funnel.clicked - 31837)).toBeLessThan(4 * Math.sqrt(31837) + 320);
  });

  test("the plan loses nobody to a full site or an empty shelf; the actual campaign does", () => {
    expect(plan.funnel.lostHosting).toBe(0);
    expect(plan.funnel.lostStock).toBe(0);
    expect(actual.funnel.lostHosting).toBeGreaterThan(0);
    expect(actual.funnel.lostStock).toBeGreaterThan(0);
  });

  test("golden: the reports for seed 1 are unchanged", () => {
    expect({ plan, actual }).toMatchSnapshot();
  });
});

describe("explain on the article's case", () => {
  test("golden: explain(actual, 3 replications) is unchanged (verdict, shares, ledger, levers)", async () => {
    const { explain } = await import("../../src/analysis/explain.js");
    const { renderBinding } = await import("../../src/report/binding.js");
    const { renderVerdict } = await import("../../src/report/verdict.js");
    const e = await explain(loadScenario("scenarios/alpha-content-actual.yaml"), 3, null);
    expect({
      verdict: { ...e.verdict, text: renderVerdict(e) },
      gap: e.gap,
      shapley: e.shapley,
      bindingOrder: e.bindingOrder,
      ledger: e.ledger,
      waterfall: e.waterfall,
      marginal: e.marginal,
      binding: e.binding.map(({ share: _share, ...b }, i) => ({
        ...b,
        text: renderBinding(e.binding[i]),
      })),
    }).toMatchSnapshot();
  });
});
