// Purchase (supply): the stock as a container that purchase attempts draw from, with restocks.
import { SLOT_MIN } from "../core/codes.js";
import type { AttemptContext, Attempts, StageDeclaration } from "../model/stage.js";

/**
 * Supply as a container: purchase attempts, in time order, each take one unit; restocks arrive
 * at the start of their day; an attempt that finds the shelf empty is lost to supply.
 */
function serveStock(attempts: Attempts, ctx: AttemptContext): Attempts {
  const { plan, counters, C } = ctx;
  const minute = attempts.minute;
  const n = attempts.count;
  const restockMin: Float64Array = plan.restockMin;
  const restockUnits: Float64Array = plan.restockUnits;
  const nRestock = restockMin.length;
  const lostBySlot = ctx.lostBySlot("lostStock");
  const lastSlot = lostBySlot.length - 1;

  let stock: number = plan.stock;
  let r = 0;
  let bought = 0;
  let lost = 0;
  let stockOutMin = Number.NaN;
  for (let i = 0; i < n; i++) {
    const t = minute[i];
    while (r < nRestock && restockMin[r] <= t) stock += restockUnits[r++];
    if (stock > 0) {
      stock--;
      bought++;
    } else {
      lost++;
      if (lost === 1) stockOutMin = t;
      lostBySlot[Math.min(Math.floor(t / SLOT_MIN), lastSlot)]++;
    }
  }
  counters[C.purchaseAttempts] += n;
  counters[C.purchased] += bought;
  counters[C.lostStock] += lost;
  if (!(counters[C.stockOutMin] <= stockOutMin)) counters[C.stockOutMin] = stockOutMin;
  return { count: 0, minute: minute.subarray(0, 0), visitor: attempts.visitor.subarray(0, 0) };
}

export const purchase: StageDeclaration = {
  name: "purchase",
  counters: [
    { name: "purchaseAttempts", doc: "Attempts to buy that reached the stock.", funnel: true },
    { name: "lostStock", doc: "Attempts that found no stock.", funnel: true },
    { name: "purchased", doc: "Units sold.", funnel: true },
    {
      name: "stockOutMin",
      doc: "Minute of the first attempt that found no stock (NaN: never ran out).",
      initial: Number.NaN,
    },
  ],
  rows: [
    { counter: "purchaseAttempts", label: "purchase attempts", of: null },
    { counter: "purchased", label: "purchased", of: "purchaseAttempts" },
  ],
  losses: [
    {
      counter: "lostStock",
      cause: "out of stock",
      department: "supply",
      basis: "everyAttempt",
      stockOut: true,
    },
  ],
  capacity: [
    {
      id: "supply",
      department: "supply",
      name: "supply",
      relaxedLabel: "stock unlimited",
      present: () => true,
      relax: (s) => ({ ...s, supply: { ...s.supply, stock: "unlimited" } }),
      step(s) {
        const { supply } = s;
        if (supply.stock === "unlimited") return null;
        const extra = Math.max(1, Math.ceil(supply.stock * 0.1));
        return {
          lever: `+10 % stock (+${extra} units)`,
          scenario: { ...s, supply: { ...supply, stock: supply.stock + extra } },
          cost: supply.unitCost === undefined ? null : supply.unitCost * extra,
        };
      },
      lostBySlot: "lostStock",
      buyersLost: ["lostStock"],
    },
  ],
  serveAttempts: serveStock,
};
