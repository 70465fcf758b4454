// When clicks arrive: the campaign's traffic profile (`marketing.traffic`) and a channel's own
// (`marketing.channels[i].traffic`), each daily × hourly weights plus events: spikes that start
// at a given minute and decay exponentially (a limited drop at 10:00, an e-mail blast).
import * as z from "zod";
import { atMost, BOUNDS, type Bound, bounded } from "./bounds.js";
import { type Weekday, weekdayWeightsSchema } from "./calendar.js";
import { count as thousands } from "./errors.js";
import { dayOfHorizon, rate, upTo } from "./fields.js";

/** Weights are one per day of the horizon (at most 366) or one per hour (24). */
const WEIGHTS: Bound = {
  max: BOUNDS.days.max,
  why: "one per day of the horizon, and a horizon is at most 366 days",
};

/** Traffic events in a scenario (the campaign's and every channel's together). */
export const EVENTS: Bound = {
  max: 1_000,
  why: "a spike every hour for 40 days; each event is one more entry of every channel's traffic table",
};

const weights = (one: string) =>
  bounded(
    z.union(
      [
        z.literal("uniform"),
        z
          .array(
            upTo(BOUNDS.weight).describe(`Relative weight of ${one} (≥ 0; only ratios matter)`),
          )
          .min(1)
          .max(WEIGHTS.max, { error: atMost(WEIGHTS, "weights") }),
      ],
      { error: "expected 'uniform' or a list of non-negative weights" },
    ),
    WEIGHTS,
    "weights",
  );

/** "HH:MM", 24-hour clock: 0:00 to 23:59 (one or two digits for the hour). */
const TIME_OF_DAY = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** Minute of the day of a validated "HH:MM". */
export function minuteOfDay(at: string): number {
  const [h, m] = at.split(":");
  return Number(h) * 60 + Number(m);
}

/** A time of day as a scenario writes it: "HH:MM", 24-hour clock. */
export const timeOfDaySchema = z
  .string({ error: 'expected a time of day "HH:MM" in quotes, e.g. "10:00"' })
  .regex(TIME_OF_DAY, {
    error: 'expected a time of day "HH:MM" from "00:00" to "23:59", e.g. "10:00"',
  });

const eventSchema = z
  .strictObject({
    day: dayOfHorizon().describe("1-based day of the horizon the spike starts on"),
    at: timeOfDaySchema.describe(
      'Minute of the day the spike starts: "HH:MM", 24-hour clock (e.g. "10:00")',
    ),
    share: rate(
      "Share of the clicks (of the channel, or of each channel following the campaign's profile) that arrive with this spike; the rest follow daily × hourly",
    ),
    halfLife: upTo(
      BOUNDS.minutes,
      "minutes",
      z.number().positive({
        error:
          "expected minutes above 0: the time after which the spike's clicks per minute have halved",
      }),
    ).describe(
      "Minutes after which the spike's clicks per minute have halved: they decay exponentially from its start (to the end of the horizon)",
    ),
  })
  .describe("A spike of clicks: from a given minute on, decaying exponentially");

const events = bounded(
  z.array(eventSchema).max(EVENTS.max, { error: atMost(EVENTS, "events") }),
  EVENTS,
  "events",
).describe(
  "Spikes of clicks (a limited drop, an e-mail blast): each takes its share of the clicks from its minute on; the shares add up to at most 1",
);

export const trafficSchema = z
  .strictObject({
    daily: weights("one day")
      .prefault("uniform")
      .describe("Relative weight of each day of the horizon (one per day), or 'uniform'"),
    hourly: weights("one hour")
      .prefault("uniform")
      .describe("Relative weight of each hour of the day (24 values, hour 0 first), or 'uniform'"),
    weekdays: weekdayWeightsSchema.optional(),
    events: events.optional(),
  })
  .prefault({ daily: "uniform", hourly: "uniform" })
  .describe(
    "When clicks arrive: relative weights by day of the horizon and hour of day, and spikes (events)",
  );

/** A channel's own profile: each key given replaces the campaign's. */
export const channelTrafficSchema = z
  .strictObject({
    daily: weights("one day")
      .optional()
      .describe("Relative weight of each day of the horizon (one per day), or 'uniform'"),
    hourly: weights("one hour")
      .optional()
      .describe("Relative weight of each hour of the day (24 values, hour 0 first), or 'uniform'"),
    weekdays: weekdayWeightsSchema.optional(),
    events: events.optional(),
  })
  .describe(
    "This channel's own traffic profile: each of daily, hourly and events given here replaces the campaign's (marketing.traffic) for this channel",
  );

type Weights = "uniform" | number[];
export interface TrafficEvent {
  day: number;
  at: string;
  share: number;
  halfLife: number;
}
export interface Traffic {
  daily?: Weights;
  hourly?: Weights;
  weekdays?: Partial<Record<Weekday, number>>;
  events?: TrafficEvent[];
}

/** Checks a traffic profile against the horizon: issue(path, message) for each problem. */
export function checkTraffic(
  traffic: Traffic,
  days: number,
  at: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
  start?: string,
): void {
  const { daily, hourly } = traffic;
  if (traffic.weekdays && start === undefined)
    issue(
      [...at, "weekdays"],
      'weekday weights need the date of day 1: give horizon.start, e.g. "2027-03-01"',
    );
  if (daily !== undefined && daily !== "uniform" && daily.length !== days)
    issue(
      [...at, "daily"],
      `needs one weight per day of the horizon (${days}), got ${daily.length}`,
    );
  if (hourly !== undefined && hourly !== "uniform" && hourly.length !== 24)
    issue([...at, "hourly"], `needs 24 weights, got ${hourly.length}`);
  for (const [key, w] of [
    ["daily", daily],
    ["hourly", hourly],
  ] as const)
    if (w !== undefined && w !== "uniform" && !w.some((x) => x > 0))
      issue([...at, key], "at least one weight must be positive");
  let shares = 0;
  traffic.events?.forEach((e, i) => {
    shares += e.share;
    if (e.day > days)
      issue([...at, "events", i, "day"], `day ${e.day} is after the horizon (${days} days)`);
  });
  // A share above 1 is reported by itself; a rounding of thirds (0.333333) is not an excess.
  const eachWithin = traffic.events?.every((e) => e.share <= 1) ?? true;
  if (eachWithin && shares > 1 + 1e-9)
    issue(
      [...at, "events"],
      `the events' shares add up to ${Number(shares.toPrecision(12))}: at most 1, since each is a share of the same clicks (the rest follow daily × hourly)`,
    );
}

/** Events of a scenario in all: the campaign's and each channel's own. */
export function checkEventCount(
  campaign: Traffic,
  channels: readonly { traffic?: Traffic }[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const n = channels.reduce(
    (sum, ch) => sum + (ch.traffic?.events?.length ?? 0),
    campaign.events?.length ?? 0,
  );
  if (n > EVENTS.max)
    issue(
      ["marketing"],
      `${atMost(EVENTS, "traffic events in all, the campaign's and the channels' together")} (got ${thousands(n)})`,
    );
}
