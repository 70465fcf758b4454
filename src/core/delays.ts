// Delays between stages, as the consult stage compiles them (plan.stages.consult): a
// segment's consultDelay (from the end of the visit to the consultation request) and
// purchaseDelay (from the decision to buy to the attempt). The run's side is
// core/stages/delays.ts.
import { type CompiledDist, compileDist } from "../rng/samplers.js";
import type { Distribution } from "../scenario/fields.js";

/** A scenario's delays, per segment (null: that segment has none). */
export interface DelayPlan {
  /** Per segment: consultDelay; null when no segment has one. */
  consult: (CompiledDist | null)[] | null;
  /** Per segment: purchaseDelay; null when no segment has one. */
  purchase: (CompiledDist | null)[] | null;
}

interface Delayed {
  consultDelay?: Distribution;
  purchaseDelay?: Distribution;
}

/** The delays of a scenario; null when no segment has any (the run then draws none). */
export function compileDelays(s: { segments: Record<string, Delayed> }): DelayPlan | null {
  const segments = Object.values(s.segments);
  const per = (key: keyof Delayed) =>
    segments.some((g) => g[key] !== undefined)
      ? segments.map((g) => (g[key] === undefined ? null : compileDist(g[key])))
      : null;
  const consult = per("consultDelay");
  const purchase = per("purchaseDelay");
  return consult === null && purchase === null ? null : { consult, purchase };
}

/** A plan's delays (the consult stage's part of it), null when it has none. */
export const delaysOf = (plan: { stages: Record<string, unknown> }): DelayPlan | null =>
  (plan.stages.consult as DelayPlan | null | undefined) ?? null;
