import type { Estimate, ReplicationSummary } from "../analysis/replications.js";
import { formatMoney, formatWhole } from "./format.js";
import type { Report } from "./summarize.js";

// Three significant digits below 1 %, so a 0.006 % conversion does not print as 0.0 %.
const pct = (x: number | null) =>
  x === null
    ? "–"
    : x !== 0 && Math.abs(x) < 0.01
      ? `${(100 * x).toPrecision(2)} %`
      : `${(100 * x).toFixed(1)} %`;
const DEPARTMENT = {
  marketing: "marketing",
  it: "IT/hosting",
  sales: "sales",
  supply: "supply",
} as const;

/** The report as a planner reads it in a terminal. */
export function renderTerminal(r: Report): string {
  const f = r.funnel;
  const cur = r.currency;
  const lines: string[] = [];
  const row = (label: string, n: number, of: number | null, note = "") =>
    lines.push(
      `  ${label.padEnd(34)}${formatWhole(n).padStart(14)}${of === null ? "" : `  ${pct(of > 0 ? n / of : null).padStart(8)}`}${note}`,
    );
  lines.push(`${r.scenario} — seed ${r.seed}, ${r.horizonDays} days`, "");
  lines.push(`Funnel${" ".repeat(32)}count  of previous`);
  row("reached", f.reached, null);
  row("clicked", f.clicked, f.reached);
  row("served by the site", f.served, f.clicked);
  row("asked for a consultation", f.consultRequests, f.served);
  row("consulted", f.consulted, f.consultRequests);
  row("tried to buy after consulting", f.consultPurchaseAttempts, f.consulted);
  row("tried to buy directly (of served)", f.directAttempts, f.served);
  row("purchase attempts", f.purchaseAttempts, null);
  row("purchased", f.purchased, f.purchaseAttempts);
  if (f.unservedAtEnd > 0)
    row("still waiting, no consultant on duty", f.unservedAtEnd, f.consultRequests);
  lines.push(
    "",
    "Losses (every reached person who did not buy, counted once)",
    `${" ".repeat(66)}of reached  of clicked`,
  );
  for (const l of r.losses) {
    const ofClicked =
      l.counter === "notClicked"
        ? ""
        : pct(f.clicked > 0 ? l.agents / f.clicked : null).padStart(12);
    lines.push(
      `  ${DEPARTMENT[l.department].padEnd(11)} ${l.cause.padEnd(40)}${formatWhole(l.agents).padStart(12)}  ${pct(l.share).padStart(10)}${ofClicked}`,
    );
  }
  lines.push("", `Revenue  ${formatMoney(r.revenue)} ${cur}  (${formatWhole(f.purchased)} units)`);
  const k = r.kpi;
  const m = (x: number | null) => (x === null ? "–" : `${formatMoney(x)} ${cur}`);
  lines.push(
    "",
    "KPIs",
    `  cost per contact ${m(k.costPerContact)} · cost per click ${m(k.costPerClick)} · cost per sale ${m(k.costPerSale)}`,
    `  click rate ${pct(k.clickRate)} · site served ${pct(k.siteServiceRate)} · consult picked up ${pct(k.consultServiceRate)} · close ${pct(k.closeRate)} · stock served ${pct(k.stockServiceRate)}`,
    `  click → purchase ${pct(k.clickToPurchase)} · reach → purchase ${pct(k.reachToPurchase)}`,
  );
  const p = r.peak;
  const hh = String(p.busiestHour.hour).padStart(2, "0");
  lines.push(
    "",
    "Peak load",
    `  busiest hour: day ${p.busiestHour.day}, ${hh}:00–${hh}:59, ${formatWhole(p.busiestHour.clicks)} clicks`,
    `  site: peak ${formatWhole(p.peakSessions)} concurrent sessions of ${p.siteCapacity === "unlimited" ? "unlimited" : formatWhole(p.siteCapacity)}`,
    `  consultants: utilisation ${pct(p.consultantUtilisation)}, ${pct(p.waitedShare)} of requests waited, mean wait ${p.meanWaitMin === null ? "–" : `${p.meanWaitMin.toFixed(1)} min`}`,
    `  stock: ${p.stockOutDay === null ? "never ran out" : `ran out on day ${p.stockOutDay}`}`,
  );
  return `${lines.join("\n")}\n`;
}

const FUNNEL_LABELS: [keyof Report["funnel"], string][] = [
  ["reached", "reached"],
  ["clicked", "clicked"],
  ["lostHosting", "lost: site full"],
  ["served", "served by the site"],
  ["lostBounce", "lost: bounced"],
  ["consultRequests", "asked for a consultation"],
  ["lostAbandon", "lost: gave up waiting"],
  ["consulted", "consulted"],
  ["directAttempts", "tried to buy directly"],
  ["purchaseAttempts", "purchase attempts"],
  ["lostStock", "lost: out of stock"],
  ["purchased", "purchased"],
];

/** Replications as mean ± 95 % half-width and range per figure. */
export function renderReplications(s: ReplicationSummary): string {
  const e = (x: Estimate, f = formatWhole) =>
    `${f(x.mean).padStart(14)} ± ${f(x.halfWidth).padEnd(10)} [${f(x.min)} – ${f(x.max)}]`;
  const lines = [
    `${s.scenario} — seed ${s.seed}, ${s.replications} replications (mean ± 95 % half-width [min – max])`,
    "",
  ];
  for (const [key, label] of FUNNEL_LABELS) lines.push(`  ${label.padEnd(28)}${e(s.funnel[key])}`);
  lines.push("", `  ${"revenue".padEnd(28)}${e(s.revenue, formatMoney)} ${s.currency}`);
  const k = s.kpi;
  const p = (x: Estimate | null) => (x === null ? "–" : `${pct(x.mean)} ± ${pct(x.halfWidth)}`);
  lines.push(
    `  click → purchase ${p(k.clickToPurchase)} · site served ${p(k.siteServiceRate)} · consult picked up ${p(k.consultServiceRate)} · stock served ${p(k.stockServiceRate)}`,
  );
  return `${lines.join("\n")}\n`;
}
