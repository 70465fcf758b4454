import { describe, expect, it } from "vitest";
import { compile, parseScenario, ScenarioError, simulate } from "../../src/index.js";
import { formatDay, formatMinute } from "../../src/report/format.js";

// A horizon with a date (horizon.start) lets shifts and traffic say weekdays. 2027-03-01 is a
// Monday, so days 6, 7, 13, 14 … are the weekends.

const yaml = (extra: { start?: string; shift?: string; weekdays?: string } = {}) => `
name: weekdays
horizon: { days: 14${extra.start ? `, start: "${extra.start}", timeZone: "Europe/Berlin"` : ""} }
marketing:
  budget: 0
  channels:
    - { name: all, owned: true, reach: 200000, clickRate: 0.05, mix: { x: 1 } }
  traffic: { daily: uniform, hourly: uniform${extra.weekdays ? `, weekdays: ${extra.weekdays}` : ""} }
segments:
  x: { consultRate: 0.1, directRate: 0.05, closeRate: 0.3 }
site:
  capacity: unlimited
  session: { dist: exponential, mean: 5 }
sales:
  shifts: [${extra.shift ?? "{ consultants: 2, hours: [9, 17] }"}]
  handleTime: { dist: exponential, mean: 10 }
supply:
  stock: unlimited
  price: 10
`;
const problem = (text: string) => {
  try {
    parseScenario(text, "week.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  return null;
};

describe("weekdays", () => {
  it("a weekday shift is on duty Monday to Friday only", () => {
    const plan = compile(
      parseScenario(
        yaml({
          start: "2027-03-01",
          shift: "{ consultants: 2, hours: [9, 17], weekdays: [mon, tue, wed, thu, fri] }",
        }),
        "week.yaml",
      ),
    );
    // 10 weekdays × 8 h × 2 consultants.
    expect(plan.seatMinutesInHorizon).toBe(10 * 8 * 60 * 2);
    const onDuty = Array.from(plan.dutyIntervals);
    for (let i = 0; i < onDuty.length; i += 2) {
      const day = Math.floor(onDuty[i] / 1440) + 1;
      expect([6, 7, 13, 14]).not.toContain(day);
    }
  });

  it("a start on another weekday shifts which days are worked", () => {
    // 2027-03-06 is a Saturday: days 1, 2, 8, 9 are the weekend.
    const plan = compile(
      parseScenario(
        yaml({
          start: "2027-03-06",
          shift: "{ consultants: 1, hours: [9, 17], weekdays: [sat, sun] }",
        }),
        "week.yaml",
      ),
    );
    const days = new Set<number>();
    for (let i = 0; i < plan.dutyIntervals.length; i += 2)
      days.add(Math.floor(plan.dutyIntervals[i] / 1440) + 1);
    expect([...days]).toEqual([1, 2, 8, 9]);
  });

  it("weekday weights multiply the daily ones: a weekend weighted 0 gets no clicks", () => {
    const run = simulate(
      compile(
        parseScenario(yaml({ start: "2027-03-01", weekdays: "{ sat: 0, sun: 0 }" }), "week.yaml"),
      ),
    );
    for (const day of [6, 7, 13, 14])
      for (let h = 0; h < 24; h++) expect(run.clicksBySlot[(day - 1) * 24 + h]).toBe(0);
    expect(run.clicksBySlot.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it("needs a date for day 1, and a real date and time zone", () => {
    expect(
      problem(yaml({ shift: "{ consultants: 2, hours: [9, 17], weekdays: [mon] }" })),
    ).toContain("sales.shifts.0.weekdays: weekdays need the date of day 1: give horizon.start");
    expect(problem(yaml({ weekdays: "{ sat: 0 }" }))).toContain(
      "marketing.traffic.weekdays: weekday weights need the date of day 1",
    );
    expect(problem(yaml({ start: "2027-02-30" }))).toContain(
      'horizon.start: expected a real date "YYYY-MM-DD"',
    );
    expect(
      problem(
        yaml({
          start: "2027-03-01",
          shift: "{ consultants: 2, hours: [9, 17], weekdays: [monday] }",
        }),
      ),
    ).toContain("expected a weekday: mon, tue, wed, thu, fri, sat, sun");
    expect(
      problem(yaml({ start: "2027-03-01" }).replace("Europe/Berlin", "Mars/Olympus")),
    ).toContain("horizon.timeZone: expected an IANA time zone");
  });

  it("names days by their date and weekday when the horizon has a start", () => {
    expect(formatDay(8, "2027-01-04")).toBe("day 8 (Mon 2027-01-11)");
    expect(formatDay(1, "2028-02-29")).toBe("day 1 (Tue 2028-02-29)");
    expect(formatMinute(1440 * 2 + 605, "2027-12-31")).toBe("day 3 (Sun 2028-01-02), 10:05");
    expect(formatDay(8)).toBe("day 8");
  });
});
