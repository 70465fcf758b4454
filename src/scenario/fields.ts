// The building blocks of the scenario format: rates, counts, money and durations, each with
// its bound and the message a planner reads. schema.ts and the stages' own sections
// (src/stages/*.ts) build their fields from these, so every section speaks the same way.
import * as z from "zod";
import {
  atMost,
  BOUNDS,
  type Bound,
  MAX_SD_RATIO,
  MIN_MINUTES,
  MIN_MONEY,
  MIN_SD_RATIO,
} from "./bounds.js";
import { shown, count as thousands } from "./errors.js";

// Every field carries a description with its unit: yaml-language-server shows it on hover.
// A default on a field whose schema is gated by its length (src/scenario/bounds.ts) is a
// prefault: the same value, parsed like one written, and one that zod's JSON Schema keeps
// (it drops the defaults of schemas that transform, and a gate is a transform).

/** Rates are fractions; a planner who writes a percentage (50, or "50%") is told what to write. */
const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;
const asFraction = (percent: number) =>
  `a rate is a fraction between 0 and 1: write ${Number((percent / 100).toPrecision(12))} for ${percent} %`;
const rateOutOfRange = (issue: { input?: unknown }) => {
  const v = issue.input;
  return typeof v === "number" && v > 1 && v <= 100
    ? asFraction(v)
    : "expected a fraction between 0 and 1";
};
const ratePercentString = (issue: { code?: string; input?: unknown }) => {
  const percent = typeof issue.input === "string" ? PERCENT.exec(issue.input) : null;
  return issue.code === "invalid_type" && percent ? asFraction(Number(percent[1])) : undefined;
};
export const rate = (description: string) =>
  z
    .number({ error: ratePercentString })
    .min(0, { error: rateOutOfRange })
    .max(1, { error: rateOutOfRange })
    .describe(`${description}: a fraction 0–1 (0.05 for 5 %)`);

export const nonNegative = z.number().min(0);
export const positive = z.number().positive();
/** A non-negative number of at most `bound.max` `unit`, the message saying why. */
export const upTo = (bound: Bound, unit = "", schema = nonNegative) =>
  schema.max(bound.max, { error: atMost(bound, unit) });

/** An amount of money per unit: 0 (free), or at least MIN_MONEY, and at most `bound.max`. */
export const costPer = (unit: string) =>
  upTo(BOUNDS.cost, `per ${unit}`).refine((v) => v === 0 || v >= MIN_MONEY, {
    error: (issue) =>
      `write 0, or at least ${MIN_MONEY.toFixed(6)}: a smaller cost makes the revenue per unit of money it returns infinite (got ${shown(issue.input)})`,
  });

/** A whole number of something: a fractional value is told what it counts, in the planner's words. */
export const whole = (of: string) =>
  z.int({ error: (issue) => (issue.code === "invalid_type" ? `expected ${of}` : undefined) });
export const count = (noun: string, bound: Bound) =>
  whole(`a whole number of ${noun}`)
    .min(0)
    .max(bound.max, { error: atMost(bound, noun) });
export const unlimited = z.literal("unlimited");
export const countOrUnlimited = (noun: string, bound: Bound) =>
  z.union([count(noun, bound), unlimited], {
    error: (issue) =>
      typeof issue.input === "number"
        ? `expected a whole number of ${noun}, or 'unlimited'`
        : "expected a whole number ≥ 0 or 'unlimited'",
  });
export const dayOfHorizon = () => whole("a whole number: a 1-based day of the horizon").min(1);

// Durations are capped at a million minutes (~2 years): far beyond any session, call or
// patience, and small enough that draws stay finite in the engine's 32-bit columns.
export const minutes = upTo(BOUNDS.minutes, "minutes");
// A sampled distribution's mean and sd are at least MIN_MINUTES: gamma's shape (mean²/sd²)
// underflows to 0 for a mean of 1e-200 and its sampler throws. A fixed or uniform duration
// may be any length from 0: it is used as written.
export const sampledMinutes = upTo(
  BOUNDS.minutes,
  "minutes",
  z.number().min(MIN_MINUTES, {
    error: `at least ${MIN_MINUTES} minutes (0.06 seconds): a shorter mean or sd leaves the sampler nothing to draw from (use {dist: fixed, value: 0} for no time at all)`,
  }),
);

/** A duration distribution, parameters in minutes. */
export const distributionSchema = z
  .discriminatedUnion("dist", [
    z
      .strictObject({
        dist: z.literal("fixed").describe("fixed: every duration is the same"),
        value: minutes.describe("The duration, in minutes"),
      })
      .describe("A fixed duration, in minutes"),
    z
      .strictObject({
        dist: z.literal("exponential").describe("exponential: memoryless, most short, a few long"),
        mean: sampledMinutes.describe("Mean duration, in minutes"),
      })
      .describe("An exponential duration, in minutes"),
    z
      .strictObject({
        dist: z.literal("lognormal").describe("lognormal: skewed, a long tail of long durations"),
        mean: sampledMinutes.describe("Mean duration, in minutes (of the duration, not its log)"),
        sd: sampledMinutes.describe("Standard deviation of the duration, in minutes"),
      })
      .describe("A lognormal duration, in minutes"),
    z
      .strictObject({
        dist: z.literal("uniform").describe("uniform: any duration between min and max alike"),
        min: minutes.describe("Shortest duration, in minutes"),
        max: minutes.describe("Longest duration, in minutes (≥ min)"),
      })
      .describe("A uniform duration, in minutes"),
    z
      .strictObject({
        dist: z.literal("gamma").describe("gamma: skewed, a lighter tail than lognormal"),
        mean: sampledMinutes.describe("Mean duration, in minutes"),
        sd: sampledMinutes.describe("Standard deviation of the duration, in minutes"),
      })
      .describe("A gamma duration, in minutes"),
  ])
  .describe("A duration distribution, parameters in minutes");
export type Distribution = z.infer<typeof distributionSchema>;

/** Checks across a distribution's fields: issue(path, message) for each problem. */
export function checkDistribution(
  d: Distribution,
  path: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (d.dist === "uniform" && d.min > d.max) issue([...path, "max"], "max must be ≥ min");
  // Only between means and sds within their own bounds (those outside are reported).
  if (
    (d.dist === "lognormal" || d.dist === "gamma") &&
    d.mean >= MIN_MINUTES &&
    d.sd >= MIN_MINUTES
  ) {
    const ratio = d.sd / d.mean;
    if (ratio < MIN_SD_RATIO)
      issue(
        [...path, "sd"],
        `sd must be at least ${MIN_SD_RATIO} × mean (got ${ratio.toPrecision(3)} × mean): a ${d.dist} that narrow cannot be sampled, write {dist: fixed, value: ${d.mean}}`,
      );
    else if (ratio > MAX_SD_RATIO)
      issue(
        [...path, "sd"],
        `sd must be at most ${thousands(MAX_SD_RATIO)} × mean (got ${thousands(Math.round(ratio))} × mean): nearly every draw would be 0 and the mean would rest on draws too rare to occur in a run`,
      );
  }
}

/**
 * `fixed: true` marks a limit that cannot move (a limited edition, a contract): explain never
 * lifts it, offers no lever for it, and reports it as a given.
 */
export const fixedLimit = (what: string) =>
  z
    .boolean()
    .optional()
    .describe(
      `true when ${what} cannot change (a given): explain then never lifts it or offers a lever for it`,
    );

/** A whole number of units in one order, from 1 to BOUNDS.orderUnits.max. */
const orderUnits = whole("a whole number of units (1 or more)")
  .min(1, { error: "an order is at least 1 unit" })
  .max(BOUNDS.orderUnits.max, { error: atMost(BOUNDS.orderUnits, "units") });

/**
 * How many units one purchase takes: a discrete distribution of whole units ≥ 1. `fixed` (every
 * order the same), `uniform` (each whole number from min to max alike) and `geometric` (1 plus a
 * geometric count: most orders are one unit, a few are large; given by its mean ≥ 1).
 */
export const orderSizeSchema = z
  .discriminatedUnion(
    "dist",
    [
      z
        .strictObject({
          dist: z.literal("fixed").describe("fixed: every order takes the same number of units"),
          value: orderUnits.describe("Units per order, a whole number ≥ 1"),
        })
        .describe("Every order takes the same number of units"),
      z
        .strictObject({
          dist: z.literal("uniform").describe("uniform: each whole number from min to max alike"),
          min: orderUnits.describe("Fewest units in an order, a whole number ≥ 1"),
          max: orderUnits.describe("Most units in an order, a whole number ≥ min"),
        })
        .describe("Each whole number of units from min to max, alike"),
      z
        .strictObject({
          dist: z
            .literal("geometric")
            .describe(
              "geometric: most orders are one unit, a few are large (1 + a geometric count)",
            ),
          mean: upTo(
            BOUNDS.orderUnits,
            "units",
            z.number().min(1, { error: "a mean order is at least 1 unit" }),
          ).describe("Mean units per order, ≥ 1 (1 = every order is one unit)"),
        })
        .describe("1 + a geometric count of units, with the given mean: most orders are small"),
    ],
    {
      error: (issue) =>
        typeof issue.input === "number"
          ? `expected a distribution of units per order: write {dist: fixed, value: ${issue.input}} for ${issue.input} units every order`
          : undefined,
    },
  )
  .describe("Units per purchase: a distribution of whole numbers ≥ 1");
export type OrderSize = z.infer<typeof orderSizeSchema>;

/** Checks across an order size's fields: issue(path, message) for each problem. */
export function checkOrderSize(
  d: OrderSize,
  path: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  if (d.dist === "uniform" && d.min > d.max)
    issue([...path, "max"], `max must be ≥ min (${d.min} units)`);
}

/** Mean units per order. */
export function meanOrderSize(d: OrderSize): number {
  if (d.dist === "fixed") return d.value;
  if (d.dist === "uniform") return (d.min + d.max) / 2;
  return d.mean;
}
