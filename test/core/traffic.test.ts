// Traffic to the minute: events (spikes decaying exponentially from a given minute) and each
// channel's own traffic profile. The clicks must come out in arrival order, and their times
// must follow the profile: per minute in an event's first hours, per hour for each channel.
// Every statistical check is a χ² goodness of fit with its degrees of freedom and exact
// critical value (test/theory/chi2.ts); the file's false-alarm budget is shared among them.
import { describe, expect, test } from "vitest";
import { aliasTable } from "../../src/core/aliasTable.js";
import { reachUnits } from "../../src/core/pipeline.js";
import { type Clicks, orderClicks } from "../../src/core/stages/click.js";
import { reachBlock } from "../../src/core/stages/reach.js";
import { compile, loadScenario, type Plan, parseScenario, simulate } from "../../src/index.js";
import { kernelMemory } from "../../src/wasm/kernels.js";
import { edit, FILE, FIXTURE, position, scenarioError } from "../scenario/fixture.js";
import { chi2Fit, chi2QuantileUpper, chi2UpperTail } from "../theory/chi2.js";

/** A correct engine fails this file's statistical checks less than once in 10⁶ runs. */
const FILE_FALSE_ALARM = 1e-6;
const CHECKS = 5;
const ALPHA = FILE_FALSE_ALARM / CHECKS; // Bonferroni
const DAY = 1440;

/** Every click of a run of `plan`, in arrival order (times and categories copied out). */
function clicksOf(plan: Plan): { time: Float64Array; category: Uint8Array; bySlot: Uint32Array } {
  kernelMemory().releaseAll();
  const blocks = reachUnits(plan).map((u) => reachBlock(plan, 0, u.channel, u.block, u.agents));
  const c: Clicks = orderClicks(plan, 0, blocks);
  return { time: c.arrivalMin.slice(), category: c.category.slice(), bySlot: c.clicksBySlot };
}

/** P(an event's click arrives before minute x): its exponential, truncated at the horizon's end. */
const eventCdf = (start: number, halfLife: number, end: number) => (x: number) => {
  if (x <= start) return 0;
  const mean = halfLife / Math.LN2;
  return -Math.expm1(-(Math.min(x, end) - start) / mean) / -Math.expm1(-(end - start) / mean);
};

/** Asserts a χ² fit at level ALPHA, with the numbers in the message when it fails. */
function expectFits(observed: ArrayLike<number>, prob: ArrayLike<number>, what: string) {
  const fit = chi2Fit(observed, prob);
  expect(fit.minExpected, `${what}: cells expect ≥ 5 clicks`).toBeGreaterThanOrEqual(5);
  const critical = chi2QuantileUpper(ALPHA, fit.df);
  expect(
    fit.stat,
    `${what}: χ² ${fit.stat.toFixed(1)} on ${fit.df} df (p = ${chi2UpperTail(fit.stat, fit.df).toExponential(2)})`,
  ).toBeLessThan(critical);
}

/** Clicks sorted, inside the horizon, and counted per hour as their times say. */
function expectOrdered(plan: Plan, c: ReturnType<typeof clicksOf>) {
  const bySlot = new Uint32Array(plan.days * 24);
  let sorted = true;
  for (let i = 0; i < c.time.length; i++) {
    if (i > 0 && c.time[i] < c.time[i - 1]) sorted = false;
    bySlot[Math.floor(c.time[i] / 60)]++;
  }
  expect(sorted).toBe(true);
  expect(c.time[0]).toBeGreaterThanOrEqual(0);
  expect(c.time[c.time.length - 1]).toBeLessThan(plan.horizonMin);
  expect(Array.from(c.bySlot)).toEqual(Array.from(bySlot));
}

test("χ² helpers: critical values of the χ² law", () => {
  // Tables: P(χ²₁ > 3.841458820694124) = 0.05, P(χ²₁₀ > 23.2092511589544) = 0.01,
  // P(χ²₁₀₀ > 124.3421134) = 0.05; with 2 df the tail is e^(−x/2) exactly.
  expect(chi2QuantileUpper(0.05, 1)).toBeCloseTo(3.841458820694124, 9);
  expect(chi2QuantileUpper(0.01, 10)).toBeCloseTo(23.2092511589544, 9);
  expect(chi2QuantileUpper(1e-9, 2)).toBeCloseTo(-2 * Math.log(1e-9), 9);
  expect(chi2QuantileUpper(0.05, 100)).toBeCloseTo(124.3421134, 6);
  expect(chi2UpperTail(2, 2)).toBeCloseTo(Math.exp(-1), 14);
});

describe("a campaign's traffic event: a spike at 10:00 decaying with a 20-minute half-life", () => {
  const share = 0.4;
  const halfLife = 20;
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      "horizon.days=2",
      "marketing.channels.0.reach=4000000",
      "marketing.channels.0.clickRate=0.25",
      `marketing.traffic.events=[{day: 1, at: "10:00", share: ${share}, halfLife: ${halfLife}}]`,
    ]),
  );
  const c = clicksOf(plan);

  test("clicks stay in arrival order, and per hour as their times say", () => {
    expect(c.time.length).toBeGreaterThan(900_000);
    expectOrdered(plan, c);
  });

  test("clicks per minute from 09:00 to 12:00 follow the decay plus the background (χ²)", () => {
    // Cells: each minute 540..719, then the rest of the horizon.
    const from = 540;
    const to = 720;
    const cdf = eventCdf(600, halfLife, plan.horizonMin);
    const observed = new Float64Array(to - from + 1);
    const prob = new Float64Array(to - from + 1);
    for (const t of c.time) {
      const m = Math.floor(t);
      observed[m >= from && m < to ? m - from : to - from]++;
    }
    const background = (1 - share) / plan.horizonMin; // uniform days and hours: per minute
    for (let m = from; m < to; m++) prob[m - from] = background + share * (cdf(m + 1) - cdf(m));
    prob[to - from] = 1 - prob.reduce((a, p) => a + p, 0);
    expectFits(observed, prob, "per-minute clicks of the spike");
  });

  test("the same plan gives the same clicks (streams by unit of work)", () => {
    const again = clicksOf(plan);
    expect(Buffer.from(again.time.buffer).equals(Buffer.from(c.time.buffer))).toBe(true);
  });
});

describe("per-channel traffic profiles: an e-mail blast, a video decaying over a week, a campaign", () => {
  const days = 7;
  const campaignHourly = Array.from({ length: 24 }, (_, h) => 1 + (h % 6));
  const videoDaily = [64, 32, 16, 8, 4, 2, 1];
  const mailEvent = { start: 9 * 60, halfLife: 30, share: 0.7 };
  const campaignEvent = { start: DAY + 10 * 60 + 30, halfLife: 45, share: 0.3 };
  const channel = (name: string, traffic?: string) =>
    `{name: ${name}, reach: 2000000, clickRate: 0.2, mix: {everyone: 1}${traffic ? `, traffic: ${traffic}` : ""}}`;
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      `horizon.days=${days}`,
      `marketing.channels=[${[
        channel(
          "mail",
          `{hourly: uniform, events: [{day: 1, at: "09:00", share: 0.7, halfLife: 30}]}`,
        ),
        channel("video", `{daily: [${videoDaily.join(", ")}]}`),
        channel("search"),
      ].join(", ")}]`,
      `marketing.traffic={hourly: [${campaignHourly.join(", ")}], events: [{day: 2, at: "10:30", share: 0.3, halfLife: 45}]}`,
    ]),
  );
  const c = clicksOf(plan);
  const slots = days * 24;
  const end = plan.horizonMin;

  test("one alias table per distinct profile; channels that share one share it", () => {
    expect(plan.slotTables).toHaveLength(3); // the campaign's, mail's, video's
    expect(Array.from(plan.channelProfile)).toEqual([1, 2, 0]);
    expect(Array.from(plan.categorySegment)).toEqual([0, 0, 0]); // category k is channel k
    expect(plan.slotProb.length).toBe(slots + 2); // hour slots, then the two events
  });

  test("clicks stay in arrival order, and per hour as their times say", () => {
    expectOrdered(plan, c);
  });

  /** P(a click of a channel with this profile falls in each hour slot). */
  const hourly = (
    daily: (d: number) => number,
    hour: (h: number) => number,
    event: { start: number; halfLife: number; share: number },
  ) => {
    const prob = new Float64Array(slots);
    let sum = 0;
    for (let s = 0; s < slots; s++) sum += daily(Math.floor(s / 24)) * hour(s % 24);
    const cdf = eventCdf(event.start, event.halfLife, end);
    for (let s = 0; s < slots; s++)
      prob[s] =
        ((1 - event.share) * daily(Math.floor(s / 24)) * hour(s % 24)) / sum +
        event.share * (cdf(60 * (s + 1)) - cdf(60 * s));
    return prob;
  };
  const perHour = (k: number) => {
    const observed = new Float64Array(slots);
    for (let i = 0; i < c.time.length; i++)
      if (c.category[i] === k) observed[Math.floor(c.time[i] / 60)]++;
    return observed;
  };

  test("each channel's clicks per hour follow its own profile (χ² per channel)", () => {
    const one = () => 1;
    const campaignHour = (h: number) => campaignHourly[h];
    expectFits(perHour(0), hourly(one, one, mailEvent), "mail (own hourly and event)");
    expectFits(
      perHour(1),
      hourly((d) => videoDaily[d], campaignHour, campaignEvent),
      "video (own daily; the campaign's hourly and event)",
    );
    expectFits(perHour(2), hourly(one, campaignHour, campaignEvent), "search (the campaign's)");
  });

  test("the e-mail blast's clicks per minute from 08:00 to 11:00 follow its decay (χ²)", () => {
    const from = 8 * 60;
    const to = 11 * 60;
    const cdf = eventCdf(mailEvent.start, mailEvent.halfLife, end);
    const observed = new Float64Array(to - from + 1);
    const prob = new Float64Array(to - from + 1);
    for (let i = 0; i < c.time.length; i++) {
      if (c.category[i] !== 0) continue;
      const m = Math.floor(c.time[i]);
      observed[m >= from && m < to ? m - from : to - from]++;
    }
    for (let m = from; m < to; m++)
      prob[m - from] = (1 - mailEvent.share) / end + mailEvent.share * (cdf(m + 1) - cdf(m));
    prob[to - from] = 1 - prob.reduce((a, p) => a + p, 0);
    expectFits(observed, prob, "per-minute clicks of the e-mail blast");
  });

  test("a run with events and channel profiles is deterministic", () => {
    const a = simulate(plan, 1);
    const b = simulate(plan, 1);
    expect(Array.from(a.counters)).toEqual(Array.from(b.counters));
    expect(Array.from(a.clicksBySlot)).toEqual(Array.from(b.clicksBySlot));
  });
});

test("a scenario without events or channel profiles compiles the daily × hourly table as before", () => {
  const daily = [3, 1, 2];
  const hourly = Array.from({ length: 24 }, (_, h) => 1 + (h % 5));
  const plan = compile(
    loadScenario("bench/r1.yaml", [
      "horizon.days=3",
      `marketing.traffic={daily: [${daily.join(", ")}], hourly: [${hourly.join(", ")}]}`,
    ]),
  );
  const weights = Array.from({ length: 72 }, (_, s) => daily[Math.floor(s / 24)] * hourly[s % 24]);
  const { prob, alias } = aliasTable(weights);
  expect(plan.slotTables).toHaveLength(1);
  expect(plan.eventStartMin).toHaveLength(0);
  expect(Array.from(plan.slotProb)).toEqual(Array.from(prob));
  expect(Array.from(plan.slotAlias)).toEqual(Array.from(alias));
});

describe("traffic events and profiles: validation in the planner's words, located", () => {
  const TRAFFIC = "traffic: { daily: uniform, hourly: uniform }";
  const cases: {
    name: string;
    text: string;
    path: string;
    at: [string, string];
    message: RegExp;
  }[] = [
    {
      name: "an event after the horizon",
      text: edit(
        TRAFFIC,
        'traffic: { events: [{ day: 31, at: "10:00", share: 0.4, halfLife: 20 }] }',
      ),
      path: "marketing.traffic.events.0.day",
      at: ["day: 31", "31"],
      message: /^day 31 is after the horizon \(30 days\)$/,
    },
    {
      name: "a minute that is no time of day",
      text: edit(
        TRAFFIC,
        'traffic: { events: [{ day: 1, at: "10:60", share: 0.4, halfLife: 20 }] }',
      ),
      path: "marketing.traffic.events.0.at",
      at: ['at: "10:60"', '"10:60"'],
      message: /expected a time of day "HH:MM" from "00:00" to "23:59", e.g. "10:00"/,
    },
    {
      name: "a minute given as a number",
      text: edit(TRAFFIC, "traffic: { events: [{ day: 1, at: 600, share: 0.4, halfLife: 20 }] }"),
      path: "marketing.traffic.events.0.at",
      at: ["at: 600", "600"],
      message: /expected a time of day "HH:MM" in quotes/,
    },
    {
      name: "a share written as a percentage",
      text: edit(
        TRAFFIC,
        'traffic: { events: [{ day: 1, at: "10:00", share: 40, halfLife: 20 }] }',
      ),
      path: "marketing.traffic.events.0.share",
      at: ["share: 40", "40"],
      message: /a rate is a fraction between 0 and 1: write 0.4 for 40 %/,
    },
    {
      name: "shares adding up to more than 1",
      text: edit(
        TRAFFIC,
        'traffic: { events: [{ day: 1, at: "10:00", share: 0.7, halfLife: 20 }, { day: 2, at: "9:30", share: 0.5, halfLife: 60 }] }',
      ),
      path: "marketing.traffic.events",
      at: ["events: [", "["],
      message: /^the events' shares add up to 1.2: at most 1/,
    },
    {
      name: "a half-life of 0",
      text: edit(
        TRAFFIC,
        'traffic: { events: [{ day: 1, at: "10:00", share: 0.4, halfLife: 0 }] }',
      ),
      path: "marketing.traffic.events.0.halfLife",
      at: ["halfLife: 0", "0"],
      message: /^expected minutes above 0/,
    },
    {
      name: "a channel's daily weights not one per day",
      text: edit("mix: { everyone: 1 } }", "mix: { everyone: 1 }, traffic: { daily: [1, 2] } }"),
      path: "marketing.channels.0.traffic.daily",
      at: ["daily: [1, 2]", "[1, 2]"],
      message: /^needs one weight per day of the horizon \(30\), got 2$/,
    },
    {
      name: "a channel's event after the horizon",
      text: edit(
        "mix: { everyone: 1 } }",
        'mix: { everyone: 1 }, traffic: { events: [{ day: 40, at: "09:00", share: 0.5, halfLife: 30 }] } }',
      ),
      path: "marketing.channels.0.traffic.events.0.day",
      at: ["day: 40", "40"],
      message: /^day 40 is after the horizon \(30 days\)$/,
    },
  ];
  test.each(cases)("$name", ({ text, path, at, message }) => {
    const error = scenarioError(() => parseScenario(text, FILE));
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem.path).toBe(path);
    expect(problem.message).toMatch(message);
    const where = position(text, ...at);
    expect([problem.line, problem.col]).toEqual([where.line, where.col]);
  });

  test("the fixture itself is valid", () => {
    expect(() => parseScenario(FIXTURE, FILE)).not.toThrow();
  });
});
