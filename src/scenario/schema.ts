import * as z from "zod";

// One parse per run: zod's compiled fast path (new Function per object schema) costs more to
// generate than it saves on a single document.
z.config({ jitless: true });

// The one declaration of the scenario format: types, defaults and bounds live here,
// and both the validator and schema/scenario.schema.json are derived from it.
// Every object is strict: a typo is an error, never a silently applied default.

const rate = z.number().min(0).max(1);
const nonNegative = z.number().min(0);
const positive = z.number().positive();
const count = z.int().min(0);
const unlimited = z.literal("unlimited");
const countOrUnlimited = z.union([count, unlimited], {
  error: "expected a whole number ≥ 0 or 'unlimited'",
});

// Durations are capped at a million minutes (~2 years): far beyond any session, call or
// patience, and small enough that draws stay finite in the engine's 32-bit columns.
const MAX_MINUTES = 1_000_000;
const minutes = nonNegative.max(MAX_MINUTES);
const positiveMinutes = positive.max(MAX_MINUTES);

/** A duration distribution, parameters in minutes. */
export const distributionSchema = z.discriminatedUnion("dist", [
  z.strictObject({ dist: z.literal("fixed"), value: minutes }),
  z.strictObject({ dist: z.literal("exponential"), mean: positiveMinutes }),
  z.strictObject({ dist: z.literal("lognormal"), mean: positiveMinutes, sd: positiveMinutes }),
  z.strictObject({ dist: z.literal("uniform"), min: minutes, max: minutes }),
  z.strictObject({ dist: z.literal("gamma"), mean: positiveMinutes, sd: positiveMinutes }),
]);
export type Distribution = z.infer<typeof distributionSchema>;

const channelSchema = z.strictObject({
  name: z.string().min(1),
  /** People reached; give either this or spend + cpm. */
  reach: count.max(10_000_000_000).optional(),
  /** Money spent on the channel, in the scenario currency. */
  spend: nonNegative.optional(),
  /** Cost per thousand people reached. */
  cpm: positive.optional(),
  /** Probability that a reached person clicks through to the site. */
  clickRate: rate,
  /** Share of the channel's audience in each segment; must sum to 1. */
  mix: z.record(z.string().min(1), nonNegative),
});

const profile = z.union([z.literal("uniform"), z.array(nonNegative).min(1)], {
  error: "expected 'uniform' or a list of non-negative weights",
});

const segmentSchema = z.strictObject({
  /** Probability that a visitor who stays on the site asks for a consultation. */
  consultRate: rate,
  /** Probability that a visitor who does not consult tries to buy directly. */
  directRate: rate,
  /** Probability that a consulted visitor buys (before sales.skill). */
  closeRate: rate,
  /** Multiplier on the channel's click rate for this segment. */
  clickWeight: nonNegative.default(1),
});

const shiftSchema = z.strictObject({
  /** Consultants on this shift. */
  consultants: count,
  /** Hours of day [from, to); from > to means an overnight shift. */
  hours: z.tuple([z.number().min(0).lt(24), z.number().min(0).max(24)]),
  /** Days of the horizon [first, last], inclusive, 1-based; all days when omitted. */
  days: z.tuple([z.int().min(1), z.int().min(1)]).optional(),
});

const restockSchema = z.strictObject({
  /** 1-based day of the horizon; units arrive at the start of that day. */
  day: z.int().min(1),
  units: count,
});

export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1),
    seed: z
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .default(1),
    horizon: z.strictObject({ days: z.int().min(1).max(366) }),
    currency: z.string().min(1).default("RUB"),
    marketing: z.strictObject({
      /** The campaign's total cost, used for cost per contact and cost per click. */
      budget: nonNegative,
      channels: z.array(channelSchema).min(1),
      traffic: z
        .strictObject({
          /** Weight of each day of the horizon (one per day), or "uniform". */
          daily: profile.default("uniform"),
          /** Weight of each hour of the day (24 values), or "uniform". */
          hourly: profile.default("uniform"),
        })
        .default({ daily: "uniform", hourly: "uniform" }),
    }),
    segments: z.record(z.string().min(1), segmentSchema),
    site: z.strictObject({
      /** Concurrent sessions the hosting serves; a click that finds it full is lost. */
      capacity: countOrUnlimited,
      /** Session length in minutes. */
      session: distributionSchema,
      /** Share of served visitors who leave at once (usability). */
      bounceRate: rate.default(0),
      /** Cost of one concurrent-session slot over the horizon (optional, for levers). */
      costPerSlot: nonNegative.optional(),
    }),
    sales: z.strictObject({
      /** Consultants always on duty; give either this or shifts. */
      consultants: countOrUnlimited.optional(),
      shifts: z.array(shiftSchema).min(1).optional(),
      /** Minutes a consultation takes. */
      handleTime: distributionSchema,
      /** Minutes a visitor waits for a consultant before giving up; omitted = waits forever. */
      patience: distributionSchema.optional(),
      /** Multiplier on each segment's closeRate (training, scripts). */
      skill: nonNegative.default(1),
      costPerConsultantDay: nonNegative.optional(),
    }),
    supply: z.strictObject({
      /** Units in stock at the start. */
      stock: countOrUnlimited,
      /** Price of one unit, in the scenario currency. */
      price: positive,
      restock: z.array(restockSchema).default([]),
      unitCost: nonNegative.optional(),
    }),
    offer: z
      .strictObject({
        /** Price reduction as a share of supply.price. */
        discount: rate.default(0),
        /** Multiplier on directRate and closeRate while the offer runs. */
        uplift: nonNegative.default(1),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const segmentNames = Object.keys(s.segments);
    if (segmentNames.length === 0) issue(["segments"], "at least one segment is required");
    if (segmentNames.length > 250) issue(["segments"], "at most 250 segments");

    s.marketing.channels.forEach((ch, i) => {
      const at = ["marketing", "channels", i];
      const hasReach = ch.reach !== undefined;
      const hasSpend = ch.spend !== undefined || ch.cpm !== undefined;
      if (hasReach === hasSpend)
        issue(at, "give either 'reach' or both 'spend' and 'cpm' (not both, not neither)");
      else if (hasSpend && (ch.spend === undefined || ch.cpm === undefined))
        issue(at, "'spend' and 'cpm' go together");
      else if (hasSpend && ((ch.spend ?? 0) / (ch.cpm ?? 1)) * 1000 > 10_000_000_000)
        issue([...at, "spend"], "spend / cpm × 1000 reaches more than 10 billion people");
      let sum = 0;
      for (const [seg, w] of Object.entries(ch.mix)) {
        sum += w;
        if (!(seg in s.segments))
          issue(
            [...at, "mix", seg],
            `unknown segment '${seg}' (segments: ${segmentNames.join(", ")})`,
          );
        else if (ch.clickRate * s.segments[seg].clickWeight > 1)
          issue([...at, "clickRate"], `clickRate × segments.${seg}.clickWeight exceeds 1`);
      }
      if (Math.abs(sum - 1) > 1e-9) issue([...at, "mix"], `mix must sum to 1 (it sums to ${sum})`);
    });

    const categories = s.marketing.channels.reduce((n, ch) => n + Object.keys(ch.mix).length, 0);
    if (categories > 255)
      issue(
        ["marketing", "channels"],
        `at most 255 channel × segment pairs in all (got ${categories})`,
      );

    const { daily, hourly } = s.marketing.traffic;
    if (daily !== "uniform" && daily.length !== s.horizon.days)
      issue(
        ["marketing", "traffic", "daily"],
        `needs one weight per day of the horizon (${s.horizon.days}), got ${daily.length}`,
      );
    if (hourly !== "uniform" && hourly.length !== 24)
      issue(["marketing", "traffic", "hourly"], `needs 24 weights, got ${hourly.length}`);
    for (const [key, w] of [
      ["daily", daily],
      ["hourly", hourly],
    ] as const)
      if (w !== "uniform" && !w.some((x) => x > 0))
        issue(["marketing", "traffic", key], "at least one weight must be positive");

    const uplift = s.offer?.uplift ?? 1;
    for (const [name, seg] of Object.entries(s.segments)) {
      if (seg.closeRate * s.sales.skill * uplift > 1)
        issue(["segments", name, "closeRate"], "closeRate × sales.skill × offer.uplift exceeds 1");
      if (seg.directRate * uplift > 1)
        issue(["segments", name, "directRate"], "directRate × offer.uplift exceeds 1");
    }

    const hasConsultants = s.sales.consultants !== undefined;
    if (hasConsultants === (s.sales.shifts !== undefined))
      issue(["sales"], "give either 'consultants' (always on duty) or 'shifts', not both");
    s.sales.shifts?.forEach((sh, i) => {
      if (sh.hours[0] === sh.hours[1])
        issue(["sales", "shifts", i, "hours"], "a shift must have a length (from ≠ to)");
      if (sh.days && (sh.days[0] > sh.days[1] || sh.days[1] > s.horizon.days))
        issue(
          ["sales", "shifts", i, "days"],
          `days must be [first, last] within 1..${s.horizon.days}`,
        );
    });

    s.supply.restock.forEach((r, i) => {
      if (r.day > s.horizon.days)
        issue(
          ["supply", "restock", i, "day"],
          `day ${r.day} is after the horizon (${s.horizon.days} days)`,
        );
    });

    const checkDist = (d: Distribution, path: (string | number)[]) => {
      if (d.dist === "uniform" && d.min > d.max) issue([...path, "max"], "max must be ≥ min");
    };
    checkDist(s.site.session, ["site", "session"]);
    checkDist(s.sales.handleTime, ["sales", "handleTime"]);
    if (s.sales.patience) checkDist(s.sales.patience, ["sales", "patience"]);
  });

/** A validated scenario with every default filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** The scenario as a planner writes it (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
