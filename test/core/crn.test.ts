import { describe, expect, test } from "vitest";
import { loadScenario, runScenario } from "../../src/index.js";

// Common random numbers: a visitor's draws never depend on a capacity, so scenarios that differ
// only in consultants see the same visitors (issue #3; attribution relies on it).
describe("common random numbers", () => {
  const run = (consultants: number) =>
    runScenario(
      loadScenario("bench/r1.yaml", [
        "marketing.channels.0.reach=200000",
        "site.capacity=unlimited",
        `sales.consultants=${consultants}`,
      ]),
    );

  test("runScenario with only sales.consultants changed keeps clicked and consultRequests identical", () => {
    const few = run(1);
    const many = run(60);
    expect(many.funnel.clicked).toBe(few.funnel.clicked);
    expect(many.funnel.consultRequests).toBe(few.funnel.consultRequests);
    expect(many.funnel.directAttempts).toBe(few.funnel.directAttempts);
    // ...while the capacity itself matters downstream.
    expect(many.funnel.lostAbandon).toBeLessThan(few.funnel.lostAbandon);
  });
});
