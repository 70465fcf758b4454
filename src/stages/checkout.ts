// Checkout: between the decision to buy and the stock. People who start checkout may leave
// (abandonRate, per segment), then pay through a payment gateway that may fail (failureRate)
// and may hold only so many payments at once (capacity: a loss system like the site, each
// payment holding a session for its own duration). Optional: a scenario without `checkout`
// runs exactly as before. Declaration, scenario section and kernel, top to bottom.
import * as z from "zod";
import { SLOT_MIN } from "../core/codes.js";
import { keepEarliest } from "../core/earliest.js";
import type { AttemptContext, Attempts, StageDeclaration } from "../model/stage.js";
import { DEPARTMENTS } from "../model/vocabulary.js";
import { bindSampler, compileDist } from "../rng/samplers.js";
import { nextUnit } from "../rng/sfc32.js";
import { Stream } from "../rng/streams.js";
import { drawForAttempts } from "../rng/visitorDraws.js";
import { BOUNDS } from "../scenario/bounds.js";
import { listed, printable, quoted } from "../scenario/errors.js";
import {
  checkDistribution,
  costPer,
  countOrUnlimited,
  distributionSchema,
  fixedLimit,
  rate,
} from "../scenario/fields.js";
import { closestKey } from "../scenario/unknownKeys.js";

const checkoutSchema = z
  .strictObject({
    abandonRate: z
      .union([
        rate("Share of those who start checkout and leave"),
        z.record(z.string(), rate("Share of this segment's buyers who leave at checkout")),
      ])
      .default(0)
      .describe(
        "Share of those who start checkout and leave without paying: a fraction 0–1, or one per segment ({students: 0.3, pros: 0.1}; segments not named leave at 0), default 0",
      ),
    abandonDepartment: z
      .enum(["marketing", "it"])
      .default("marketing")
      .describe(
        "Who a checkout abandonment is charged to: marketing (the offer did not convince) or it (the checkout's usability), default marketing",
      ),
    payment: z
      .strictObject({
        failureRate: rate("Share of payments that fail")
          .default(0)
          .describe(
            "Share of payments the gateway fails (the buyer is lost to IT/payments): a fraction 0–1, default 0",
          ),
        capacity: countOrUnlimited("payment sessions", BOUNDS.sessions)
          .default("unlimited")
          .describe(
            "Concurrent payment sessions the gateway holds; a payment that finds them all busy is lost (a whole number, or 'unlimited', the default)",
          ),
        duration: distributionSchema
          .optional()
          .describe(
            "How long a payment holds a session, in minutes (required with a capacity; default: no time at all)",
          ),
        fixed: fixedLimit("the payment capacity (a contract)"),
        costPerSession: costPer("concurrent payment session over the horizon")
          .optional()
          .describe(
            "Cost of one more concurrent payment session over the horizon (prices the +10 % payment capacity lever)",
          ),
      })
      .prefault({})
      .describe("The payment gateway: failures and, optionally, a limit on payments at once"),
  })
  .describe(
    "Checkout, between the decision to buy and the stock: abandonment and the payment gateway (optional)",
  );

type Checkout = z.infer<typeof checkoutSchema>;

/** What checkout compiles into the plan (numbers only). */
interface CheckoutPlan {
  /** Per segment: P(leave at checkout). */
  abandonProb: Float64Array;
  /** Index into DEPARTMENTS of whom an abandonment is charged to. */
  abandonDepartment: number;
  failureProb: number;
  /** Concurrent payment sessions; Infinity when unlimited. */
  capacity: number;
  duration: ReturnType<typeof compileDist>;
}

function compileCheckout(s: { checkout?: Checkout; segments: Record<string, unknown> }) {
  const c = s.checkout;
  if (!c) return null;
  const segments = Object.keys(s.segments);
  const perSegment = typeof c.abandonRate === "number" ? null : c.abandonRate;
  return {
    abandonProb: Float64Array.from(segments, (name) =>
      perSegment === null ? (c.abandonRate as number) : (perSegment[name] ?? 0),
    ),
    abandonDepartment: DEPARTMENTS.indexOf(c.abandonDepartment),
    failureProb: c.payment.failureRate,
    capacity: c.payment.capacity === "unlimited" ? Infinity : c.payment.capacity,
    duration: compileDist(c.payment.duration ?? { dist: "fixed", value: 0 }),
  } satisfies CheckoutPlan;
}

/**
 * Each attempt's checkout draws, from its visitor's own: every visitor of a block draws, in
 * visitor order, a uniform for abandoning, one for a failed payment and a payment time, so an
 * attempt gets the same draws in every variant in which that visitor gets to checkout (common
 * random numbers across capacities). Blocks without an attempt are not drawn.
 */
function drawCheckout(attempts: Attempts, ctx: AttemptContext, p: CheckoutPlan) {
  const n = attempts.count;
  const abandonU = new Float64Array(n);
  const failU = new Float64Array(n);
  const minutes = new Float64Array(n);
  let a = 0;
  let f = 0;
  let d = 0;
  drawForAttempts(
    ctx.plan.seed,
    ctx.replication,
    Stream.checkout,
    attempts.visitor,
    n,
    (state) => {
      const sample = bindSampler(p.duration, state);
      return () => {
        a = nextUnit(state);
        f = nextUnit(state);
        d = sample();
      };
    },
    (i) => {
      abandonU[i] = a;
      failU[i] = f;
      minutes[i] = d;
    },
  );
  return { abandonU, failU, minutes };
}

/**
 * The attempts in time order: leave at checkout, or take a payment session (lost when the
 * gateway holds `capacity` payments already: Erlang's loss system), then pay or fail. Those
 * who pay go on to the stock when their payment ends, in that order.
 */
function serveCheckout(attempts: Attempts, ctx: AttemptContext): Attempts {
  const p = ctx.plan.stages.checkout as CheckoutPlan;
  const { counters, C } = ctx;
  const n = attempts.count;
  const { abandonU, failU, minutes } = drawCheckout(attempts, ctx, p);
  const lostBySlot = ctx.lostBySlot("lostPaymentFull");
  const lastSlot = lostBySlot.length - 1;
  const limited = Number.isFinite(p.capacity);
  // Ends of the payments in progress: a binary min-heap.
  const heap = new Float64Array(limited ? p.capacity : 0);
  let open = 0;
  const paidMin = new Float64Array(n);
  const paidVisitor = new Int32Array(n);
  let paid = 0;
  let abandoned = 0;
  let full = 0;
  let failed = 0;
  for (let i = 0; i < n; i++) {
    const t = attempts.minute[i];
    if (abandonU[i] < p.abandonProb[ctx.segmentOf(attempts.visitor[i])]) {
      abandoned++;
      continue;
    }
    const end = t + minutes[i];
    if (limited) {
      while (open > 0 && heap[0] <= t) open = popMin(heap, open);
      if (open >= p.capacity) {
        if (full === 0) keepEarliest(counters, C.firstPaymentFullMin, t);
        full++;
        lostBySlot[Math.min(Math.floor(t / SLOT_MIN), lastSlot)]++;
        continue;
      }
      open = push(heap, open, end);
    }
    if (failU[i] < p.failureProb) {
      failed++;
      continue;
    }
    paidMin[paid] = end;
    paidVisitor[paid] = attempts.visitor[i];
    paid++;
  }
  counters[C.checkoutStarted] += n;
  counters[C.lostCheckoutAbandon] += abandoned;
  counters[C.lostPaymentFull] += full;
  counters[C.lostPaymentFailed] += failed;
  counters[C.paid] += paid;
  // Payments end in another order than they started when their times differ.
  const order = Uint32Array.from({ length: paid }, (_, i) => i).sort(
    (a, b) => paidMin[a] - paidMin[b] || a - b,
  );
  return {
    count: paid,
    minute: Float64Array.from(order, (i) => paidMin[i]),
    visitor: Int32Array.from(order, (i) => paidVisitor[i]),
  };
}

function push(heap: Float64Array, size: number, value: number): number {
  let i = size;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent] <= value) break;
    heap[i] = heap[parent];
    i = parent;
  }
  heap[i] = value;
  return size + 1;
}

function popMin(heap: Float64Array, size: number): number {
  const last = heap[size - 1];
  const n = size - 1;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && heap[child + 1] < heap[child]) child++;
    if (heap[child] >= last) break;
    heap[i] = heap[child];
    i = child;
  }
  if (n > 0) heap[i] = last;
  return n;
}

const hasCapacity = (s: { checkout?: Checkout }) =>
  s.checkout !== undefined && s.checkout.payment.capacity !== "unlimited";

export const checkout: StageDeclaration = {
  name: "checkout",
  section: {
    key: "checkout",
    schema: checkoutSchema,
    department: "it",
    check(c: Checkout, issue, s: { segments: Record<string, unknown> }) {
      if (typeof c.abandonRate !== "number") {
        const segments = Object.keys(s.segments);
        for (const name of Object.keys(c.abandonRate))
          if (!Object.hasOwn(s.segments, name)) {
            // Worded as a mix's unknown segment is (scenario/schema.ts).
            const meant = closestKey(name, segments);
            issue(
              ["abandonRate", name],
              meant
                ? `unknown segment ${quoted(name)}: did you mean ${printable(meant)}?`
                : `unknown segment ${quoted(name)} (segments: ${listed(segments)})`,
            );
          }
      }
      const { capacity, duration } = c.payment;
      if (capacity !== "unlimited" && duration === undefined)
        issue(
          ["payment", "duration"],
          "a payment capacity needs the time a payment holds a session",
        );
      if (duration) checkDistribution(duration, ["payment", "duration"], issue);
    },
  },
  present: (plan) => plan.stages.checkout !== null,
  compile: compileCheckout,
  needsVisitors: true,
  counters: [
    { name: "checkoutStarted", doc: "Attempts to buy that started checkout.", funnel: true },
    { name: "lostCheckoutAbandon", doc: "Left at checkout without paying.", funnel: true },
    {
      name: "lostPaymentFull",
      doc: "Payments that found every payment session busy.",
      funnel: true,
    },
    { name: "lostPaymentFailed", doc: "Payments the gateway failed.", funnel: true },
    { name: "paid", doc: "Payments made: they go on to the stock.", funnel: true },
    {
      name: "firstPaymentFullMin",
      kind: "minutes",
      doc: "Minute of the first payment that found every payment session busy (NaN: never).",
      initial: Number.NaN,
    },
  ],
  attempts: { input: "checkoutStarted", output: "paid" },
  balances: [
    {
      sum: ["checkoutStarted"],
      equals: ["lostCheckoutAbandon", "lostPaymentFull", "lostPaymentFailed", "paid"],
    },
  ],
  rows: [
    { counter: "checkoutStarted", label: "started checkout", of: null },
    { counter: "paid", label: "paid", of: "checkoutStarted" },
  ],
  losses: [
    {
      counter: "lostCheckoutAbandon",
      cause: "left at checkout",
      department: (plan) => DEPARTMENTS[(plan.stages.checkout as CheckoutPlan).abandonDepartment],
      basis: "everyAttempt",
    },
    {
      counter: "lostPaymentFull",
      cause: "payment gateway full",
      department: "it",
      owner: "IT/payments",
      basis: "everyAttempt",
    },
    {
      counter: "lostPaymentFailed",
      cause: "payment failed",
      department: "it",
      owner: "IT/payments",
      basis: "everyAttempt",
    },
  ],
  capacity: [
    {
      id: "payments",
      department: "it",
      name: "IT/payments",
      relaxedLabel: "payment capacity unlimited",
      present: hasCapacity,
      fixed: (s) => s.checkout?.payment.fixed === true,
      amount: (s) => ({ value: s.checkout.payment.capacity, unit: "concurrent payments" }),
      relax: (s) => ({
        ...s,
        checkout: { ...s.checkout, payment: { ...s.checkout.payment, capacity: "unlimited" } },
      }),
      withAmount: (s, value) => ({
        ...s,
        checkout: { ...s.checkout, payment: { ...s.checkout.payment, capacity: value } },
      }),
      costOf(s) {
        const payment = s.checkout.payment;
        if (payment.capacity === "unlimited" || payment.costPerSession === undefined) return null;
        return payment.costPerSession * payment.capacity;
      },
      step(s) {
        if (!hasCapacity(s)) return null;
        const payment = s.checkout.payment;
        const extra = Math.max(1, Math.ceil(payment.capacity * 0.1));
        return {
          lever: `+10 % payment capacity (+${extra} sessions)`,
          scenario: {
            ...s,
            checkout: {
              ...s.checkout,
              payment: { ...payment, capacity: payment.capacity + extra },
            },
          },
          cost: payment.costPerSession === undefined ? null : payment.costPerSession * extra,
        };
      },
      lostBySlot: "lostPaymentFull",
      firstLossMin: "firstPaymentFullMin",
      buyersLost: ["lostPaymentFull"],
      reaching: "checkoutStarted",
      turnedAway: ["lostPaymentFull"],
    },
  ],
  serveAttempts: serveCheckout,
};
