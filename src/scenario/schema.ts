import * as z from "zod";
import { STAGES } from "../model/stages.js";
import { atMost, BOUNDS, bounded } from "./bounds.js";
import { settleBudget } from "./budget.js";
import { startSchema, timeZoneSchema, weekdaySchema } from "./calendar.js";
import { checkDelays } from "./delays.js";
import { listed, printable, quoted, count as thousands } from "./errors.js";
import { expectSchema } from "./expect.js";
import {
  checkDistribution,
  checkOrderSize,
  costPer,
  count,
  countOrUnlimited,
  type Distribution,
  dayOfHorizon,
  distributionSchema,
  fixedLimit,
  minutes,
  nonNegative,
  orderSizeSchema,
  positive,
  rate,
  upTo,
  whole,
} from "./fields.js";
import { PARAM_NAME, paramNameProblem } from "./formulas.js";
import { label } from "./names.js";
import { studySchema } from "./study.js";
import {
  channelTrafficSchema,
  checkEventCount,
  checkTraffic,
  timeOfDaySchema,
  trafficSchema,
} from "./traffic.js";
import { closestKey } from "./unknownKeys.js";

export { type Distribution, distributionSchema } from "./fields.js";

/** Each stage's own section, by its key (optional: a scenario without it skips the stage). */
const STAGE_SECTIONS = Object.fromEntries(
  STAGES.flatMap((stage) =>
    stage.section ? [[stage.section.key, stage.section.schema.optional()]] : [],
  ),
) as Record<string, z.ZodOptional<z.ZodType>>;

// One parse per run: zod's compiled fast path (new Function per object schema) costs more to
// generate than it saves on a single document.
z.config({ jitless: true });

// The one declaration of the scenario format: types, defaults and bounds live here,
// and both the validator and schema/scenario.schema.json are derived from it.
// Every object is strict: a typo is an error, never a silently applied default.

// Shares of a mix may be rounded by whoever wrote them (1/3 as 0.333333): within this of 1
// they are accepted and scaled to sum to 1 exactly.
const MIX_TOLERANCE = 1e-4;

const channelSchema = z
  .strictObject({
    name: label("a channel's name").describe("Name of the channel, shown in the report"),
    owned: z
      .boolean()
      .default(false)
      .describe(
        "true for a channel whose reach is not bought (an e-mail list, the brand's own followers): it gives reach, not spend or cpm, and is not part of the budget",
      ),
    reach: count("people", BOUNDS.people)
      .optional()
      .describe(
        "People reached, a whole number of people; give either this, or spend and cpm, or spend and cpc",
      ),
    spend: upTo(BOUNDS.money)
      .optional()
      .describe(
        "Money spent on the channel, in the scenario currency; reach = spend / cpm × 1000, or clicks = spend / cpc",
      ),
    cpm: upTo(BOUNDS.cpm, "per thousand people", positive)
      .optional()
      .describe("Cost per thousand people reached, in the scenario currency per 1000 people"),
    cpc: upTo(BOUNDS.cpc, "per click", positive)
      .optional()
      .describe(
        "Cost per click, in the scenario currency per click: with spend, the channel buys spend / cpc clicks (give cpm or cpc, not both)",
      ),
    clickRate: rate("Probability that a reached person clicks through to the site"),
    mix: bounded(
      z
        .record(
          z.string().min(1),
          nonNegative.describe("Share of the channel's audience in this segment: a fraction 0–1"),
        )
        .meta({ maxProperties: BOUNDS.mixShares.max }),
      BOUNDS.mixShares,
      "shares",
    ).describe(
      "Share of the channel's audience in each segment, by segment name: fractions that sum to 1",
    ),
    traffic: channelTrafficSchema.optional(),
  })
  .describe("A channel: the people it reaches, how often they click, which segments they are");

const segmentSchema = z
  .strictObject({
    consultRate: rate("Probability that a visitor who stays on the site asks for a consultation"),
    directRate: rate("Probability that a visitor who does not consult tries to buy directly"),
    closeRate: rate("Probability that a consulted visitor buys (before sales.skill)"),
    clickWeight: upTo(BOUNDS.factor)
      .default(1)
      .describe("Multiplier on the channel's clickRate for this segment: a factor (1 = as is)"),
    price: upTo(
      BOUNDS.price,
      "per unit",
      z.number().positive({ error: "a price is more than 0, in the scenario currency per unit" }),
    )
      .optional()
      .describe(
        "Price of one unit to this segment, in the scenario currency per unit; default supply.price (offer.discount applies)",
      ),
    orderSize: orderSizeSchema
      .optional()
      .describe(
        "Units one purchase takes: {dist: fixed, value: 2}, {dist: uniform, min: 1, max: 3} or {dist: geometric, mean: 1.5} (whole units ≥ 1); default 1",
      ),
    consultDelay: distributionSchema
      .optional()
      .describe(
        "Minutes from the end of the visit to the consultation request (books a call 1–3 days later: {dist: uniform, min: 1440, max: 4320}); default none: at once",
      ),
    purchaseDelay: distributionSchema
      .optional()
      .describe(
        "Minutes from the decision to buy to the purchase attempt (after the consultation, or after the visit for a direct buyer; a B2B close weeks later); default none: at once",
      ),
  })
  .describe("How one segment's visitors behave on the site, and what they buy");

const shiftSchema = z
  .strictObject({
    consultants: count("consultants", BOUNDS.consultants).describe(
      "Consultants on this shift, a whole number of people",
    ),
    hours: z
      .tuple([
        z
          .number()
          .min(0)
          .lt(24)
          .describe("Hour of day the shift starts, 0 ≤ from < 24 (9.5 = 9:30)"),
        z.number().min(0).max(24).describe("Hour of day the shift ends, 0–24 (24 = midnight)"),
      ])
      .describe("Hours of day [from, to), 0–24; from > to means an overnight shift"),
    days: z
      .tuple([
        dayOfHorizon().describe("First day of the shift: 1-based day of the horizon"),
        dayOfHorizon().describe("Last day of the shift (inclusive): 1-based day of the horizon"),
      ])
      .optional()
      .describe(
        "Days of the horizon [first, last], inclusive, 1-based days of the horizon; all days when omitted",
      ),
    weekdays: z
      .array(weekdaySchema)
      .min(1)
      .max(7)
      .optional()
      .describe(
        "Weekdays the shift works (e.g. [mon, tue, wed, thu, fri]), within `days`; every day when omitted (needs horizon.start)",
      ),
  })
  .describe("A shift: how many consultants are on duty, at which hours, on which days");

const sessionSchema = z
  .strictObject({
    day: dayOfHorizon().describe("Day of the session: 1-based day of the horizon"),
    at: timeOfDaySchema.describe('When it starts: "HH:MM", 24-hour clock (e.g. "19:00")'),
    seats: count("seats", BOUNDS.consultants).describe(
      "How many people it takes, a whole number of seats",
    ),
    length: minutes.describe("How long it lasts, in minutes: its attendees decide at its end"),
  })
  .describe(
    "A consultation held at a set time for many at once: a webinar, a group demo, an open day",
  );

const outageSchema = z
  .strictObject({
    day: dayOfHorizon().describe("Day of the outage: 1-based day of the horizon"),
    hours: z
      .tuple([
        z.number().min(0).lt(24).describe("Hour of day it starts, 0 ≤ from < 24 (9.5 = 9:30)"),
        z.number().min(0).max(24).describe("Hour of day it ends, 0–24 (24 = midnight), after from"),
      ])
      .describe("Hours of day [from, to) the site is down"),
  })
  .describe("A window in which the site is down: every arrival is refused");

const restockSchema = z
  .strictObject({
    day: dayOfHorizon().describe(
      "1-based day of the horizon; the units arrive at the start of that day",
    ),
    units: count("units", BOUNDS.units).describe("Units delivered, a whole number of units"),
  })
  .describe("A delivery of stock");

/** `params:` as validated: the formulas evaluated (src/scenario/formulas.ts), a number per name. */
const paramsSchema = bounded(
  z
    .record(
      z
        .string()
        .regex(PARAM_NAME, {
          abort: true,
          error: "a parameter name is letters, digits and _, not starting with a digit",
        })
        .refine((name) => paramNameProblem(name) === undefined, {
          error: (issue) => paramNameProblem(String(issue.input)),
        }),
      z
        .number()
        .describe(
          'A parameter: a number, or a formula over other params ("= budget * 1.2"), in the planner\'s own units',
        ),
    )
    .meta({ maxProperties: BOUNDS.params.max }),
  BOUNDS.params,
  "params",
)
  .prefault({})
  .describe(
    "Named numbers (drivers such as budget, cpm, uplift) that formulas refer to: any number in the scenario may be a formula over them, a string starting with '=', e.g. \"= budget / cpm * 1000\". A parameter may use other params (in any order, without a cycle); units are the planner's own",
  );

const checkedSchema = z
  .strictObject({
    name: label("the scenario's name").describe("Name of the scenario, shown in the report"),
    seed: whole("a whole number from 0 to 4294967295")
      .min(0)
      .max(2 ** 32 - 1)
      .default(1)
      .describe(
        "Random seed, a whole number 0–4294967295: the same seed gives the same run (default 1)",
      ),
    horizon: z
      .strictObject({
        days: whole("a whole number of days")
          .min(1)
          .max(BOUNDS.days.max, { error: atMost(BOUNDS.days, "days") })
          .describe("Length of the simulated campaign, in days (1–366)"),
        start: startSchema.optional(),
        timeZone: timeZoneSchema.optional(),
      })
      .describe("The simulated period"),
    currency: label("the currency")
      .default("RUB")
      .describe(
        "Currency every money figure is in (budget, spend, cpm, prices, costs), e.g. RUB; a label only",
      ),
    marketing: z
      .strictObject({
        budget: upTo(BOUNDS.money)
          .optional()
          .describe(
            "The campaign's total cost, in the scenario currency, for cost per contact, click and sale; when omitted, the sum of the bought channels' spend",
          ),
        channels: bounded(
          z
            .array(channelSchema)
            .min(1)
            .max(BOUNDS.channels.max, { error: atMost(BOUNDS.channels, "channels") }),
          BOUNDS.channels,
          "channels",
        ).describe("The channels that reach people (at least one)"),
        traffic: trafficSchema,
      })
      .describe("The campaign: its budget, its channels and when their clicks arrive"),
    segments: bounded(
      z
        .record(label("a segment's name"), segmentSchema)
        .meta({ maxProperties: BOUNDS.segments.max }),
      BOUNDS.segments,
      "segments",
    ).describe("Audience segments by name (at most 250): how each kind of visitor behaves"),
    site: z
      .strictObject({
        capacity: countOrUnlimited("concurrent sessions", BOUNDS.sessions).describe(
          "Concurrent sessions the hosting serves, a whole number of sessions, or 'unlimited'; a click that finds it full is lost",
        ),
        session: distributionSchema.describe("Session length: a distribution in minutes"),
        outages: bounded(
          z
            .array(outageSchema)
            .max(BOUNDS.outages.max, { error: atMost(BOUNDS.outages, "outages") }),
          BOUNDS.outages,
          "outages",
        )
          .optional()
          .describe(
            "Windows in which the site is down (a crash, a deploy): arrivals then are refused, sessions already open run on",
          ),
        retry: z
          .strictObject({
            share: rate("Share of those turned away who come back once"),
            delay: distributionSchema.describe(
              "How long after being turned away they come back: a distribution in minutes",
            ),
          })
          .optional()
          .describe(
            "People turned away by a full or down site who come back once, after a delay; each is counted once, by how the return ends",
          ),
        bounceRate: rate("Share of served visitors who leave at once (usability)")
          .default(0)
          .describe(
            "Share of served visitors who leave at once (usability): a fraction 0–1 (0.05 for 5 %), default 0",
          ),
        fixed: fixedLimit("the site's capacity"),
        costPerSlotDay: costPer("slot-day")
          .optional()
          .describe(
            "Cost of one concurrent-session slot for one day, in the scenario currency per slot-day (optional: profit and levers; costPerSlot prices a slot for the whole horizon instead)",
          ),
        costPerSlot: costPer("slot")
          .optional()
          .describe(
            "Cost of one concurrent-session slot over the horizon, in the scenario currency per slot (optional, for levers)",
          ),
      })
      .describe("The site (IT/hosting): capacity and session length"),
    sales: z
      .strictObject({
        consultants: countOrUnlimited("consultants", BOUNDS.consultants)
          .optional()
          .describe(
            "Consultants always on duty, a whole number of people, or 'unlimited'; give either this or shifts",
          ),
        shifts: bounded(
          z
            .array(shiftSchema)
            .min(1)
            .max(BOUNDS.shifts.max, { error: atMost(BOUNDS.shifts, "shifts") }),
          BOUNDS.shifts,
          "shifts",
        )
          .optional()
          .describe("Consultants' shifts; give either this or consultants"),
        handleTime: distributionSchema.describe(
          "How long a consultation takes: a distribution in minutes",
        ),
        sessions: bounded(
          z
            .array(sessionSchema)
            .max(BOUNDS.outages.max, { error: atMost(BOUNDS.outages, "sessions") }),
          BOUNDS.outages,
          "sessions",
        )
          .optional()
          .describe(
            "Consultations held at a set time for many at once (a webinar, a group demo): a request made before one waits for it, patience permitting, instead of for a consultant",
          ),
        patience: distributionSchema
          .optional()
          .describe(
            "How long a visitor waits for a consultant before giving up: a distribution in minutes; omitted = waits forever",
          ),
        skill: upTo(BOUNDS.factor)
          .default(1)
          .describe(
            "Multiplier on each segment's closeRate (training, scripts): a factor, default 1",
          ),
        fixed: fixedLimit("the consultants"),
        costPerConsultantHour: costPer("consultant-hour")
          .optional()
          .describe(
            "Cost of one consultant for one hour on duty, busy or not, in the scenario currency per consultant-hour (optional: profit and levers; costPerConsultantDay prices a consultant's day instead)",
          ),
        costPerConsultantDay: costPer("consultant-day")
          .optional()
          .describe(
            "Cost of one consultant for one day, in the scenario currency per consultant-day (optional, for levers)",
          ),
      })
      .describe(
        "Sales: consultants on duty, how long a consultation takes, how long visitors wait",
      ),
    supply: z
      .strictObject({
        stock: countOrUnlimited("units", BOUNDS.units).describe(
          "Units in stock at the start, a whole number of units, or 'unlimited'",
        ),
        price: upTo(BOUNDS.price, "per unit", positive).describe(
          "Price of one unit, in the scenario currency per unit",
        ),
        restock: bounded(
          z
            .array(restockSchema)
            .max(BOUNDS.restocks.max, { error: atMost(BOUNDS.restocks, "restocks") }),
          BOUNDS.restocks,
          "restocks",
        )
          .prefault([])
          .describe("Deliveries of stock during the horizon"),
        unitCost: costPer("unit")
          .optional()
          .describe("Cost of one unit, in the scenario currency per unit (optional, for levers)"),
        fixed: fixedLimit("the stock (a limited edition)"),
      })
      .describe("Supply: stock, restocks and the price of a unit"),
    // The sections stages declare themselves (src/stages/*.ts), each optional.
    ...STAGE_SECTIONS,
    fixedCost: upTo(BOUNDS.money)
      .optional()
      .describe(
        "Costs of the campaign that do not depend on its figures (team, tools, fees), in the scenario currency for the horizon (optional: profit)",
      ),
    offer: z
      .strictObject({
        discount: rate("Price reduction as a share of supply.price")
          .default(0)
          .describe(
            "Price reduction as a share of supply.price: a fraction 0–1 (0.05 for 5 %), default 0",
          ),
        uplift: upTo(BOUNDS.factor)
          .default(1)
          .describe(
            "Multiplier on directRate and closeRate (the offer runs over the whole horizon): a factor, default 1",
          ),
      })
      .optional()
      .describe("A promotion over the whole horizon: a discount and its effect on buying"),
    study: studySchema.optional(),
    expect: expectSchema.optional(),
    params: paramsSchema,
  })
  .superRefine((s, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    for (const stage of STAGES) {
      const section = stage.section;
      const value = section && (s as Record<string, unknown>)[section.key];
      if (section?.check && value !== undefined)
        section.check(value, (path, message) => issue([section.key, ...path], message), s);
    }
    const segmentNames = Object.keys(s.segments);
    if (segmentNames.length === 0) issue(["segments"], "at least one segment is required");

    // Pairs first: beyond 255 of them, naming each unknown segment (and what it may stand
    // for, among up to 250 names) is work for a scenario that is refused anyway.
    const categories = s.marketing.channels.reduce((n, ch) => n + Object.keys(ch.mix).length, 0);
    if (categories > 255)
      issue(
        ["marketing", "channels"],
        `at most 255 channel × segment pairs in all (got ${thousands(categories)}): the kernels number them with a byte`,
      );

    s.marketing.channels.forEach((ch, i) => {
      const at = ["marketing", "channels", i];
      const hasReach = ch.reach !== undefined;
      const hasSpend = ch.spend !== undefined || ch.cpm !== undefined || ch.cpc !== undefined;
      if (ch.owned && hasSpend)
        issue(
          [...at, ch.spend !== undefined ? "spend" : ch.cpm !== undefined ? "cpm" : "cpc"],
          ch.cpc === undefined
            ? "an owned channel's reach is not bought: give 'reach', not 'spend' or 'cpm'"
            : "an owned channel's reach and clicks are not bought: give 'reach', not 'spend' or 'cpc'",
        );
      else if (ch.owned && !hasReach) issue(at, "an owned channel gives 'reach'");
      else if (ch.cpm !== undefined && ch.cpc !== undefined)
        issue(
          [...at, "cpc"],
          "give 'cpm' (cost per thousand people reached) or 'cpc' (cost per click), not both",
        );
      else if (hasReach === hasSpend)
        issue(
          at,
          ch.cpc === undefined
            ? "give either 'reach' or both 'spend' and 'cpm' (not both, not neither)"
            : "give either 'reach' or both 'spend' and 'cpc' (not both)",
        );
      else if (ch.cpc !== undefined && ch.spend === undefined)
        issue(at, "'spend' and 'cpc' go together: the channel buys spend / cpc clicks");
      else if (hasSpend && ch.cpc === undefined && ch.cpm === undefined)
        issue(
          at,
          "'spend' needs 'cpm' (cost per thousand people reached) or 'cpc' (cost per click)",
        );
      else if (hasSpend && ch.cpc === undefined && ch.spend === undefined)
        issue(at, "'spend' and 'cpm' go together");
      else if (
        hasSpend &&
        ch.cpc === undefined &&
        ((ch.spend ?? 0) / (ch.cpm ?? 1)) * 1000 > 10_000_000_000
      )
        issue([...at, "spend"], "spend / cpm × 1000 reaches more than 10 billion people");
      else if (ch.cpc !== undefined && ch.cpc > 0 && categories <= 255) {
        // Bought clicks: reach = clicks / P(click), so P(click) must be above 0.
        const clickProb = Object.entries(ch.mix).reduce(
          (p, [seg, w]) =>
            Object.hasOwn(s.segments, seg) ? p + w * ch.clickRate * s.segments[seg].clickWeight : p,
          0,
        );
        const clicks = (ch.spend ?? 0) / ch.cpc;
        if (!(clickProb > 0))
          issue(
            [...at, "clickRate"],
            "a channel that buys clicks (cpc) needs a click rate above 0: clickRate × its segments' clickWeight is 0, so no reach would bring the clicks bought",
          );
        else if (clicks / clickProb > 10_000_000_000)
          issue(
            [...at, "spend"],
            `spend / cpc buys ${thousands(Math.round(clicks))} clicks; at this click rate that is more than 10 billion people reached`,
          );
      }
      let sum = 0;
      for (const [seg, w] of Object.entries(ch.mix)) {
        sum += w;
        if (categories > 255) continue;
        if (!Object.hasOwn(s.segments, seg)) {
          const meant = closestKey(seg, segmentNames);
          issue(
            [...at, "mix", seg],
            meant
              ? `unknown segment ${quoted(seg)}: did you mean ${printable(meant)}?`
              : `unknown segment ${quoted(seg)} (segments: ${listed(segmentNames)})`,
          );
        }
        // A clickRate above 1 is reported by itself; its product would say it again.
        else if (ch.clickRate <= 1 && ch.clickRate * s.segments[seg].clickWeight > 1)
          issue(
            [...at, "clickRate"],
            `clickRate × segments.${printable(seg)}.clickWeight exceeds 1`,
          );
      }
      if (Math.abs(sum - 1) > MIX_TOLERANCE)
        issue(
          [...at, "mix"],
          Math.abs(sum - 100) <= 100 * MIX_TOLERANCE
            ? `mix must sum to 1 (it sums to ${sum}): shares are fractions, 0.6 for 60 %`
            : `mix must sum to 1 (it sums to ${sum})`,
        );
    });

    const budget = settleBudget(s.marketing);
    if (budget.missing) issue(["marketing"], budget.missing);

    checkTraffic(
      s.marketing.traffic,
      s.horizon.days,
      ["marketing", "traffic"],
      issue,
      s.horizon.start,
    );
    s.marketing.channels.forEach((ch, i) => {
      if (ch.traffic)
        checkTraffic(
          ch.traffic,
          s.horizon.days,
          ["marketing", "channels", i, "traffic"],
          issue,
          s.horizon.start,
        );
    });
    checkEventCount(s.marketing.traffic, s.marketing.channels, issue);

    const uplift = s.offer?.uplift ?? 1;
    for (const [name, seg] of Object.entries(s.segments)) {
      if (seg.closeRate <= 1 && seg.closeRate * s.sales.skill * uplift > 1)
        issue(["segments", name, "closeRate"], "closeRate × sales.skill × offer.uplift exceeds 1");
      if (seg.directRate <= 1 && seg.directRate * uplift > 1)
        issue(["segments", name, "directRate"], "directRate × offer.uplift exceeds 1");
      if (seg.orderSize) checkOrderSize(seg.orderSize, ["segments", name, "orderSize"], issue);
      checkDelays(seg, ["segments", name], s.horizon.days, issue);
    }

    const hasConsultants = s.sales.consultants !== undefined;
    if (hasConsultants === (s.sales.shifts !== undefined))
      issue(["sales"], "give either 'consultants' (always on duty) or 'shifts', not both");
    // Every consultant of every shift is a seat, its hours laid out day by day: the bounds
    // hold for the shifts together, not only one by one.
    let seats = 0;
    let seatDays = 0;
    s.sales.shifts?.forEach((sh) => {
      seats += sh.consultants;
      const [first, last] = sh.days ?? [1, s.horizon.days];
      seatDays += sh.consultants * Math.max(1, last - first + 1);
    });
    // A shift over the bound by itself is reported as such; the total would say it again.
    const eachWithin = (s.sales.shifts ?? []).every(
      (sh) => sh.consultants <= BOUNDS.consultants.max,
    );
    if (eachWithin && seats > BOUNDS.consultants.max)
      issue(
        ["sales", "shifts"],
        `${atMost(BOUNDS.consultants, "consultants on all shifts together")} (got ${thousands(seats)})`,
      );
    else if (eachWithin && seatDays > BOUNDS.consultantDays.max)
      issue(
        ["sales", "shifts"],
        `${atMost(BOUNDS.consultantDays, "consultant-days on all shifts together (consultants × days of each shift)")} (got ${thousands(seatDays)})`,
      );
    s.sales.sessions?.forEach((session, i) => {
      if (session.day > s.horizon.days)
        issue(
          ["sales", "sessions", i, "day"],
          `day ${session.day} is after the horizon's last day (${s.horizon.days})`,
        );
    });
    s.sales.shifts?.forEach((sh, i) => {
      if (sh.weekdays && s.horizon.start === undefined)
        issue(
          ["sales", "shifts", i, "weekdays"],
          'weekdays need the date of day 1: give horizon.start, e.g. "2027-03-01"',
        );
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

    const checkDist = (d: Distribution, path: (string | number)[]) =>
      checkDistribution(d, path, issue);
    checkDist(s.site.session, ["site", "session"]);
    if (s.site.retry) checkDist(s.site.retry.delay, ["site", "retry", "delay"]);
    s.site.outages?.forEach((o, i) => {
      if (o.day > s.horizon.days)
        issue(
          ["site", "outages", i, "day"],
          `day ${o.day} is after the horizon's last day (${s.horizon.days})`,
        );
      if (o.hours[1] <= o.hours[0])
        issue(
          ["site", "outages", i, "hours"],
          "an outage ends after it starts on the same day (split one across midnight in two)",
        );
    });
    checkDist(s.sales.handleTime, ["sales", "handleTime"]);
    if (s.sales.patience) checkDist(s.sales.patience, ["sales", "patience"]);
  });

/**
 * A mix's shares scaled to sum to 1. One that already does, up to the rounding of adding its
 * shares, is left as written: dividing by 0.9999999999999999 would move every share by an ulp
 * and with it every run of a scenario that was exact before the tolerance existed.
 */
function normaliseMix(mix: Record<string, number>): Record<string, number> {
  const shares = Object.values(mix);
  const sum = shares.reduce((a, w) => a + w, 0);
  if (Math.abs(sum - 1) <= shares.length * Number.EPSILON) return mix;
  return Object.fromEntries(Object.entries(mix).map(([seg, w]) => [seg, w / sum]));
}

/** The scenario format: validated, then mixes normalised and the budget settled. */
export const scenarioSchema = checkedSchema.transform((s) => ({
  ...s,
  marketing: {
    ...s.marketing,
    budget: settleBudget(s.marketing).budget,
    channels: s.marketing.channels.map((ch) => ({ ...ch, mix: normaliseMix(ch.mix) })),
  },
}));

/** A validated scenario with every default filled in. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** The scenario as a planner writes it (defaults optional). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
