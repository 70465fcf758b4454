import type { Scenario } from "../scenario/schema.js";

/**
 * What a scenario's visitors' draws depend on: scenarios with the same signature see the same
 * visitors (common random numbers) and can be drawn once and served once each — they differ
 * only in capacities (site capacity, consultants, stock) or in what is not drawn (prices).
 */
export function drawSignature(s: Scenario): string {
  const { marketing, segments, offer, horizon, seed } = s;
  return JSON.stringify([
    marketing,
    segments,
    offer,
    horizon,
    seed,
    s.site.session,
    s.site.bounceRate,
    s.sales.handleTime,
    s.sales.patience,
    s.sales.skill,
  ]);
}
