import { C } from "../core/counters.js";
import type { Plan } from "../core/plan.js";
import type { Scenario } from "../scenario/schema.js";

/**
 * What a run earned and what the campaign paid for it, each cost line null when the scenario
 * gives no price for it (or the limit is unlimited, which no price covers). Data only.
 */
export interface Profit<N = number> {
  revenue: N;
  /** The marketing budget: media spend. */
  marketingCost: N;
  /**
   * supply.unitCost × the units bought: the stock and its restocks when the stock is limited
   * (bought whether sold or not), the units sold when it is unlimited (bought to order).
   */
  goodsCost: N | null;
  /** site.costPerSlotDay × slots × days, or site.costPerSlot × slots. */
  siteCost: N | null;
  /** sales.costPerConsultantHour × hours on duty, or costPerConsultantDay × consultant-days. */
  salesCost: N | null;
  /** checkout.payment.costPerSession × concurrent payment sessions. */
  paymentCost: N | null;
  fixedCost: N | null;
  /** Every cost line given. */
  totalCost: N;
  /** revenue − totalCost. */
  grossProfit: N;
  /** grossProfit / totalCost (null with no cost). */
  roi: N | null;
  /** marketingCost / units sold. */
  marketingCostPerSale: N | null;
  /** marketingCost / grossProfit: what marketing spent per unit of profit (null at a loss). */
  marketingCostPerProfit: N | null;
}

/** Whether the scenario prices anything beyond its media budget (then reports give profit). */
export function priced(s: Scenario): boolean {
  const payment = (s as { checkout?: { payment?: { costPerSession?: number } } }).checkout?.payment;
  return (
    s.supply.unitCost !== undefined ||
    s.site.costPerSlot !== undefined ||
    s.site.costPerSlotDay !== undefined ||
    s.sales.costPerConsultantDay !== undefined ||
    s.sales.costPerConsultantHour !== undefined ||
    payment?.costPerSession !== undefined ||
    s.fixedCost !== undefined
  );
}

/** Consultant-days the scenario staffs: consultants × days, or each shift's over its days. */
export function consultantDays(s: Scenario): number {
  const days = s.horizon.days;
  const { sales } = s;
  if (sales.consultants === "unlimited") return Infinity;
  if (sales.consultants !== undefined) return sales.consultants * days;
  return (sales.shifts ?? []).reduce(
    (n, sh) => n + sh.consultants * ((sh.days?.[1] ?? days) - (sh.days?.[0] ?? 1) + 1),
    0,
  );
}

/** Units a run sold (counted by the purchase stage; one per purchase unless order sizes vary). */
export const unitsSold = (counters: Float64Array) =>
  C.unitsSold === undefined ? counters[C.purchased] : counters[C.unitsSold];

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The profit of one run of scenario `s` (compiled as `plan`), from its counters. */
export function profitOf(s: Scenario, plan: Plan, counters: Float64Array, revenue: number): Profit {
  const days = s.horizon.days;
  const { site, sales, supply } = s;
  const units = unitsSold(counters);
  const slots = site.capacity === "unlimited" ? Infinity : site.capacity;
  const stocked =
    supply.stock === "unlimited"
      ? units
      : supply.stock + supply.restock.reduce((n, r) => n + r.units, 0);
  const payment = (
    s as { checkout?: { payment: { capacity: number | "unlimited"; costPerSession?: number } } }
  ).checkout?.payment;

  const goodsCost = supply.unitCost === undefined ? null : supply.unitCost * stocked;
  const siteCost =
    site.costPerSlotDay !== undefined
      ? finite(site.costPerSlotDay * slots * days)
      : site.costPerSlot !== undefined
        ? finite(site.costPerSlot * slots)
        : null;
  const salesCost =
    sales.costPerConsultantHour !== undefined
      ? finite((sales.costPerConsultantHour * plan.seatMinutesInHorizon) / 60)
      : sales.costPerConsultantDay !== undefined
        ? finite(sales.costPerConsultantDay * consultantDays(s))
        : null;
  const paymentCost =
    payment?.costPerSession === undefined || payment.capacity === "unlimited"
      ? null
      : payment.costPerSession * payment.capacity;
  const fixedCost = s.fixedCost ?? null;
  const marketingCost = s.marketing.budget;
  const totalCost = [
    marketingCost,
    goodsCost,
    siteCost,
    salesCost,
    paymentCost,
    fixedCost,
  ].reduce<number>((a, x) => a + (x ?? 0), 0);
  const grossProfit = revenue - totalCost;
  return {
    revenue,
    marketingCost,
    goodsCost,
    siteCost,
    salesCost,
    paymentCost,
    fixedCost,
    totalCost,
    grossProfit,
    roi: totalCost > 0 ? grossProfit / totalCost : null,
    marketingCostPerSale: units > 0 ? marketingCost / units : null,
    marketingCostPerProfit: grossProfit > 0 ? marketingCost / grossProfit : null,
  };
}
