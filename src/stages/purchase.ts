// Purchase (supply): the stock as a container that purchase attempts draw from, with restocks.
// Each purchase takes its buyer's order size in units (default 1) at its buyer's segment price
// (default supply.price), less the offer's discount.
import { DAY_MIN, SLOT_MIN, SLOTS_PER_DAY } from "../core/codes.js";
import { keepEarliest } from "../core/earliest.js";
import type { AttemptContext, Attempts, StageDeclaration } from "../model/stage.js";
import { nextUnit } from "../rng/sfc32.js";
import { Stream } from "../rng/streams.js";
import { drawForAttempts } from "../rng/visitorDraws.js";
import type { OrderSize } from "../scenario/fields.js";

/** Order size codes in a compiled plan. */
const Size = { fixed: 0, uniform: 1, geometric: 2 } as const;

/**
 * What purchase compiles into the plan when some segment has its own price or order size
 * (null otherwise: every purchase is one unit at plan.unitRevenue, and who buys is not read).
 */
interface PurchasePlan {
  /** Per segment: revenue per unit sold, after any offer discount. */
  unitRevenue: Float64Array;
  /** Per segment: order size code (Size), and its parameters (fixed: value; uniform: min,
   * max; geometric: mean, ln(1 − 1/mean)). */
  sizeKind: Uint8Array;
  sizeA: Float64Array;
  sizeB: Float64Array;
  /** Whether some segment's order size varies: only then is the order size stream drawn. */
  drawsSizes: boolean;
}

interface Segment {
  price?: number;
  orderSize?: OrderSize;
}

function compilePurchase(s: {
  segments: Record<string, Segment>;
  supply: { price: number };
  offer?: { discount: number };
}): PurchasePlan | null {
  const segments = Object.values(s.segments);
  if (segments.every((g) => g.price === undefined && g.orderSize === undefined)) return null;
  const sizes = segments.map((g): [number, number, number] => {
    const d = g.orderSize ?? { dist: "fixed", value: 1 };
    if (d.dist === "fixed") return [Size.fixed, d.value, 0];
    if (d.dist === "uniform")
      return d.min === d.max ? [Size.fixed, d.min, 0] : [Size.uniform, d.min, d.max];
    return d.mean === 1 ? [Size.fixed, 1, 0] : [Size.geometric, d.mean, Math.log1p(-1 / d.mean)];
  });
  return {
    unitRevenue: Float64Array.from(
      segments,
      (g) => (g.price ?? s.supply.price) * (1 - (s.offer?.discount ?? 0)),
    ),
    sizeKind: Uint8Array.from(sizes, (z) => z[0]),
    sizeA: Float64Array.from(sizes, (z) => z[1]),
    sizeB: Float64Array.from(sizes, (z) => z[2]),
    drawsSizes: sizes.some((z) => z[0] !== Size.fixed),
  };
}

/** Units of one order of a segment, from one uniform draw u in [0, 1) (inverse CDF). */
function orderUnits(p: PurchasePlan, segment: number, u: number): number {
  const a = p.sizeA[segment];
  switch (p.sizeKind[segment]) {
    case Size.uniform:
      return Math.min(p.sizeB[segment], a + Math.floor(u * (p.sizeB[segment] - a + 1)));
    case Size.geometric:
      // 1 + a geometric count of failures with success probability 1 / mean.
      return 1 + Math.floor(Math.log1p(-u) / p.sizeB[segment]);
    default:
      return a;
  }
}

/**
 * Each attempt's order size, from its visitor's own draw: every visitor of a block draws one
 * uniform, in visitor order, so an attempt gets the same size in every variant in which that
 * visitor gets to the stock (common random numbers across capacities). Blocks without an
 * attempt are not drawn; with fixed sizes only, nothing is.
 */
function drawOrderSizes(attempts: Attempts, ctx: AttemptContext, p: PurchasePlan): Float64Array {
  const n = attempts.count;
  const visitor = attempts.visitor;
  const units = new Float64Array(n);
  if (!p.drawsSizes) {
    for (let i = 0; i < n; i++) units[i] = p.sizeA[ctx.segmentOf(visitor[i])];
    return units;
  }
  let u = 0;
  drawForAttempts(
    ctx.plan.seed,
    ctx.replication,
    Stream.orderSize,
    visitor,
    n,
    (state) => () => {
      u = nextUnit(state);
    },
    (i, v) => {
      units[i] = orderUnits(p, ctx.segmentOf(v), u);
    },
  );
  return units;
}

/**
 * The stock's days: units delivered each day (`restocked`, from the plan) and units on the
 * shelf at the end of each day (`stockLeft`), written as the attempts, in time order, pass each
 * day's end (`close`, before the attempt) and for the days after the last attempt (`finish`).
 * A day's deliveries arrive at its start, so they count in its figure even when no attempt came
 * after them. Attempts after the horizon count in the last day: its figure is the stock left at
 * the end of the run. Only reads the running stock: the serve loop is unchanged.
 */
function stockDays(ctx: AttemptContext) {
  const restockMin: Float64Array = ctx.plan.restockMin;
  const restockUnits: Float64Array = ctx.plan.restockUnits;
  const days = ctx.lostBySlot("lostStock").length / SLOTS_PER_DAY;
  const column = (name: string) => ctx.byDay?.(name) ?? new Float64Array(days);
  const stockLeft = column("stockLeft");
  const restocked = column("restocked");
  const lastDay = stockLeft.length - 1;
  for (let r = 0; r < restockMin.length; r++)
    restocked[Math.min(Math.floor(restockMin[r] / DAY_MIN), lastDay)] += restockUnits[r];
  /** Units of the deliveries from the r-th on that arrive before `endMin`. */
  const due = (r: number, endMin: number) => {
    let units = 0;
    for (let k = r; k < restockMin.length && restockMin[k] < endMin; k++) units += restockUnits[k];
    return units;
  };
  let day = 0;
  const endOf = (d: number) => (d < lastDay ? (d + 1) * DAY_MIN : Number.POSITIVE_INFINITY);
  return {
    /** The end of the first day (Infinity: the last day, which `finish` writes). */
    firstEndMin: endOf(0),
    /**
     * Writes the days that end by `t`, given the stock and the next delivery not yet added;
     * returns the end of the day `t` falls in.
     */
    close(t: number, stock: number, r: number): number {
      for (let end = endOf(day); t >= end; end = endOf(++day)) stockLeft[day] = stock + due(r, end);
      return endOf(day);
    },
    /** Writes the days left after the last attempt. */
    finish(stock: number, r: number): void {
      for (; day < lastDay; day++) stockLeft[day] = stock + due(r, (day + 1) * DAY_MIN);
      stockLeft[lastDay] = stock + due(r, Number.POSITIVE_INFINITY);
    },
  };
}

/**
 * Orders of several units, at prices by segment: attempts in time order each take their
 * order's units when that many are on the shelf; an order the shelf cannot fill is lost to
 * supply as a whole (its units stay for a smaller order later). Revenue is summed by segment:
 * units × that segment's price after discount.
 */
function serveOrders(attempts: Attempts, ctx: AttemptContext, p: PurchasePlan): Attempts {
  const { plan, counters, C } = ctx;
  const minute = attempts.minute;
  const visitor = attempts.visitor;
  const n = attempts.count;
  const units = drawOrderSizes(attempts, ctx, p);
  const restockMin: Float64Array = plan.restockMin;
  const restockUnits: Float64Array = plan.restockUnits;
  const nRestock = restockMin.length;
  const lostBySlot = ctx.lostBySlot("lostStock");
  const lastSlot = lostBySlot.length - 1;
  const unitsBySegment = new Float64Array(p.unitRevenue.length);

  let stock: number = plan.stock;
  let r = 0;
  let bought = 0;
  let lost = 0;
  let unitsLost = 0;
  let stockOutMin = Number.NaN;
  const days = stockDays(ctx);
  let dayEndMin = days.firstEndMin;
  for (let i = 0; i < n; i++) {
    const t = minute[i];
    if (t >= dayEndMin) dayEndMin = days.close(t, stock, r);
    while (r < nRestock && restockMin[r] <= t) stock += restockUnits[r++];
    const want = units[i];
    if (stock >= want) {
      stock -= want;
      bought++;
      unitsBySegment[ctx.segmentOf(visitor[i])] += want;
    } else {
      lost++;
      unitsLost += want;
      if (lost === 1) stockOutMin = t;
      lostBySlot[Math.min(Math.floor(t / SLOT_MIN), lastSlot)]++;
    }
  }
  days.finish(stock, r);
  let sold = 0;
  let revenue = 0;
  unitsBySegment.forEach((u, g) => {
    sold += u;
    revenue += u * p.unitRevenue[g];
  });
  counters[C.purchaseAttempts] += n;
  counters[C.purchased] += bought;
  counters[C.lostStock] += lost;
  counters[C.unitsSold] += sold;
  counters[C.unitsLostStock] += unitsLost;
  counters[C.revenue] += revenue;
  keepEarliest(counters, C.stockOutMin, stockOutMin);
  return { count: 0, minute: minute.subarray(0, 0), visitor: visitor.subarray(0, 0) };
}

/**
 * Supply as a container: purchase attempts, in time order, each take one unit; restocks arrive
 * at the start of their day; an attempt that finds the shelf empty is lost to supply. Records
 * the stock left at the end of each day and the units delivered each day (stockDays).
 */
function serveStock(attempts: Attempts, ctx: AttemptContext): Attempts {
  const own = ctx.plan.stages.purchase as PurchasePlan | null;
  if (own) return serveOrders(attempts, ctx, own);
  return serveUnits(attempts, ctx);
}

/** One unit per purchase at plan.unitRevenue: the path of a scenario without prices or sizes by segment. */
function serveUnits(attempts: Attempts, ctx: AttemptContext): Attempts {
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
  const days = stockDays(ctx);
  let dayEndMin = days.firstEndMin;
  for (let i = 0; i < n; i++) {
    const t = minute[i];
    if (t >= dayEndMin) dayEndMin = days.close(t, stock, r);
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
  days.finish(stock, r);
  counters[C.purchaseAttempts] += n;
  counters[C.purchased] += bought;
  counters[C.lostStock] += lost;
  counters[C.unitsSold] += bought;
  counters[C.unitsLostStock] += lost;
  counters[C.revenue] += bought * plan.unitRevenue;
  keepEarliest(counters, C.stockOutMin, stockOutMin);
  return { count: 0, minute: minute.subarray(0, 0), visitor: attempts.visitor.subarray(0, 0) };
}

export const purchase: StageDeclaration = {
  name: "purchase",
  compile: compilePurchase,
  // Who buys matters only when prices or order sizes differ by segment.
  needsVisitors: (plan) => plan.stages.purchase !== null,
  counters: [
    { name: "purchaseAttempts", doc: "Attempts to buy that reached the stock.", funnel: true },
    { name: "lostStock", doc: "Attempts that found no stock.", funnel: true },
    { name: "purchased", doc: "Purchases made (each of its order's units).", funnel: true },
    {
      name: "stockOutMin",
      kind: "minutes",
      doc: "Minute of the first attempt the stock could not fill (NaN: never ran out).",
      initial: Number.NaN,
    },
    {
      name: "unitsSold",
      doc: "Units sold: each purchase's order size, summed.",
      // In the report's funnel only where prices or order sizes are given by segment.
      funnel: (plan) => plan.stages.purchase !== null,
    },
    { name: "unitsLostStock", doc: "Units the attempts lost to supply asked for." },
    {
      name: "revenue",
      kind: "money",
      doc: "Money taken: units × the buyer's segment price × (1 − offer discount), summed.",
    },
  ],
  attempts: { input: "purchaseAttempts" },
  balances: [{ sum: ["purchaseAttempts"], equals: ["purchased", "lostStock"] }],
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
      fixed: (s) => s.supply.fixed === true,
      amount: (s) => ({
        value:
          s.supply.stock === "unlimited"
            ? "unlimited"
            : s.supply.stock +
              s.supply.restock.reduce((n: number, r: { units: number }) => n + r.units, 0),
        unit: "units",
      }),
      firstLossMin: "stockOutMin",
      relax: (s) => ({ ...s, supply: { ...s.supply, stock: "unlimited" } }),
      // The launch stock and every delivery scaled together to `value` units in all: each
      // delivery to its share rounded down, the launch stock the rest (same timing, same mix).
      withAmount(s, value) {
        const { supply } = s;
        const restock: { day: number; units: number }[] = supply.restock;
        const total =
          supply.stock === "unlimited"
            ? 0
            : supply.stock + restock.reduce((n: number, r) => n + r.units, 0);
        const scaled =
          total > 0
            ? restock.map((r) => ({ ...r, units: Math.floor((r.units * value) / total) }))
            : restock.map((r) => ({ ...r, units: 0 }));
        const stock = value - scaled.reduce((n: number, r) => n + r.units, 0);
        return { ...s, supply: { ...supply, stock, restock: scaled } };
      },
      costOf(s) {
        const { supply } = s;
        if (supply.stock === "unlimited" || supply.unitCost === undefined) return null;
        return (
          supply.unitCost *
          (supply.stock +
            supply.restock.reduce((n: number, r: { units: number }) => n + r.units, 0))
        );
      },
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
      reaching: "purchaseAttempts",
      turnedAway: ["lostStock"],
      // Units sold, of the stock and every restock.
      utilisation: (plan, count) => {
        const units = plan.stock + plan.restockUnits.reduce((n: number, u: number) => n + u, 0);
        return Number.isFinite(units) && units > 0 ? count("unitsSold") / units : null;
      },
    },
  ],
  serveAttempts: serveStock,
};
