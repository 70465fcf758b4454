// Site (IT/hosting): concurrent sessions as a loss system (kernel: core/stages/hosting.ts).
import type { StageDeclaration } from "../model/stage.js";

export const site: StageDeclaration = {
  name: "site",
  counters: [
    { name: "lostHosting", doc: "Clicks that found every session slot busy.", funnel: true },
    { name: "served", doc: "Clicks the site served.", funnel: true },
    { name: "lostBounce", doc: "Served visitors who left at once (usability).", funnel: true },
    { name: "leftAfterVisit", doc: "Visitors who neither asked nor tried to buy.", funnel: true },
    { name: "consultRequests", doc: "Consultation requests.", funnel: true },
    { name: "peakSessions", doc: "Most concurrent sessions on the site at any moment." },
    {
      name: "lostHostingWouldBuy",
      doc: "Of those lost to a full site, how many would have tried to buy (their own intent).",
    },
    { name: "lostBounceWouldBuy", doc: "Of those who bounced, how many would have tried to buy." },
  ],
  rows: [
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
      relax: (s) => ({ ...s, site: { ...s.site, capacity: "unlimited" } }),
      step(s) {
        const { site } = s;
        if (site.capacity === "unlimited") return null;
        const extra = Math.max(1, Math.ceil(site.capacity * 0.1));
        return {
          lever: `+10 % hosting capacity (+${extra} sessions)`,
          scenario: { ...s, site: { ...site, capacity: site.capacity + extra } },
          cost: site.costPerSlot === undefined ? null : site.costPerSlot * extra,
        };
      },
      lostBySlot: "lostHosting",
      buyersLost: ["lostHostingWouldBuy"],
    },
  ],
};
