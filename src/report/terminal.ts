import type { Profit } from "../analysis/profit.js";
import type { Estimate } from "../analysis/replications.js";
import type { Report, Timing } from "../analysis/summarize.js";
import type { ReplicationSummary } from "../analysis/summarizeReplications.js";
import { limitName, lossOwner, STAGES } from "../model/stages.js";
import { formatDay, formatMinute, formatMoney, formatWhole } from "./format.js";

/** A figure of one run, or its estimate over replications. */
type Fig = number | Estimate;

const isEstimate = (x: Fig): x is Estimate => typeof x !== "number";
const meanOf = (x: Fig) => (isEstimate(x) ? x.mean : x);

/** Decimals of a percentage: two significant digits below 1 %, so 0.006 % does not print as 0.0 %. */
const decimals = (x: number) =>
  x !== 0 && Math.abs(x) < 0.01 ? Math.max(1, 1 - Math.floor(Math.log10(Math.abs(100 * x)))) : 1;
const pct = (x: Fig | null) => {
  if (x === null) return "–";
  if (!isEstimate(x)) return `${(100 * x).toFixed(decimals(x))} %`;
  // The half-width to the mean's decimals: a spread finer than the figure is printed is noise.
  const d = decimals(x.mean);
  return `${(100 * x.mean).toFixed(d)} ± ${(100 * x.halfWidth).toFixed(d)} %`;
};
/** A count or amount, with its half-width when replicated. */
const fig = (x: Fig, f: (v: number) => string = formatWhole) =>
  isEstimate(x) ? `${f(x.mean)} ± ${f(x.halfWidth)}` : f(x);
const minutes = (x: Fig | null) =>
  x === null ? "–" : isEstimate(x) ? `${fig(x, oneDecimal)} min` : `${oneDecimal(x)} min`;
const oneDecimal = (x: number) => x.toFixed(1);
const ofShare = (n: Fig, of: Fig) => (meanOf(of) > 0 ? meanOf(n) / meanOf(of) : null);

/**
 * The report as a planner reads it in a terminal: one run, or replications (every figure as
 * mean ± 95 % half-width; shares of previous stages are ratios of the means).
 */
export function renderTerminal(r: Report<Fig> | ReplicationSummary): string {
  const replicated = "replications" in r;
  const f = r.funnel;
  const cur = r.currency;
  const width = replicated ? 26 : 14;
  const lines: string[] = [];
  const row = (label: string, n: Fig, of: Fig | null) =>
    lines.push(
      `  ${label.padEnd(34)}${fig(n).padStart(width)}${of === null ? "" : `  ${pct(ofShare(n, of)).padStart(8)}`}`,
    );
  lines.push(
    replicated
      ? `${r.scenario} — seed ${r.seed}, ${r.horizonDays} days, ${r.replications} replications (mean ± 95 % half-width)`
      : `${r.scenario} — seed ${r.seed}, ${r.horizonDays} days`,
    "",
  );
  lines.push(`Funnel${" ".repeat(34 + width - 14)}count  of previous`);
  // The stages' rows, for the stages this report has (its funnel holds their counts).
  for (const r of STAGES.flatMap((s) => s.rows ?? []))
    if (r.counter in f) row(r.label, f[r.counter], r.of === null ? null : f[r.of]);
  lines.push(
    "",
    "Losses (every reached person who did not buy, counted once)",
    `${" ".repeat(60 + width)}of reached  of clicked`,
  );
  for (const l of r.losses) {
    const ofClicked =
      l.counter === "notClicked" ? "" : pct(ofShare(l.agents, f.clicked)).padStart(12);
    lines.push(
      `  ${lossOwner(l.counter, l.department).padEnd(11)} ${l.cause.padEnd(46)}${fig(l.agents).padStart(width)}  ${pct(meanOf(l.share)).padStart(10)}${ofClicked}`,
    );
  }
  // Delayed past the horizon: neither lost nor bought, charged to no department.
  if (r.pending) lines.push("  Pending at the end of the horizon (not lost, charged to no one):");
  for (const p of r.pending ?? [])
    lines.push(
      `  ${"pending".padEnd(11)} ${pendingLabel(p.counter).padEnd(46)}${fig(p.agents).padStart(width)}  ${pct(meanOf(p.share)).padStart(10)}${pct(ofShare(p.agents, f.clicked)).padStart(12)}`,
    );
  lines.push(
    "",
    `Revenue  ${fig(r.revenue, formatMoney)} ${cur}  (${fig(f.unitsSold ?? f.purchased)} units)`,
  );
  if (r.profit) lines.push("", ...profitLines(r.profit as Profit<Fig>, cur));
  const k = r.kpi;
  const m = (x: Fig | null) => (x === null ? "–" : `${fig(x, formatMoney)} ${cur}`);
  lines.push(
    "",
    "KPIs",
    `  cost per contact ${m(k.costPerContact)} · cost per click ${m(k.costPerClick)} · cost per sale ${m(k.costPerSale)}`,
    `  click rate ${pct(k.clickRate)} · site served ${pct(k.siteServiceRate)} · consult picked up ${pct(k.consultServiceRate)} · close ${pct(k.closeRate)} · stock served ${pct(k.stockServiceRate)}`,
    `  click → purchase ${pct(k.clickToPurchase)} · reach → purchase ${pct(k.reachToPurchase)}`,
  );
  lines.push("", "Peak load", ...peakLines(r));
  if (r.timing) lines.push("", ...timingLines(r.timing as Timing<Fig>, replicated, r.start));
  return `${lines.join("\n")}\n`;
}

/** A pending line's label in the terminal (its declaration's), by counter. */
const pendingLabel = (counter: string) =>
  STAGES.flatMap((s) => s.pending ?? []).find((p) => p.counter === counter)?.label ?? counter;

/** The profit section: revenue, each cost given, gross profit and ROI. */
function profitLines(p: Profit<Fig>, cur: string): string[] {
  const money = (x: Fig) => fig(x, formatWhole);
  const costs = (
    [
      ["marketing", p.marketingCost],
      ["goods", p.goodsCost],
      ["site", p.siteCost],
      ["consultants", p.salesCost],
      ["payments", p.paymentCost],
      ["fixed", p.fixedCost],
    ] as const
  ).flatMap(([name, x]) => (x === null ? [] : [`${name} ${money(x)}`]));
  return [
    `Profit (${cur})`,
    `  revenue ${money(p.revenue)} − costs ${money(p.totalCost)} (${costs.join(" · ")}) = gross profit ${money(p.grossProfit)}`,
    `  ROI ${pct(p.roi)} · marketing per unit sold ${p.marketingCostPerSale === null ? "–" : fig(p.marketingCostPerSale, formatMoney)} · marketing per unit of profit ${p.marketingCostPerProfit === null ? "– (no profit)" : fig(p.marketingCostPerProfit, formatMoney)}`,
  ];
}

/** The timing section: the busiest period and when each limit first turned someone away. */
function timingLines(t: Timing<Fig>, replicated: boolean, start?: string): string[] {
  const w = t.resolutionMin;
  const end = t.busiest.startMin + w - 1;
  const clock = (m: number) => formatMinute(m).replace(/^day \d+, /, "");
  const at = (m: number) => formatMinute(m, start);
  const when = (x: Fig | null) =>
    x === null
      ? "never"
      : isEstimate(x)
        ? `${at(x.mean)} on average (earliest ${at(x.min)}${x.n !== undefined ? `, in ${x.n} replications` : ""})`
        : at(x);
  return [
    `Timing (to the minute; periods of ${w} min)`,
    `  busiest ${w} minutes: ${at(t.busiest.startMin)}–${clock(end)}, ${fig(t.busiest.clicks)} clicks${replicated ? " (the most on average)" : ""}`,
    ...Object.entries(t.firstLossMin).map(
      ([id, x]) => `  ${limitName(id)} first turned someone away: ${when(x)}`,
    ),
  ];
}

/** The peak-load section: the capacity figures a planner sizes departments by. */
function peakLines(r: Report<Fig> | ReplicationSummary): string[] {
  const replicated = "replications" in r;
  const p = r.peak;
  const f = r.funnel;
  const hh = String(p.busiestHour.hour).padStart(2, "0");
  const capacity = p.siteCapacity === "unlimited" ? "unlimited" : formatWhole(p.siteCapacity);
  const sessions = isEstimate(p.peakSessions)
    ? `peak concurrent sessions ${oneDecimal(p.peakSessions.mean)} on average, at most ${formatWhole(p.peakSessions.max)}, of ${capacity}`
    : `peak ${formatWhole(p.peakSessions)} concurrent sessions of ${capacity}`;
  const lines = [
    `  busiest hour: ${formatDay(p.busiestHour.day, r.start)}, ${hh}:00–${hh}:59, ${fig(p.busiestHour.clicks)} clicks${replicated ? " (the most on average)" : ""}`,
    `  site: ${sessions}`,
    `  consultants: utilisation ${pct(p.consultantUtilisation)}`,
  ];
  if (meanOf(f.consultRequests) > 0) {
    const busy = r.losses.find((l) => l.counter === "lostAbandonBusy")?.agents ?? 0;
    const offDuty = r.losses.find((l) => l.counter === "lostAbandonOffDuty")?.agents ?? 0;
    lines.push(
      `    ${fig(f.consultRequests)} requests; ${pct(p.waitedShare)} of them waited (served after a wait, gave up, or never picked up)`,
      `    served (${fig(f.consulted)}): mean wait ${minutes(p.meanWaitMin)}, 90 % within ${minutes(p.p90WaitMin)}`,
    );
    if (meanOf(f.lostAbandon) > 0)
      lines.push(
        `    gave up (${fig(f.lostAbandon)}): had waited ${minutes(p.gaveUpMeanWaitMin)} on average, 90 % at most ${minutes(p.gaveUpP90WaitMin)}; ${fig(busy)} while consultants were busy, ${fig(offDuty)} with none on duty`,
      );
    if (meanOf(f.unservedAtEnd) > 0)
      lines.push(
        `    never picked up (${fig(f.unservedAtEnd)}): still waiting when no consultant was on duty again`,
      );
  }
  const out = p.stockOutDay;
  lines.push(
    `  stock: ${
      out === null
        ? replicated
          ? "never ran out in any replication"
          : "never ran out"
        : isEstimate(out)
          ? `ran out in ${out.n ?? (r as ReplicationSummary).replications} of ${(r as ReplicationSummary).replications} replications, on day ${oneDecimal(out.mean)} on average (earliest day ${out.min}, latest ${out.max})`
          : `ran out on ${formatDay(out, r.start)}`
    }`,
  );
  return lines;
}
