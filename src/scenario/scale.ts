import type { Scenario } from "./schema.js";

/**
 * The scenario with `k` times the traffic: every channel reaches k times the people (a channel
 * given as spend and cpm keeps its spend at a k-times lower cpm, one given as spend and cpc at a
 * k-times lower cpc), the budget stays — the case's
 * 7×: the same money, seven times the reach. Reach is rounded to whole people.
 */
export function scaleTraffic(s: Scenario, k: number): Scenario {
  return {
    ...s,
    marketing: {
      ...s.marketing,
      channels: s.marketing.channels.map((ch) =>
        ch.reach !== undefined
          ? { ...ch, reach: Math.round(ch.reach * k) }
          : ch.cpc !== undefined
            ? { ...ch, cpc: ch.cpc / k }
            : { ...ch, cpm: (ch.cpm ?? 1) / k },
      ),
    },
  };
}

/**
 * The scenario with `k` times the marketing budget: each bought channel buys k times its
 * reach at its own cost per contact (spend × k at the same cpm, or k times the clicks at the
 * same cpc; a bought channel given as reach, k times the reach), owned channels stay as they
 * are.
 */
export function scaleBudget(s: Scenario, k: number): Scenario {
  return {
    ...s,
    marketing: {
      ...s.marketing,
      budget: s.marketing.budget * k,
      channels: s.marketing.channels.map((ch) =>
        ch.owned
          ? ch
          : ch.reach !== undefined
            ? { ...ch, reach: Math.round(ch.reach * k) }
            : { ...ch, spend: (ch.spend ?? 0) * k },
      ),
    },
  };
}
