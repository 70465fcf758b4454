import { expect, test } from "vitest";
import { loadScenario, runScenario } from "../../src/index.js";

test("runScenario counts only on-duty time as utilisation: calls running past the shift stay ≤ 100 %", () => {
  const r = runScenario(
    loadScenario("bench/r1.yaml", [
      "horizon.days=3",
      "marketing.channels.0.reach=100000",
      "sales.consultants=null",
      "sales.shifts=[{consultants: 1, hours: [9, 10]}]",
      "sales.handleTime={dist: fixed, value: 600}",
      "sales.patience=null",
    ]),
  );
  expect(r.peak.consultantUtilisation).toBeGreaterThan(0.9);
  expect(r.peak.consultantUtilisation).toBeLessThanOrEqual(1);
});
