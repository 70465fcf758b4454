// Consult (sales): one FIFO queue in front of the consultants' seats, with shifts and patience
// (kernel: core/stages/consult.ts); it ends in the decision to buy, direct or after consulting.

import { seatSchedule } from "../core/capacity/seats.js";
import { compileDelays, delaysOf } from "../core/delays.js";
import type { AnyScenario, StageDeclaration } from "../model/stage.js";
import { startWeekday } from "../scenario/calendar.js";

export const consult: StageDeclaration = {
  name: "consult",
  // Its plan part is the segments' delays (core/delays.ts): null when no segment has one.
  compile: compileDelays,
  counters: [
    { name: "lostAbandon", doc: "Requests lost to patience.", funnel: true },
    {
      name: "consulted",
      doc: "Requests a consultant picked up, or a session seated.",
      funnel: true,
    },
    {
      name: "consultedInSession",
      doc: "Requests seated at a session held at a set time (sales.sessions: a webinar).",
      funnel: true,
      present: (plan) => plan.sessionStartMin.length > 0,
    },
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
    {
      // Only for plans with a consultDelay (segments): other reports do not show it.
      name: "pendingConsult",
      doc: "Consultation requests whose delayed moment falls after the horizon: pending, not lost.",
      funnel: (plan) => !!delaysOf(plan)?.consult,
    },
    {
      name: "pendingPurchase",
      doc: "Purchase attempts (direct or after consulting) whose delayed moment falls after the horizon: pending, not lost.",
      funnel: (plan) => !!delaysOf(plan)?.purchase,
    },
    { name: "waitedForConsultant", doc: "Consulted requests that had to wait (wait > 0)." },
    {
      name: "waitMinConsulted",
      kind: "minutes",
      doc: "Sum of the waiting minutes of consulted requests.",
    },
    {
      name: "waitP90Consulted",
      kind: "minutes",
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
    {
      name: "waitMinAbandoned",
      kind: "minutes",
      doc: "Sum of the minutes abandoning requests waited.",
    },
    {
      name: "waitP90Abandoned",
      kind: "minutes",
      doc: "90th percentile (nearest rank) of abandoning requests' waits, minutes (NaN: none).",
      initial: Number.NaN,
    },
    {
      name: "consultantBusyMin",
      kind: "minutes",
      doc: "Consultants' busy minutes inside the horizon.",
    },
    {
      name: "firstAbandonMin",
      kind: "minutes",
      doc: "Minute of the first request lost to patience (NaN: never).",
      initial: Number.NaN,
    },
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
  balances: [
    {
      sum: ["consultRequests"],
      equals: ["lostAbandon", "unservedAtEnd", "consulted", "pendingConsult"],
    },
    { sum: ["lostAbandon"], equals: ["lostAbandonBusy", "lostAbandonOffDuty"] },
    { sum: ["consulted"], equals: ["notClosed", "consultPurchaseAttempts"] },
  ],
  rows: [
    { counter: "consulted", label: "consulted", of: "consultRequests" },
    { counter: "consultedInSession", label: "of them in a session (webinar)", of: "consulted" },
    { counter: "consultPurchaseAttempts", label: "tried to buy after consulting", of: "consulted" },
    { counter: "directAttempts", label: "tried to buy directly (of served)", of: "served" },
    { counter: "pendingConsult", label: "consultation pending at the end", of: "consultRequests" },
    { counter: "pendingPurchase", label: "purchase pending at the end", of: null },
  ],
  pending: [
    {
      counter: "pendingConsult",
      cause: "consultation pending at the end of the horizon (not lost)",
      label: "consultation requested, not yet due",
    },
    {
      counter: "pendingPurchase",
      cause: "purchase pending at the end of the horizon (not lost)",
      label: "decided to buy, attempt not yet due",
    },
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
      fixed: (s) => s.sales.fixed === true,
      amount: (s) =>
        s.sales.shifts
          ? {
              value: Math.max(
                ...s.sales.shifts.map((sh: { consultants: number }) => sh.consultants),
              ),
              unit: "consultants at most on duty",
            }
          : { value: s.sales.consultants, unit: "consultants" },
      relax(s) {
        const { shifts: _shifts, ...sales } = s.sales;
        return { ...s, sales: { ...sales, consultants: "unlimited" } };
      },
      // Every shift scaled together: the largest to `value`, each other in proportion,
      // rounded half up (2 and 1 consultants set to 5 give 5 and 3).
      withAmount(s, value) {
        const { sales } = s;
        if (!sales.shifts) return { ...s, sales: { ...sales, consultants: value } };
        const most = Math.max(...sales.shifts.map((sh: { consultants: number }) => sh.consultants));
        const shifts = sales.shifts.map((sh: { consultants: number }) => ({
          ...sh,
          consultants: most > 0 ? Math.round((sh.consultants * value) / most) : value,
        }));
        return { ...s, sales: { ...sales, shifts } };
      },
      // Priced by the hours on duty when the scenario pays by the hour, else by the day.
      costOf(s) {
        const { sales } = s;
        const days = s.horizon.days;
        if (sales.consultants === "unlimited") return null;
        if (sales.costPerConsultantHour !== undefined)
          return (
            (seatSchedule(sales, days, startWeekday(s)).seatMinutesInHorizon / 60) *
            sales.costPerConsultantHour
          );
        if (sales.costPerConsultantDay === undefined) return null;
        const consultantDays =
          sales.consultants !== undefined
            ? sales.consultants * days
            : sales.shifts.reduce(
                (n: number, sh: { consultants: number; days?: [number, number] }) =>
                  n + sh.consultants * ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
                0,
              );
        return sales.costPerConsultantDay * consultantDays;
      },
      step(s) {
        const { sales } = s;
        const days = s.horizon.days;
        if (sales.consultants === "unlimited") return null;
        const perDay = sales.costPerConsultantDay;
        const perHour = sales.costPerConsultantHour;
        // Priced by the hours on duty it adds when the scenario pays by the hour.
        const cost = (next: AnyScenario, consultantDays: number) =>
          perHour !== undefined
            ? ((seatSchedule(next.sales, days, startWeekday(s)).seatMinutesInHorizon -
                seatSchedule(sales, days, startWeekday(s)).seatMinutesInHorizon) /
                60) *
              perHour
            : perDay === undefined
              ? null
              : perDay * consultantDays;
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
          const scenario = { ...s, sales: { ...sales, shifts } };
          return {
            lever: "+1 consultant in each shift",
            scenario,
            cost: cost(scenario, shiftDays),
          };
        }
        if (sales.consultants === undefined) return null;
        const scenario = { ...s, sales: { ...sales, consultants: sales.consultants + 1 } };
        return { lever: "+1 consultant", scenario, cost: cost(scenario, days) };
      },
      lostBySlot: "lostAbandon",
      firstLossMin: "firstAbandonMin",
      buyersLost: ["lostAbandonBusyWouldBuy", "lostAbandonOffDutyWouldBuy", "unservedWouldBuy"],
      reaching: "consultRequests",
      turnedAway: ["lostAbandonBusy"],
      // Busy minutes of the minutes on duty inside the horizon.
      utilisation: (plan, count) =>
        Number.isFinite(plan.seatMinutesInHorizon) && plan.seatMinutesInHorizon > 0
          ? count("consultantBusyMin") / plan.seatMinutesInHorizon
          : null,
    },
  ],
};
