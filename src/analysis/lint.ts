import { DAY_MIN, type Plan, SLOT_MIN } from "../core/plan.js";
import { meanOf } from "../rng/samplers.js";
import { meanOrderSize } from "../scenario/fields.js";
import type { Scenario } from "../scenario/schema.js";
import { erlangB, erlangC } from "./erlang.js";

// The plan's own figures, before any run: what the budget buys per contact and per click,
// and the busiest hour, the consultants' hours and the stock against what the traffic implies
// (the article's checklist, as a linter). Expected values only: no run, no randomness.

/** Blocking above this share of the busiest hour's arrivals is worth a warning. */
export const BLOCKING_LIMIT = 0.01;
/** Erlang C: P(wait > 0) above this share ("most wait") is worth a warning. */
export const MOST_WAIT = 0.5;

export type LintClass = "hosting" | "consultants" | "stock";
export const LINT_CLASSES: readonly LintClass[] = ["hosting", "consultants", "stock"];

/** An hour of the horizon: 1-based day and hour of day. */
export interface Hour {
  day: number;
  hour: number;
}

export interface PlanFigures {
  currency: string;
  /** budget / people reached by bought channels (null with none bought). */
  costPerContact: number | null;
  /** budget / expected clicks of bought channels. */
  costPerClick: number | null;
  expectedClicks: number;
  /** The hour with the most expected clicks. */
  busiestHour: Hour & { clicks: number };
  site: {
    /** Erlangs: clicks per minute in the busiest hour × share staying (not bounced) × mean session. */
    offeredLoad: number;
    capacity: number | "unlimited";
    /** Erlang B blocking at that load (null when unlimited). */
    blocking: number | null;
  };
  consultants: {
    /** Hours in which some request is expected (the others have nothing to serve). */
    hoursWithRequests: number;
    /** Of those, hours with someone on duty whose offered load reaches the staff on duty. */
    overloaded: number;
    /** Of those, hours with no one on duty (every request in them waits for a later shift). */
    unstaffedHours: number;
    /** Of the others, hours in which Erlang C says most requests wait. */
    mostWait: number;
    /** The staffed hour with the highest load per consultant on duty. */
    worst: (Hour & { load: number; staff: number; requests: number }) | null;
    /** Expected requests in hours with no one on duty. */
    unstaffedRequests: number;
    unlimited: boolean;
    /** The scenario holds sessions (webinars) too, which this count leaves out. */
    sessions: boolean;
  };
  stock: {
    /** Expected purchase attempts, with no one turned away before the stock. */
    attempts: number;
    /** Expected units those attempts ask for. */
    demand: number;
    /** Stock at the start plus every restock. */
    available: number | "unlimited";
  };
  warnings: LintClass[];
}

/** Expected clicks per hour slot of the horizon (events counted in the hour they start). */
function clicksBySlot(plan: Plan): Float64Array {
  const slots = plan.days * 24;
  const out = new Float64Array(slots);
  plan.channels.forEach((ch, i) => {
    const table = plan.slotTables[plan.channelProfile[i]];
    const n = table.prob.length;
    const p = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      p[j] += table.prob[j];
      if (table.alias[j] !== j) p[table.alias[j]] += 1 - table.prob[j];
    }
    const clicks = ch.reach * ch.clickProb;
    for (let j = 0; j < n; j++) {
      const slot =
        j < slots ? j : Math.floor((plan.eventStartMin[j - slots] ?? 0) / SLOT_MIN) % slots;
      out[slot] += (clicks * p[j]) / n;
    }
  });
  return out;
}

/** Consultant-hours on duty in each hour slot (a seat on duty half an hour counts 0.5). */
function staffBySlot(plan: Plan): Float64Array {
  const slots = plan.days * 24;
  const out = new Float64Array(slots);
  for (let k = 0; k + 1 < plan.seatStart.length; k++)
    for (let i = 2 * plan.seatStart[k]; i < 2 * plan.seatStart[k + 1]; i += 2) {
      const from = plan.seatIntervals[i];
      const to = Math.min(plan.seatIntervals[i + 1], slots * SLOT_MIN);
      for (let s = Math.floor(from / SLOT_MIN); s * SLOT_MIN < to && s < slots; s++) {
        const overlap = Math.min(to, (s + 1) * SLOT_MIN) - Math.max(from, s * SLOT_MIN);
        if (overlap > 0) out[s] += overlap / SLOT_MIN;
      }
    }
  return out;
}

const hourOf = (slot: number): Hour => ({
  day: Math.floor((slot * SLOT_MIN) / DAY_MIN) + 1,
  hour: slot % 24,
});

/** The plan's implied figures and the warnings they raise. */
export function lintPlan(s: Scenario, plan: Plan): PlanFigures {
  const budget = s.marketing.budget;
  let boughtReach = 0;
  let boughtClicks = 0;
  let expectedClicks = 0;
  // Per click, by segment: the share of clicks in each segment, over channels.
  const segmentClicks = new Float64Array(plan.consultProb.length);
  s.marketing.channels.forEach((ch, i) => {
    const c = plan.channels[i];
    const clicks = c.reach * c.clickProb;
    expectedClicks += clicks;
    if (!ch.owned) {
      boughtReach += c.reach;
      boughtClicks += clicks;
    }
    let prev = 0;
    c.clickCum.forEach((cum, j) => {
      segmentClicks[plan.categorySegment[c.clickCategory[j]]] += c.reach * (cum - prev);
      prev = cum;
    });
  });
  const stay = 1 - plan.bounceProb;
  const segments = Object.values(s.segments);
  let requestsPerClick = 0;
  let attemptsPerClick = 0;
  let unitsPerClick = 0;
  segmentClicks.forEach((n, k) => {
    const share = expectedClicks > 0 ? n / expectedClicks : 0;
    const consult = plan.consultProb[k];
    const attempts = consult * plan.closeProb[k] + (1 - consult) * plan.directProb[k];
    const size = segments[k].orderSize ? meanOrderSize(segments[k].orderSize) : 1;
    requestsPerClick += share * stay * consult;
    attemptsPerClick += share * stay * attempts;
    unitsPerClick += share * stay * attempts * size;
  });

  const clicks = clicksBySlot(plan);
  let busiest = 0;
  for (let k = 1; k < clicks.length; k++) if (clicks[k] > clicks[busiest]) busiest = k;
  const offeredLoad = (clicks[busiest] / SLOT_MIN) * stay * plan.meanSessionMin;
  const capacity = plan.siteCapacity === Infinity ? "unlimited" : plan.siteCapacity;
  const blocking = capacity === "unlimited" ? null : erlangB(capacity, offeredLoad);

  const handleHours = meanOf(s.sales.handleTime) / 60;
  const unlimited = plan.seatCount === Infinity;
  const staff = unlimited ? new Float64Array(clicks.length) : staffBySlot(plan);
  let hoursWithRequests = 0;
  let overloaded = 0;
  let unstaffedHours = 0;
  let mostWait = 0;
  let unstaffedRequests = 0;
  let worst: PlanFigures["consultants"]["worst"] = null;
  let worstScore = -1;
  if (!unlimited)
    clicks.forEach((c, k) => {
      const requests = c * requestsPerClick;
      if (!(requests > 0)) return;
      hoursWithRequests++;
      const load = requests * handleHours;
      const on = staff[k];
      if (on <= 0) {
        unstaffedHours++;
        unstaffedRequests += requests;
        return;
      }
      if (load >= on) overloaded++;
      else if (erlangC(Math.floor(on), load) > MOST_WAIT) mostWait++;
      const score = load / on;
      if (score > worstScore) {
        worstScore = score;
        worst = { ...hourOf(k), load, staff: on, requests };
      }
    });

  const available =
    plan.stock === Infinity
      ? "unlimited"
      : plan.stock + plan.restockUnits.reduce((a, b) => a + b, 0);
  const demand = expectedClicks * unitsPerClick;

  const warnings: LintClass[] = [];
  if (blocking !== null && blocking > BLOCKING_LIMIT) warnings.push("hosting");
  // An unstaffed night with a fraction of a request expected is not worth a warning.
  if (overloaded + mostWait > 0 || unstaffedRequests >= 1) warnings.push("consultants");
  if (available !== "unlimited" && demand > available) warnings.push("stock");
  return {
    currency: s.currency,
    costPerContact: boughtReach > 0 ? budget / boughtReach : null,
    costPerClick: boughtClicks > 0 ? budget / boughtClicks : null,
    expectedClicks,
    busiestHour: { ...hourOf(busiest), clicks: clicks[busiest] },
    site: { offeredLoad, capacity, blocking },
    consultants: {
      hoursWithRequests,
      overloaded,
      mostWait,
      worst,
      unstaffedHours,
      unstaffedRequests,
      unlimited,
      sessions: plan.sessionStartMin.length > 0,
    },
    stock: { attempts: expectedClicks * attemptsPerClick, demand, available },
    warnings,
  };
}
