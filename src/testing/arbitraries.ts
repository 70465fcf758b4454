// fast-check arbitraries of valid scenarios, as a planner would write them (plain objects that
// YAML.stringify writes out and the validator accepts), small enough that a run takes
// milliseconds. The project's own property tests (test/properties/) draw from these.
import fc from "fast-check";
import { WEEKDAYS } from "../scenario/calendar.js";
import type { Distribution, ScenarioInput } from "../scenario/schema.js";

/** What `arbitraryScenario` may vary, and what it keeps fixed. */
export interface ScenarioOptions {
  /**
   * Most people a channel reaches (default 20,000: a run takes milliseconds); a channel that
   * buys clicks (cpc) buys at most maxReach × its clickRate of them.
   */
  maxReach?: number;
  /** The horizon's days, fixed (default: 1 to 4). */
  days?: number;
  /** Segments, fixed (default: 1 to 3). */
  segments?: number;
  /** Channels, fixed (default: 1 to 3). */
  channels?: number;
  /** With a checkout stage always (true), never (false) or sometimes (default). */
  checkout?: boolean;
  /**
   * The optional features: site outages and returns, delays before consulting and buying,
   * prices and order sizes by segment, owned channels and channels bought by the click,
   * traffic events, consultations in sessions (webinars), costs, a start date; and by default
   * the later ones below (fixed limits, weekday shifts). Always (true), never (false) or
   * sometimes (default).
   */
  features?: boolean;
  /**
   * Limits given as fixed (`fixed: true`, or `false` written out) on the site, the consultants,
   * the stock and the checkout's payment capacity. Always (true), never (false), or sometimes
   * when the optional features are on (default: never when `features` is off).
   */
  fixedLimits?: boolean;
  /**
   * Shifts that work on some weekdays only (`weekdays: [mon, fri]`), where the horizon has a
   * start date. Always where it can (true), never (false), or sometimes when the optional
   * features are on (default: never when `features` is off).
   */
  weekdays?: boolean;
  /**
   * `params:` and numbers written as formulas over them (`reach: "= round(spend_c0 / cpm_c0 *
   * 1000)"`, a budget, prices, rates, capacities), each evaluating to the number it replaces.
   * Always (true) or never (false, the default): formulas are evaluated when a scenario is read
   * (`parseScenario` of its YAML), so such a scenario is not itself a ScenarioInput that
   * `scenarioSchema.parse` or `checkInvariants` accept.
   */
  formulas?: boolean;
  /**
   * Parts fixed as given: each top-level key replaces the generated one, or, for a section
   * (an object), is merged into it key by key (`{ supply: { stock: 0 } }`).
   */
  fixed?: FixedParts;
}

/**
 * Parts of a scenario to fix: any top-level key, a section's keys partly (`{ supply: { stock:
 * 0 } }`), and a stage's own section (`checkout`), which ScenarioInput does not list.
 */
export type FixedParts = {
  [K in keyof ScenarioInput]?: NonNullable<ScenarioInput[K]> extends readonly unknown[]
    ? ScenarioInput[K]
    : NonNullable<ScenarioInput[K]> extends object
      ? Partial<NonNullable<ScenarioInput[K]>>
      : ScenarioInput[K];
} & Record<string, unknown>;

/**
 * Numbers spread evenly over [min, max], the bounds themselves sometimes, and now and then any
 * double (fast-check's own doubles crowd near the smallest magnitudes, which would leave most
 * generated funnels empty).
 */
export const spread = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .noBias(fc.integer({ min: 0, max: 10_000 }))
        .map((i) => min + ((max - min) * i) / 10_000),
    },
    { weight: 1, arbitrary: fc.constantFrom(min, max) },
    { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) },
  );
/** Integers spread evenly over [min, max], with fast-check's bias toward the edges sometimes. */
export const between = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.noBias(fc.integer({ min, max })) },
    { weight: 1, arbitrary: fc.integer({ min, max }) },
  );

const rate = spread(0, 1);
const nonNegative = (max: number) => spread(0, max);

/** Every distribution shape; parameters in minutes. */
export const arbitraryDistribution = (maxMean = 60): fc.Arbitrary<Distribution> => {
  // sd ≤ 10,000 × mean is the validator's bound: means from maxMean / 6000 keep within it.
  const positive = (max: number) => spread(max / 6000, max);
  return fc.oneof(
    fc.record({ dist: fc.constant("fixed" as const), value: nonNegative(maxMean) }),
    fc.record({ dist: fc.constant("exponential" as const), mean: positive(maxMean) }),
    fc.record({
      dist: fc.constant("lognormal" as const),
      mean: positive(maxMean),
      sd: positive(maxMean),
    }),
    fc
      .tuple(nonNegative(maxMean / 2), nonNegative(maxMean / 2))
      .map(([min, span]) => ({ dist: "uniform" as const, min, max: min + span })),
    fc.record({
      dist: fc.constant("gamma" as const),
      mean: positive(maxMean),
      sd: positive(maxMean),
    }),
  );
};
const distribution = arbitraryDistribution();

/** "uniform" or `n` weights, at least one of them positive. */
const profile = (n: number) =>
  fc.oneof(
    fc.constant("uniform" as const),
    fc
      .array(fc.oneof(fc.constant(0), nonNegative(10)), { minLength: n, maxLength: n })
      .map((ws) => (ws.some((w) => w > 0) ? ws : [1, ...ws.slice(1)])),
  );

/** Shares that sum to 1: integer weights divided by their total, or the last share as 1 − the rest. */
function buildMix(
  weights: number[],
  lastAsRemainder: boolean,
  omitZeros: boolean,
): Record<string, number> {
  const w = weights.some((x) => x > 0) ? weights : weights.map((_, i) => (i === 0 ? 1 : 0));
  const total = w.reduce((a, b) => a + b, 0);
  let last = -1;
  w.forEach((x, i) => {
    if (x > 0) last = i;
  });
  const mix: Record<string, number> = {};
  let rest = 0;
  w.forEach((x, i) => {
    if (x === 0 && omitZeros) return;
    if (lastAsRemainder && i === last) return;
    mix[`s${i}`] = x / total;
    rest += x / total;
  });
  if (lastAsRemainder) mix[`s${last}`] = 1 - rest;
  return mix;
}

const hour = fc.oneof(
  fc.integer({ min: 0, max: 24 }),
  fc.integer({ min: 0, max: 48 }).map((h) => h / 2),
);

const shift = (days: number) =>
  fc.record(
    {
      consultants: between(0, 5),
      hours: fc.oneof(
        fc.constant<[number, number]>([22, 6]), // overnight
        // A shift starts before midnight (from < 24) and ends at any hour, midnight included.
        fc.tuple(hour, hour).filter(([a, b]) => a !== b && a < 24),
      ),
      days: fc
        .tuple(fc.integer({ min: 1, max: days }), fc.integer({ min: 1, max: days }))
        .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
    },
    { requiredKeys: ["consultants", "hours"] },
  );

/** Always, never or sometimes, as an option says. */
const sometimes = (option: boolean | undefined): fc.Arbitrary<boolean> =>
  option === undefined ? fc.boolean() : fc.constant(option);

/** A checkout section: who leaves at checkout, the gateway's failures, capacity and time. */
const checkoutSection = (segmentCount: number) =>
  fc
    .record({
      abandonRate: fc.oneof(
        rate,
        fc
          .array(rate, { minLength: segmentCount, maxLength: segmentCount })
          .map((rs) => Object.fromEntries(rs.map((r, i) => [`s${i}`, r]))),
      ),
      abandonDepartment: fc.option(fc.constantFrom("marketing" as const, "it" as const), {
        nil: undefined,
      }),
      failureRate: rate,
      capacity: fc.oneof(between(1, 12), fc.constant("unlimited" as const)),
      duration: distribution,
    })
    .map((c) => ({
      abandonRate: c.abandonRate,
      ...(c.abandonDepartment === undefined ? {} : { abandonDepartment: c.abandonDepartment }),
      payment: { failureRate: c.failureRate, capacity: c.capacity, duration: c.duration },
    }));

/** Site outages (1–2 windows) and returns of those turned away. */
const siteFeatures = (days: number) =>
  fc.record(
    {
      outages: fc.array(
        fc
          .record({
            day: fc.integer({ min: 1, max: days }),
            from: fc.integer({ min: 0, max: 23 }),
            length: fc.integer({ min: 1, max: 6 }),
          })
          .map((o) => ({ day: o.day, hours: [o.from, Math.min(24, o.from + o.length)] })),
        { minLength: 1, maxLength: 2 },
      ),
      retry: fc.record({ share: rate, delay: arbitraryDistribution(120) }),
    },
    { requiredKeys: [] },
  );

/** A segment's optional features: delays (minutes), its own price and order size. */
const segmentFeatures = fc.record(
  {
    consultDelay: arbitraryDistribution(600),
    purchaseDelay: arbitraryDistribution(600),
    price: fc.integer({ min: 1, max: 100_000 }).map((p) => p / 100),
    orderSize: fc.oneof(
      fc.integer({ min: 1, max: 5 }).map((value) => ({ dist: "fixed" as const, value })),
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 6 }))
        .map(([min, span]) => ({ dist: "uniform" as const, min, max: min + span })),
    ),
  },
  { requiredKeys: [] },
);

/** A channel's optional features: owned reach, bought clicks (cpc), a traffic event. */
const channelFeatures = (days: number, maxReach: number, clickRate: number) =>
  fc
    .record(
      {
        buy: fc.constantFrom("audience" as const, "owned" as const, "cpc" as const),
        event: fc.option(
          fc.record({
            day: fc.integer({ min: 1, max: days }),
            at: fc
              .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
              .map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`),
            share: rate,
            halfLife: fc.integer({ min: 1, max: 600 }),
          }),
          { nil: undefined },
        ),
        cpc: spread(0.1, 5),
      },
      { requiredKeys: ["buy", "event", "cpc"] },
    )
    .map(({ buy, event, cpc }) => ({
      buy,
      // Clicks bought = spend / cpc: at most maxReach × clickRate of them, like a reach would give.
      cpc: { spend: Math.floor(maxReach * clickRate) * cpc, cpc },
      ...(event === undefined ? {} : { traffic: { events: [event] } }),
    }));

/** Money in cents (costs below 0.000001 are refused: they would make returns infinite). */
const money = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((c) => c / 100);
interface Costs {
  unitCost?: number;
  costPerSlotDay?: number;
  costPerConsultantHour?: number;
  fixedCost?: number;
}

/** Consultations held at set times for many at once (webinars). */
const sessionsFeature = (days: number) =>
  fc.array(
    fc.record({
      day: fc.integer({ min: 1, max: days }),
      at: fc.integer({ min: 0, max: 23 }).map((h) => `${String(h).padStart(2, "0")}:00`),
      seats: between(0, 50),
      length: fc.integer({ min: 1, max: 180 }),
    }),
    { maxLength: 2 },
  );

/** Two outages on the same day must not overlap: keep the first of any overlapping pair. */
function disjoint(outages: { day: number; hours: number[] }[]) {
  const kept: typeof outages = [];
  for (const o of [...outages].sort((a, b) => a.day - b.day || a.hours[0] - b.hours[0])) {
    const last = kept[kept.length - 1];
    if (last && last.day === o.day && o.hours[0] < last.hours[1]) continue;
    kept.push(o);
  }
  return kept;
}

/** A section's own keys, for the stage sections that ScenarioInput does not list. */
type Section = Record<string, unknown>;

/** A limit given as fixed, as not fixed (written out), or not said. */
const fixedFlag = fc.constantFrom<boolean | undefined>(true, undefined, false);

/** `fixed` put on the limits that take it: site, consultants, stock, payment capacity. */
const fixedLimitsFeature = (s: ScenarioInput) =>
  fc
    .record({ site: fixedFlag, sales: fixedFlag, supply: fixedFlag, payment: fixedFlag })
    .map((f): ScenarioInput => {
      const put = <T extends object>(section: T, flag: boolean | undefined): T =>
        flag === undefined ? section : { ...section, fixed: flag };
      const checkout = (s as Section).checkout as Section | undefined;
      return {
        ...s,
        site: put(s.site, f.site),
        sales: put(s.sales, f.sales),
        supply: put(s.supply, f.supply),
        ...(checkout === undefined
          ? {}
          : { checkout: { ...checkout, payment: put(checkout.payment as Section, f.payment) } }),
      };
    });

/** Weekdays on some shifts (any non-empty set, in any order); they need horizon.start. */
const weekdaysFeature = (s: ScenarioInput, always: boolean) => {
  const shifts = s.sales.shifts;
  if (!shifts || s.horizon.start === undefined) return fc.constant(s);
  const weekdays = fc.shuffledSubarray([...WEEKDAYS], { minLength: 1 });
  return fc
    .array(always ? weekdays : fc.option(weekdays, { nil: undefined }), {
      minLength: shifts.length,
      maxLength: shifts.length,
    })
    .map(
      (lists): ScenarioInput => ({
        ...s,
        sales: {
          ...s.sales,
          shifts: shifts.map((sh, i) => (lists[i] ? { ...sh, weekdays: lists[i] } : sh)),
        },
      }),
    );
};

/**
 * Ways to write a parameter `p` whose value is ≥ 0 that give exactly its value (a leading
 * space before `=` is allowed).
 */
const sameValue = fc.constantFrom(
  (p: string) => `= ${p}`,
  (p: string) => `=${p}*1`,
  (p: string) => ` = (${p})`,
  (p: string) => `= max(${p}, 0)`,
  (p: string) => `= min(${p}, ${p})`,
);
type Form = (p: string) => string;

/**
 * `params:` and formulas over them in place of numbers, each giving exactly the number it
 * replaces, so the scenario read is the one generated: the budget always; now and then a
 * channel's reach (from its spend and cpm: "= round(spend_c0 / cpm_c0 * 1000)", as a planner
 * writes it) and click rate, the price, segments' close rates; and whole limits (capacity,
 * consultants, stock) as the sum of two params, one of them a formula over the other.
 */
const formulasFeature = (s: ScenarioInput) => {
  const channels = s.marketing.channels;
  const segments = Object.keys(s.segments);
  const split = fc.option(fc.tuple(fc.noBias(fc.integer({ min: 0, max: 10_000 })), fc.boolean()), {
    nil: undefined,
  });
  return fc
    .record({
      budget: sameValue,
      channels: fc.array(
        fc.record({
          reach: fc.option(spread(1, 100), { nil: undefined }),
          clickRate: fc.option(sameValue, { nil: undefined }),
        }),
        { minLength: channels.length, maxLength: channels.length },
      ),
      price: fc.option(sameValue, { nil: undefined }),
      closeRates: fc.array(fc.option(sameValue, { nil: undefined }), {
        minLength: segments.length,
        maxLength: segments.length,
      }),
      capacity: split,
      consultants: split,
      stock: split,
    })
    .map((f): ScenarioInput => {
      const params: Record<string, number | string> = {};
      /** `value` as a formula over a new parameter `name`. */
      const over = (name: string, value: number, form: Form) => {
        params[name] = value;
        return form(name);
      };
      /** A whole number n as `= a + b`, b a formula over a: n − a (params in either order). */
      const whole = (name: string, n: unknown, pick: [number, boolean] | undefined) => {
        if (typeof n !== "number" || pick === undefined) return n;
        const a = Math.floor((n * pick[0]) / 10_000);
        const [first, second] = pick[1] ? ["a", "b"] : ["b", "a"];
        const values: Record<string, number | string> = { a, b: `= ${n} - ${name}_a` };
        params[`${name}_${first}`] = values[first];
        params[`${name}_${second}`] = values[second];
        return `= ${name}_a + ${name}_b`;
      };
      const { budget } = s.marketing;
      const budgetWritten = budget === undefined ? budget : over("budget", budget, f.budget);
      const written = channels.map((ch, i) => {
        const c = f.channels[i];
        const out: Section = { ...ch };
        if (c.reach !== undefined && typeof ch.reach === "number") {
          // spend / cpm × 1000 is the reach again within a few ulps; round gives it exactly.
          params[`spend_c${i}`] = (ch.reach * c.reach) / 1000;
          params[`cpm_c${i}`] = c.reach;
          out.reach = `= round(spend_c${i} / cpm_c${i} * 1000)`;
        }
        if (c.clickRate) out.clickRate = over(`clickRate_c${i}`, ch.clickRate, c.clickRate);
        return out;
      });
      const segmentsWritten = Object.fromEntries(
        segments.map((name, i) => {
          const g = s.segments[name];
          const form = f.closeRates[i];
          return [name, form ? { ...g, closeRate: over(`close_${name}`, g.closeRate, form) } : g];
        }),
      );
      const out = {
        ...s,
        marketing: { ...s.marketing, budget: budgetWritten, channels: written },
        segments: segmentsWritten,
        site: { ...s.site, capacity: whole("capacity", s.site.capacity, f.capacity) },
        sales: {
          ...s.sales,
          ...(s.sales.consultants === undefined
            ? {}
            : { consultants: whole("consultants", s.sales.consultants, f.consultants) }),
        },
        supply: {
          ...s.supply,
          stock: whole("stock", s.supply.stock, f.stock),
          ...(f.price ? { price: over("price", s.supply.price, f.price) } : {}),
        },
      };
      // params first, as a planner writes them.
      return { params, ...out } as unknown as ScenarioInput;
    });
};

/** `fixed` put over a generated scenario: sections merged key by key, the rest replaced. */
function withFixed(s: ScenarioInput, fixed: FixedParts | undefined): ScenarioInput {
  if (!fixed) return s;
  const out: Record<string, unknown> = { ...s };
  for (const [key, value] of Object.entries(fixed)) {
    const old = out[key];
    out[key] =
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      old !== null &&
      typeof old === "object" &&
      !Array.isArray(old)
        ? { ...old, ...value }
        : value;
    if (value === undefined) delete out[key];
  }
  return out as ScenarioInput;
}

/**
 * Valid scenarios: every section and distribution shape, staffing by a count or by shifts,
 * restocks, an offer, traffic profiles, and (unless switched off) a checkout stage, site
 * outages and returns, delays, prices and order sizes by segment, fixed limits and weekday
 * shifts; params and formulas when asked for (`formulas: true`). Reach is small (at most
 * `maxReach` per channel), so a run takes milliseconds.
 */
export function arbitraryScenario(options: ScenarioOptions = {}): fc.Arbitrary<ScenarioInput> {
  const maxReach = options.maxReach ?? 20_000;
  const count = (fixed: number | undefined, max: number) =>
    fixed === undefined ? fc.integer({ min: 1, max }) : fc.constant(fixed);
  return fc
    .record({
      days: count(options.days, 4),
      segmentCount: count(options.segments, 3),
      channelCount: count(options.channels, 3),
      // Powers of two, so closeRate × skill × uplift ≤ 1 holds exactly in floating point.
      skill: fc.option(fc.constantFrom(0, 0.5, 1, 2), { nil: undefined }),
      offer: fc.option(
        fc.record({ discount: rate, uplift: fc.constantFrom(0, 0.5, 1, 2) }, { requiredKeys: [] }),
        { nil: undefined },
      ),
      clickWeights: fc.array(fc.option(fc.constantFrom(0, 0.5, 1, 1.5, 2), { nil: undefined }), {
        minLength: 3,
        maxLength: 3,
      }),
      checkout: sometimes(options.checkout),
      features: sometimes(options.features),
    })
    .chain(({ days, segmentCount, channelCount, skill, offer, clickWeights, ...on }) => {
      const uplift = offer?.uplift ?? 1;
      const closeDivisor = Math.max(1, (skill ?? 1) * uplift);
      const directDivisor = Math.max(1, uplift);
      const weights = Array.from({ length: segmentCount }, (_, i) => clickWeights[i % 3]);
      const maxClickWeight = Math.max(...weights.map((w) => w ?? 1));

      const segment = (i: number) =>
        fc
          .record({
            consultRate: rate,
            directRate: rate,
            closeRate: rate,
            features: on.features ? segmentFeatures : fc.constant({}),
          })
          .map((g) => ({
            consultRate: g.consultRate,
            directRate: g.directRate / directDivisor,
            closeRate: g.closeRate / closeDivisor,
            ...(weights[i] === undefined ? {} : { clickWeight: weights[i] }),
            ...g.features,
          }));

      const audience = fc.oneof(
        { weight: 4, arbitrary: between(0, maxReach).map((reach) => ({ reach })) },
        {
          weight: 1,
          // Spend buys spend / cpm × 1000 people: at most maxReach.
          arbitrary: fc
            .tuple(spread(1, 100), rate)
            .map(([cpm, u]) => ({ spend: (u * maxReach * cpm) / 1000, cpm })),
        },
      );
      type Channel = ScenarioInput["marketing"]["channels"][number];
      const channel = (i: number): fc.Arbitrary<Channel> =>
        fc
          .record({
            audience,
            clickRate: rate,
            extra: on.features
              ? fc.option(fc.constant(true), { nil: undefined })
              : fc.constant(undefined),
            weights: fc.array(fc.integer({ min: 0, max: 5 }), {
              minLength: segmentCount,
              maxLength: segmentCount,
            }),
            lastAsRemainder: fc.boolean(),
            omitZeros: fc.boolean(),
          })
          .chain((c) => {
            // clickRate × clickWeight must stay ≤ 1; halving is exact.
            const clickRate = maxClickWeight > 1 ? c.clickRate / 2 : c.clickRate;
            const plain = {
              name: `c${i}`,
              ...c.audience,
              clickRate,
              mix: buildMix(c.weights, c.lastAsRemainder, c.omitZeros),
            };
            if (!c.extra) return fc.constant(plain as Channel);
            return channelFeatures(days, maxReach, clickRate).map((f) => {
              const {
                spend: _s,
                cpm: _c,
                reach: _r,
                ...rest
              } = plain as typeof plain & {
                spend?: number;
                cpm?: number;
                reach?: number;
              };
              // A cpc channel needs someone to click: clickRate × its segments' weights > 0, in
              // floating point as the validator computes it (5e-323 × 0.06 underflows to 0).
              const clickProb = Object.entries(plain.mix).reduce(
                (p, [name, share]) => p + share * clickRate * (weights[Number(name.slice(1))] ?? 1),
                0,
              );
              const buy = f.buy === "cpc" && !(clickProb >= 1e-12) ? "audience" : f.buy;
              const bought =
                buy === "owned"
                  ? { owned: true, reach: "reach" in plain ? plain.reach : 0 }
                  : buy === "cpc"
                    ? f.cpc
                    : { ...c.audience };
              return {
                ...rest,
                ...bought,
                ...(f.traffic ? { traffic: f.traffic } : {}),
              } as Channel;
            });
          });

      const staffing = fc.oneof(
        between(0, 20).map((consultants) => ({ consultants })),
        fc.constant({ consultants: "unlimited" as const }),
        fc.array(shift(days), { minLength: 1, maxLength: 3 }).map((shifts) => ({ shifts })),
      );

      return fc
        .record({
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
          budget: nonNegative(1_000_000),
          channels: fc.tuple(...Array.from({ length: channelCount }, (_, i) => channel(i))),
          traffic: fc.option(
            fc.record({ daily: profile(days), hourly: profile(24) }, { requiredKeys: [] }),
            { nil: undefined },
          ),
          segments: fc.tuple(...Array.from({ length: segmentCount }, (_, i) => segment(i))),
          site: fc.record(
            {
              capacity: fc.oneof(between(0, 50), fc.constant("unlimited" as const)),
              session: distribution,
              bounceRate: rate,
            },
            { requiredKeys: ["capacity", "session"] },
          ),
          siteFeatures: on.features ? siteFeatures(days) : fc.constant({}),
          staffing,
          timing: fc.record(
            { handleTime: distribution, patience: distribution },
            { requiredKeys: ["handleTime"] },
          ),
          supply: fc.record(
            {
              stock: fc.oneof(between(0, 500), fc.constant("unlimited" as const)),
              price: spread(1, 10_000),
              restock: fc.array(
                fc.record({
                  day: fc.integer({ min: 1, max: days }),
                  units: between(0, 200),
                }),
                { maxLength: 3 },
              ),
            },
            { requiredKeys: ["stock", "price"] },
          ),
          checkout: on.checkout ? checkoutSection(segmentCount) : fc.constant(undefined),
          sessions: on.features ? sessionsFeature(days) : fc.constant([]),
          costs: on.features
            ? fc.record(
                {
                  unitCost: money(100),
                  costPerSlotDay: money(100),
                  costPerConsultantHour: money(100),
                  fixedCost: money(10_000),
                },
                { requiredKeys: [] },
              )
            : fc.constant<Costs>({}),
          start: on.features
            ? fc.option(
                fc
                  .date({
                    min: new Date("2020-01-01"),
                    max: new Date("2035-12-31"),
                    noInvalidDate: true,
                  })
                  .map((d) => d.toISOString().slice(0, 10)),
                { nil: undefined },
              )
            : fc.constant(undefined),
        })
        .map((r) => {
          const site: Record<string, unknown> = { ...r.site, ...r.siteFeatures };
          if (Array.isArray(site.outages))
            site.outages = disjoint(site.outages as { day: number; hours: number[] }[]);
          const { unitCost, costPerSlotDay, costPerConsultantHour, fixedCost } = r.costs;
          if (costPerSlotDay !== undefined) site.costPerSlotDay = costPerSlotDay;
          return {
            name: "property scenario",
            seed: r.seed,
            horizon: { days, ...(r.start === undefined ? {} : { start: r.start }) },
            marketing: {
              budget: r.budget,
              channels: r.channels,
              ...(r.traffic === undefined ? {} : { traffic: r.traffic }),
            },
            segments: Object.fromEntries(r.segments.map((g, i) => [`s${i}`, g])),
            site: site as ScenarioInput["site"],
            sales: {
              ...r.staffing,
              ...r.timing,
              ...(skill === undefined ? {} : { skill }),
              ...(r.sessions.length > 0 ? { sessions: r.sessions } : {}),
              ...(costPerConsultantHour === undefined ? {} : { costPerConsultantHour }),
            },
            supply: { ...r.supply, ...(unitCost === undefined ? {} : { unitCost }) },
            ...(fixedCost === undefined ? {} : { fixedCost }),
            ...(offer === undefined ? {} : { offer }),
            ...(r.checkout === undefined ? {} : { checkout: r.checkout }),
          } as ScenarioInput;
        })
        .chain((s) => laterFeatures(s, options, on.features))
        .map((s) => withFixed(s, options.fixed));
    });
}

/**
 * The features added after the rest: drawn after all other draws, so that a seed gives the
 * same scenario as before they existed, with them added (and `fixed` still pins what it names).
 */
function laterFeatures(
  s: ScenarioInput,
  options: ScenarioOptions,
  features: boolean,
): fc.Arbitrary<ScenarioInput> {
  return fc
    .record({
      fixedLimits: later(options.fixedLimits, features),
      weekdays: later(options.weekdays, features),
    })
    .chain((add) => {
      const limited = add.fixedLimits ? fixedLimitsFeature(s) : fc.constant(s);
      return add.weekdays
        ? limited.chain((t) => weekdaysFeature(t, options.weekdays === true))
        : limited;
    })
    .chain((t) => (options.formulas ? formulasFeature(t) : fc.constant(t)));
}

/** A later feature: as its option says, else sometimes when the optional features are on. */
const later = (option: boolean | undefined, features: boolean): fc.Arbitrary<boolean> =>
  option !== undefined ? fc.constant(option) : features ? fc.boolean() : fc.constant(false);
