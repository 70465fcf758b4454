// Site (IT/hosting): concurrent sessions as a loss system (kernel: core/stages/hosting.ts).
import type { StageDeclaration } from "../model/stage.js";

export const site: StageDeclaration = {
  name: "site",
  counters: [
    { name: "lostHosting", doc: "Clicks that found every session slot busy.", funnel: true },
    {
      name: "lostOutage",
      doc: "Clicks refused while the site was down (site.outages).",
      funnel: true,
      present: (plan) => plan.outageMin.length > 0,
    },
    {
      name: "retriedAfterRefusal",
      doc: "People turned away by a full or down site who came back once (site.retry); each is counted once, by how the return ended.",
      funnel: true,
      present: (plan) => plan.retryShare > 0,
    },
    { name: "served", doc: "Clicks the site served.", funnel: true },
    { name: "lostBounce", doc: "Served visitors who left at once (usability).", funnel: true },
    { name: "leftAfterVisit", doc: "Visitors who neither asked nor tried to buy.", funnel: true },
    { name: "consultRequests", doc: "Consultation requests.", funnel: true },
    { name: "peakSessions", doc: "Most concurrent sessions on the site at any moment." },
    {
      name: "firstFullMin",
      kind: "minutes",
      doc: "Minute of the first arrival that found every session slot busy (NaN: never).",
      initial: Number.NaN,
    },
    {
      name: "lostHostingWouldBuy",
      doc: "Of those lost to a full site, how many would have tried to buy (their own intent).",
    },
    { name: "lostBounceWouldBuy", doc: "Of those who bounced, how many would have tried to buy." },
    {
      name: "lostOutageWouldBuy",
      doc: "Of those refused by an outage, how many would have tried to buy.",
    },
  ],
  balances: [
    { sum: ["clicked"], equals: ["lostHosting", "lostOutage", "served"] },
    {
      sum: ["served"],
      equals: ["lostBounce", "leftAfterVisit", "consultRequests", "directAttempts"],
    },
  ],
  rows: [
    { counter: "retriedAfterRefusal", label: "came back after being turned away", of: "clicked" },
    { counter: "served", label: "served by the site", of: "clicked" },
    { counter: "consultRequests", label: "asked for a consultation", of: "served" },
  ],
  losses: [
    {
      counter: "lostHosting",
      cause: "site full",
      department: "it",
      basis: "ownIntent",
      wouldBuy: "lostHostingWouldBuy",
    },
    {
      counter: "lostOutage",
      cause: "site down (outage)",
      department: "it",
      basis: "ownIntent",
      wouldBuy: "lostOutageWouldBuy",
    },
    {
      counter: "lostBounce",
      cause: "bounced (usability)",
      department: "it",
      basis: "ownIntent",
      wouldBuy: "lostBounceWouldBuy",
    },
    {
      counter: "leftAfterVisit",
      cause: "no intent after the visit",
      department: "marketing",
      basis: "perIntent",
    },
  ],
  capacity: [
    {
      id: "it",
      department: "it",
      name: "IT/hosting",
      relaxedLabel: "IT/hosting unlimited",
      present: () => true,
      fixed: (s) => s.site.fixed === true,
      amount: (s) => ({ value: s.site.capacity, unit: "concurrent sessions" }),
      relax: (s) => ({ ...s, site: { ...s.site, capacity: "unlimited" } }),
      withAmount: (s, value) => ({ ...s, site: { ...s.site, capacity: value } }),
      costOf(s) {
        const { site } = s;
        if (site.capacity === "unlimited") return null;
        if (site.costPerSlotDay !== undefined)
          return site.costPerSlotDay * site.capacity * s.horizon.days;
        return site.costPerSlot === undefined ? null : site.costPerSlot * site.capacity;
      },
      step(s) {
        const { site } = s;
        if (site.capacity === "unlimited") return null;
        const extra = Math.max(1, Math.ceil(site.capacity * 0.1));
        return {
          lever: `+10 % hosting capacity (+${extra} sessions)`,
          scenario: { ...s, site: { ...site, capacity: site.capacity + extra } },
          cost:
            site.costPerSlotDay !== undefined
              ? site.costPerSlotDay * extra * s.horizon.days
              : site.costPerSlot === undefined
                ? null
                : site.costPerSlot * extra,
        };
      },
      lostBySlot: "lostHosting",
      firstLossMin: "firstFullMin",
      buyersLost: ["lostHostingWouldBuy"],
      reaching: "clicked",
      turnedAway: ["lostHosting"],
      // At its peak: the most concurrent sessions, of the slots.
      utilisation: (plan, count) =>
        Number.isFinite(plan.siteCapacity) ? count("peakSessions") / plan.siteCapacity : null,
    },
  ],
};
