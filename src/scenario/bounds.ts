import * as z from "zod";
import { count } from "./errors.js";

// Upper bounds on every count and amount a scenario gives, each with the reason no real plan
// comes near it. Without them a short file could ask for a billion consultants (minutes of
// work and gigabytes before the first visitor), a list of 100,000 channels (the validator's
// stack), or a price whose revenue is Infinity. Each message names the bound and the reason,
// so a planner who meets one knows it is not arbitrary.
//
// Lists and mappings are bounded by their length before any item is checked (see `bounded`):
// checking 100,000 items to then say "at most 255" is the work the bound is there to avoid.

/** A bound: the most allowed, and why no real plan needs more. */
export interface Bound {
  max: number;
  why: string;
}

export const BOUNDS = {
  channels: {
    max: 255,
    why: "each channel has at least one channel × segment pair, and the kernels number those pairs with a byte",
  },
  segments: {
    max: 250,
    why: "the kernels number channel × segment pairs with a byte (255 pairs in all)",
  },
  mixShares: {
    max: 250,
    why: "a mix gives a share per segment, and there are at most 250 segments",
  },
  shifts: {
    max: 1_000,
    why: "that is beyond any contact centre's rota, and each shift's hours are laid out day by day before a run",
  },
  consultants: {
    max: 100_000,
    why: "a consultant is a seat in the kernels' heap; 100,000 is far beyond any contact centre",
  },
  consultantDays: {
    max: 10_000_000,
    why: "each consultant's hours on duty are laid out day by day before a run (16 bytes each)",
  },
  restocks: { max: 10_000, why: "a delivery every hour of a 366-day horizon is 8,784" },
  outages: { max: 10_000, why: "an outage every hour of a 366-day horizon is 8,784" },
  days: { max: 366, why: "a campaign is simulated hour by hour over at most a year" },
  sessions: { max: 100_000_000, why: "a hundred million at once is beyond any site" },
  units: {
    max: 100_000_000_000,
    why: "units are counted exactly as whole numbers, and the stock with 10,000 such deliveries stays below 2^53",
  },
  people: { max: 10_000_000_000, why: "that is more people than live on Earth" },
  price: {
    max: 1_000_000_000,
    why: "that is beyond any product's price, and it keeps revenue (purchases × price) a finite number",
  },
  cost: {
    max: 1_000_000_000,
    why: "that is beyond any unit's cost, and it keeps every cost and return per unit of money finite",
  },
  money: {
    max: 10_000_000_000_000,
    why: "ten trillion is beyond any campaign, and it keeps every cost per contact, click and sale finite",
  },
  cpc: {
    max: 1_000_000_000,
    why: "a click costs less than that on any channel, and it keeps clicks = spend / cpc meaningful",
  },
  orderUnits: {
    max: 1_000_000,
    why: "that is beyond any single order, and it keeps units sold (orders × units) exact and finite",
  },
  cpm: {
    max: 1_000_000_000,
    why: "a thousand people cost less than that on any channel, and it keeps reach = spend / cpm × 1000 meaningful",
  },
  factor: {
    max: 1_000_000,
    why: "a rate times factors must stay at most 1 anyway, and the bound keeps every product finite",
  },
  weight: {
    max: 1_000_000_000,
    why: "only the ratios of weights matter, and the bound keeps their sum finite",
  },
  minutes: {
    max: 1_000_000,
    why: "about two years, far beyond any session, call or patience; durations are kept in the kernels' 32-bit columns",
  },
  params: {
    max: 1_000,
    why: "a scenario's drivers are a handful, and each is evaluated when it is read",
  },
  variants: { max: 1_000, why: "each variant is a run of the whole scenario" },
  variantKeys: {
    max: 1_000,
    why: "a variant changes a few keys; one that changes more is a scenario of its own",
  },
  varyKeys: { max: 100, why: "with two values each, 100 keys would make 2^100 points" },
  varyValues: {
    max: 10_000,
    why: "a grid may have at most 10,000 points unless --max-points allows more",
  },
} as const satisfies Record<string, Bound>;

/** The smallest duration parameter of a sampled distribution, in minutes (0.06 seconds). */
export const MIN_MINUTES = 0.001;
/**
 * A lognormal's or gamma's sd is at least this times its mean: below it ln(1 + sd²/mean²), the
 * lognormal's σ², is 0 in floating point and the sampler has no distribution to draw from.
 */
export const MIN_SD_RATIO = 1e-6;
/**
 * …and at most this times its mean: beyond it nearly every draw is 0 and the mean rests on
 * draws too rare to occur in a run, so a run would not have the mean that was written.
 */
export const MAX_SD_RATIO = 10_000;
/** Money below this (and above 0) is not money; a cost per unit that small makes returns per money infinite. */
export const MIN_MONEY = 0.000001;

/** "at most 255 channels: why" */
export const atMost = (bound: Bound, noun = "") =>
  `at most ${count(bound.max)}${noun ? ` ${noun}` : ""}: ${bound.why}`;

/**
 * `schema` behind a gate that refuses a list longer than `bound.max` (or a mapping with more
 * keys) at once, before a single item is checked: the gate's issue stops the pipe, so the
 * items are never looked at, and none of the checks above it run on an unchecked value.
 */
export function bounded<T extends z.ZodType>(
  schema: T,
  bound: Bound,
  noun: string,
): z.ZodType<z.output<T>, z.input<T>> {
  // Typed as the schema it gates: what is written and what comes out are the schema's own.
  return z.preprocess((value, ctx) => {
    const size = Array.isArray(value)
      ? value.length
      : value !== null && typeof value === "object"
        ? Object.keys(value).length
        : 0;
    if (size > bound.max)
      ctx.addIssue({
        code: "custom",
        message: `${atMost(bound, noun)} (got ${count(size)})`,
        input: value,
      });
    return value;
  }, schema);
}
