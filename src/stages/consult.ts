// Consult (sales): one FIFO queue in front of the consultants' seats, with shifts and patience
// (kernel: core/stages/consult.ts); it ends in the decision to buy, direct or after consulting.
import type { StageDeclaration } from "../model/stage.js";

export const consult: StageDeclaration = {
  name: "consult",
  counters: [
    { name: "lostAbandon", doc: "Requests lost to patience.", funnel: true },
    { name: "consulted", doc: "Requests a consultant picked up.", funnel: true },
    {
      name: "unservedAtEnd",
      doc: "Requests still waiting at the end, with no consultant ever on duty again.",
      funnel: true,
    },
    { name: "notClosed", doc: "Consulted visitors who did not buy.", funnel: true },
    { name: "directAttempts", doc: "Visitors who tried to buy without consulting.", funnel: true },
    {
      name: "consultPurchaseAttempts",
      doc: "Consulted visitors who tried to buy.",
      funnel: true,
    },
    { name: "waitedForConsultant", doc: "Consulted requests that had to wait (wait > 0)." },
    { name: "waitMinConsulted", doc: "Sum of the waiting minutes of consulted requests." },
    {
      name: "waitP90Consulted",
      doc: "90th percentile (nearest rank) of consulted requests' waits, minutes (NaN: none).",
      initial: Number.NaN,
    },
    {
      // Split of lostAbandon by whether a consultant was on duty at some moment of the wait
      // (they waited for a busy team) or at none (nobody was there to pick them up).
      name: "lostAbandonBusy",
      doc: "Requests lost to patience while a consultant was on duty at some moment of the wait.",
    },
    {
      name: "lostAbandonOffDuty",
      doc: "Requests lost to patience while no consultant was on duty.",
    },
    { name: "waitMinAbandoned", doc: "Sum of the minutes abandoning requests waited." },
    {
      name: "waitP90Abandoned",
      doc: "90th percentile (nearest rank) of abandoning requests' waits, minutes (NaN: none).",
      initial: Number.NaN,
    },
    { name: "consultantBusyMin", doc: "Consultants' busy minutes inside the horizon." },
    {
      name: "lostAbandonBusyWouldBuy",
      doc: "Of lostAbandonBusy, how many would have bought (their own close draw).",
    },
    {
      name: "lostAbandonOffDutyWouldBuy",
      doc: "Of lostAbandonOffDuty, how many would have bought.",
    },
    { name: "unservedWouldBuy", doc: "Of unservedAtEnd, how many would have bought." },
  ],
  rows: [
    { counter: "consulted", label: "consulted", of: "consultRequests" },
    { counter: "consultPurchaseAttempts", label: "tried to buy after consulting", of: "consulted" },
    { counter: "directAttempts", label: "tried to buy directly (of served)", of: "served" },
  ],
  losses: [
    {
      counter: "lostAbandonBusy",
      cause: "gave up waiting (consultants busy)",
      department: "sales",
      basis: "ownIntent",
      wouldBuy: "lostAbandonBusyWouldBuy",
    },
    {
      counter: "lostAbandonOffDuty",
      cause: "gave up waiting (no consultant on duty)",
      department: "sales",
      basis: "ownIntent",
      wouldBuy: "lostAbandonOffDutyWouldBuy",
    },
    {
      counter: "unservedAtEnd",
      cause: "never picked up (no consultant on duty again)",
      department: "sales",
      basis: "ownIntent",
      wouldBuy: "unservedWouldBuy",
    },
    {
      counter: "notClosed",
      cause: "consulted, did not buy",
      department: "sales",
      basis: "everyConsulted",
    },
  ],
  capacity: [
    {
      id: "sales",
      department: "sales",
      name: "sales",
      relaxedLabel: "consultants unlimited",
      present: () => true,
      relax(s) {
        const { shifts: _shifts, ...sales } = s.sales;
        return { ...s, sales: { ...sales, consultants: "unlimited" } };
      },
      step(s) {
        const { sales } = s;
        const days = s.horizon.days;
        if (sales.consultants === "unlimited") return null;
        const perDay = sales.costPerConsultantDay;
        if (sales.shifts) {
          const shifts = sales.shifts.map((sh: { consultants: number }) => ({
            ...sh,
            consultants: sh.consultants + 1,
          }));
          const shiftDays = sales.shifts.reduce(
            (n: number, sh: { days?: [number, number] }) =>
              n + ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
            0,
          );
          return {
            lever: "+1 consultant in each shift",
            scenario: { ...s, sales: { ...sales, shifts } },
            cost: perDay === undefined ? null : perDay * shiftDays,
          };
        }
        if (sales.consultants === undefined) return null;
        return {
          lever: "+1 consultant",
          scenario: { ...s, sales: { ...sales, consultants: sales.consultants + 1 } },
          cost: perDay === undefined ? null : perDay * days,
        };
      },
      lostBySlot: "lostAbandon",
      buyersLost: ["lostAbandonBusyWouldBuy", "lostAbandonOffDutyWouldBuy", "unservedWouldBuy"],
    },
  ],
};
