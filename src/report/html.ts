// The run, explain and headroom reports as self-contained HTML files: charts first (the
// primitives in htmlCharts.ts), the numbers behind each chart in a table beside it, and where
// the result came from (htmlPage.ts). The study reports are in studyHtml.ts.
import type { Explanation } from "../analysis/explain.js";
import type { HeadroomResult } from "../analysis/headroom.js";
import type { HourlySeries } from "../analysis/series.js";
import type { Report } from "../analysis/summarize.js";
import type { ReplicationSummary } from "../analysis/summarizeReplications.js";
import { limitName, lossOwner, STAGES } from "../model/stages.js";
import { formatDay, formatMoney, formatWhole } from "./format.js";
import { times } from "./headroom.js";
import {
  bars,
  byDay,
  COLOUR,
  escapeHtml,
  type Fig,
  figure,
  heatMap,
  hourly,
  intervals,
  LINE_COLOURS,
  lines,
  niceTicks,
  table,
  value,
} from "./htmlCharts.js";
import { type Provenance, page } from "./htmlPage.js";

/** The run report (one run or replications) as a self-contained HTML document. */
export function renderRunHtml(
  r: Report<Fig> | ReplicationSummary,
  series: HourlySeries,
  provenance: Provenance,
): string {
  const f = r.funnel;
  const cur = r.currency;
  const replicated = "replications" in r;
  const rows = STAGES.flatMap((s) => s.rows ?? []).filter((row) => row.counter in f);
  const funnelChart = bars(
    "The funnel: people at each stage",
    "people (logarithmic scale: each step of the bar is ten times more)",
    rows.map((row) => ({ label: row.label, value: value(f[row.counter]), colour: "#4e79a7" })),
    true,
  );
  const funnelTable = table(
    ["stage", "people"],
    rows.map((row) => [row.label, formatWhole(value(f[row.counter]))]),
  );
  const losses = r.losses.filter((l) => value(l.agents) > 0 && l.counter !== "notClicked");
  const lossChart = bars(
    "Where the people who clicked were lost, by department",
    "people lost (each bar names its department)",
    losses.map((l) => ({
      label: `${lossOwner(l.counter, l.department)}: ${l.cause}`,
      value: value(l.agents),
      colour: COLOUR[l.department],
    })),
    false,
  );
  const lossTable = table(
    ["department", "cause", "people", "of reached"],
    r.losses.map((l) => [
      lossOwner(l.counter, l.department),
      l.cause,
      formatWhole(value(l.agents)),
      `${(100 * value(l.share)).toFixed(3)} %`,
    ]),
  );
  const site = series.turnedAway.find((t) => t.limit === "it");
  const clicksChart = hourly(
    "Clicks per hour over the campaign",
    "clicks per hour; the black marks under the axis are the hours in which the site was full",
    series.clicks,
    "#4e79a7",
    site ? (s) => site.perHour[s] > 0 : undefined,
  );
  const clicksTable = table(
    ["day", "clicks", ...(site ? ["turned away by a full site"] : [])],
    byDay(series.clicks).map((c, d) => [
      formatDay(d + 1, r.start),
      formatWhole(c),
      ...(site ? [formatWhole(byDay(site.perHour)[d])] : []),
    ]),
  );
  // A limit that turned no one away gets a sentence, not an empty chart.
  const idle = series.turnedAway.filter((t) => !t.perHour.some((v) => v > 0));
  const limits = series.turnedAway
    .filter((t) => !idle.includes(t))
    .map((t) =>
      figure(
        `${limitName(t.limit)}: people turned away per hour`,
        hourly(
          `${limitName(t.limit)}: people turned away per hour`,
          "people turned away per hour",
          t.perHour,
          "#f28e2b",
        ),
        table(
          ["day", "turned away"],
          byDay(t.perHour).map((v, d) => [formatDay(d + 1, r.start), formatWhole(v)]),
        ),
      ),
    );
  const load = loadCharts(r, series);
  const head = `${r.scenario} — seed ${r.seed}, ${r.horizonDays} days${replicated ? `, ${(r as ReplicationSummary).replications} replications (means)` : ""}`;

  return page(
    r.scenario,
    `<h1>${escapeHtml(head)}</h1>
<p class="revenue">Revenue <strong>${escapeHtml(formatMoney(value(r.revenue)))} ${escapeHtml(cur)}</strong> from ${escapeHtml(formatWhole(value(f.purchased)))} purchases.</p>
<h2>The funnel</h2>
${figure("The funnel: people at each stage", funnelChart, funnelTable)}
${figure("Where the people who clicked were lost, by department", lossChart, lossTable)}
<h2>Load against capacity</h2>
${figure("Clicks per hour over the campaign", clicksChart, clicksTable)}
${load.join("\n")}
${limits.join("\n")}
${idle.map((t) => `<p>${escapeHtml(limitName(t.limit))}: no one turned away.</p>`).join("\n")}`,
    provenance,
  );
}

/** Each day's largest figure of an hourly series. */
const dayMax = (perHour: number[]) =>
  Array.from({ length: perHour.length / 24 }, (_, d) =>
    Math.max(...perHour.slice(d * 24, d * 24 + 24)),
  );

/** A mean to the tenth, e.g. "0.4" (queue lengths and consultants busy are fractions). */
const tenth = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 1 });

/**
 * The run's load against each limited capacity: the site's sessions against its capacity, the
 * consultants busy against those on duty and the queue in front of them, the stock by day.
 * A chart only for a limit the scenario has, and only when it has something to draw.
 */
function loadCharts(r: Report<Fig> | ReplicationSummary, series: HourlySeries): string[] {
  const out: string[] = [];
  const day = (d: number) => formatDay(d + 1, r.start);
  const lost = (limit: string) => series.turnedAway.find((t) => t.limit === limit)?.perHour;
  const capacity = r.peak.siteCapacity;
  if (capacity !== "unlimited" && series.peakSessions.some((v) => v > 0)) {
    const full = lost("it");
    const title = "Sessions open at once per hour against the site's capacity";
    out.push(
      figure(
        title,
        hourly(
          title,
          "most sessions open at once in each hour (dashed: the site's capacity); the black marks under the axis are the hours in which the site turned people away",
          series.peakSessions,
          "#4e79a7",
          full ? (s) => full[s] > 0 : undefined,
          {
            label: `capacity ${formatWhole(capacity)}`,
            perHour: series.peakSessions.map(() => capacity),
          },
        ),
        table(
          ["day", "most sessions at once", "capacity", "hours full", "turned away"],
          dayMax(series.peakSessions).map((v, d) => [
            day(d),
            formatWhole(v),
            formatWhole(capacity),
            String(full ? full.slice(d * 24, d * 24 + 24).filter((x) => x > 0).length : 0),
            formatWhole(full ? byDay(full)[d] : 0),
          ]),
        ),
      ),
    );
  }
  const { queue, busy, onDuty } = series.consultants;
  if (onDuty?.some((v) => v > 0)) {
    const title = "Consultants busy per hour against those on duty";
    const busyDay = byDay(busy);
    const dutyDay = byDay(onDuty);
    out.push(
      figure(
        title,
        hourly(
          title,
          "consultants busy, on average over each hour (dashed: consultants on duty)",
          busy,
          "#59a14f",
          undefined,
          { label: "on duty", perHour: onDuty },
        ),
        table(
          ["day", "consultant-hours busy", "consultant-hours on duty", "utilisation"],
          busyDay.map((b, d) => [
            day(d),
            tenth(b),
            tenth(dutyDay[d]),
            dutyDay[d] > 0 ? `${((100 * b) / dutyDay[d]).toFixed(1)} %` : "–",
          ]),
        ),
      ),
    );
    if (queue.some((v) => v > 0)) {
      const gaveUp = lost("sales");
      const qTitle = "Requests waiting for a consultant per hour";
      out.push(
        figure(
          qTitle,
          hourly(
            qTitle,
            "requests waiting, on average over each hour; the black marks under the axis are the hours in which someone gave up waiting",
            queue,
            "#b07aa1",
            gaveUp ? (s) => gaveUp[s] > 0 : undefined,
          ),
          table(
            ["day", "waiting, mean over the day", "most waiting in an hour (hour mean)", "gave up"],
            byDay(queue).map((q, d) => [
              day(d),
              tenth(q / 24),
              tenth(dayMax(queue)[d]),
              formatWhole(gaveUp ? byDay(gaveUp)[d] : 0),
            ]),
          ),
        ),
      );
    }
  }
  if (series.stock) {
    const { left, restocked } = series.stock;
    const short = lost("supply");
    const shortDay = short ? byDay(short) : left.map(() => 0);
    const firstOut = shortDay.findIndex((v) => v > 0);
    const title = "Stock on the shelf at the end of each day";
    const chart = lines(
      title,
      "day of the campaign",
      "units on the shelf at the end of the day",
      [
        {
          label: "stock left",
          colour: "#b07aa1",
          points: left.map((v, d) => ({ x: d + 1, y: v })),
        },
      ],
      formatWhole,
      {
        x: { scale: "linear", format: (v) => `day ${v}`, ticks: niceTicks(1, left.length) },
        dots: true,
        markers: [
          ...restocked.flatMap((u, d) =>
            u > 0 ? [{ x: d + 1, label: `restock +${formatWhole(u)}` }] : [],
          ),
          ...(firstOut >= 0
            ? [{ x: firstOut + 1, label: `first turned away: day ${firstOut + 1}` }]
            : []),
        ],
      },
    );
    out.push(
      figure(
        title,
        chart,
        table(
          ["day", "restocked", "left at the end of the day", "turned away (out of stock)"],
          left.map((v, d) => [
            day(d),
            formatWhole(restocked[d]),
            formatWhole(v),
            formatWhole(shortDay[d]),
          ]),
        ),
      ),
    );
  }
  return out;
}

/** `explain` as a self-contained HTML document. */
export function renderExplainHtml(
  e: Explanation,
  verdict: string,
  bindingText: string[],
  provenance: Provenance,
): string {
  const cur = e.currency;
  const limits = Object.entries(e.shapley);
  const shapleyChart = intervals(
    "What each capacity limit costs (Shapley shares of the gap)",
    `revenue (${cur}) each limit costs; the line across each bar is its 95 % interval`,
    limits.map(([id, est]) => ({ label: limitName(id), estimate: est, colour: "#f28e2b" })),
  );
  const shapleyTable = table(
    ["limit", `costs (${cur})`, "± (95 %)"],
    limits.map(([id, est]) => [limitName(id), formatWhole(est.mean), formatWhole(est.halfWidth)]),
  );
  const cf = intervals(
    "Revenue with each limit lifted (same visitors)",
    `revenue (${cur}); the line across each bar is its 95 % interval`,
    e.counterfactuals.map((c) => ({ label: c.relaxed, estimate: c.revenue, colour: "#4e79a7" })),
  );
  const cfTable = table(
    ["", `revenue (${cur})`, "± (95 %)"],
    e.counterfactuals.map((c) => [
      c.relaxed,
      formatWhole(c.revenue.mean),
      formatWhole(c.revenue.halfWidth),
    ]),
  );
  const leverChart = intervals(
    "One more unit of each lever: the revenue it adds",
    `revenue added (${cur}); the line across each bar is its 95 % interval`,
    e.marginal.map((l) => ({ label: l.lever, estimate: l.uplift, colour: COLOUR[l.department] })),
  );
  const leverTable = table(
    [
      "lever",
      `revenue added (${cur})`,
      "±",
      `profit added (${cur})`,
      "per unit of money",
      "advised",
    ],
    e.marginal.map((l) => [
      l.lever,
      formatWhole(l.uplift.mean),
      formatWhole(l.uplift.halfWidth),
      l.profitUplift ? formatWhole(l.profitUplift.mean) : "–",
      l.upliftPerMoney === null ? "–" : l.upliftPerMoney.toFixed(2),
      l.recommended ? "yes" : "no",
    ]),
  );
  const days = e.binding[0] ? e.binding[0].share.length / 24 : 0;
  const maps = e.binding.map((b, i) =>
    figure(
      `When ${limitName(b.department)} binds`,
      heatMap(`When ${limitName(b.department)} binds`, b.share, days),
      `<p>${escapeHtml(bindingText[i] ?? "")}</p>${table(
        ["day", "hours it bound"],
        Array.from({ length: days }, (_, d) => [
          formatDay(d + 1, b.start),
          String(b.slots.filter((s) => Math.floor(s / 24) === d).length),
        ]),
      )}`,
    ),
  );
  return page(
    e.scenario,
    `<h1>${escapeHtml(`${e.scenario} — which limit caps revenue (seed ${e.seed}, ${e.replications} replications)`)}</h1>
<p class="verdict">${escapeHtml(verdict)}</p>
<h2>What each limit costs</h2>
${figure("What each capacity limit costs (Shapley shares of the gap)", shapleyChart, shapleyTable)}
${figure("Revenue with each limit lifted (same visitors)", cf, cfTable)}
<h2>Levers</h2>
${figure("One more unit of each lever: the revenue it adds", leverChart, leverTable)}
<h2>When each limit binds</h2>
${maps.join("\n")}`,
    provenance,
  );
}

/** `headroom` as a self-contained HTML document: the share each limit turns away, and revenue. */
export function renderHeadroomHtml(
  h: HeadroomResult,
  sentence: string,
  provenance: Provenance,
): string {
  const pct = (v: number) => `${(100 * v).toFixed(1)} %`;
  const shares = lines(
    "Share of the people reaching each limit it turns away, by traffic",
    "traffic, × the scenario's (logarithmic)",
    "share turned away (the band: 95 % interval)",
    h.limits.map((c, i) => ({
      label: c.name,
      colour: LINE_COLOURS[i % LINE_COLOURS.length],
      points: h.curve.map((p) => {
        const s = p.limits[c.id]?.share;
        return {
          x: p.traffic,
          y: s?.mean ?? 0,
          lo: Math.max(0, (s?.mean ?? 0) - (s?.halfWidth ?? 0)),
          hi: (s?.mean ?? 0) + (s?.halfWidth ?? 0),
        };
      }),
    })),
    pct,
    {
      threshold: h.threshold,
      markers: h.limits
        .filter((c) => c.breaksAt !== null)
        .map((c) => ({
          x: c.breaksAt as number,
          label: `${c.name} breaks at ${times(c.breaksAt as number)}`,
        })),
    },
  );
  const sharesTable = table(
    ["traffic", ...h.limits.map((c) => c.name)],
    h.curve.map((p) => [
      `${p.traffic}×`,
      ...h.limits.map((c) => {
        const s = p.limits[c.id]?.share;
        return s ? pct(s.mean) : "–";
      }),
    ]),
  );
  const revenue = lines(
    "Revenue by traffic",
    "traffic, × the scenario's (logarithmic)",
    `revenue (${h.currency}; the band: 95 % interval)`,
    [
      {
        label: "revenue",
        colour: "#4e79a7",
        points: h.curve.map((p) => ({
          x: p.traffic,
          y: p.revenue.mean,
          lo: p.revenue.mean - p.revenue.halfWidth,
          hi: p.revenue.mean + p.revenue.halfWidth,
        })),
      },
    ],
    formatWhole,
  );
  const revenueTable = table(
    ["traffic", `revenue (${h.currency})`, "±", "purchased"],
    h.curve.map((p) => [
      `${p.traffic}×`,
      formatWhole(p.revenue.mean),
      formatWhole(p.revenue.halfWidth),
      formatWhole(p.purchased.mean),
    ]),
  );
  return page(
    h.scenario,
    `<h1>${escapeHtml(`${h.scenario} — headroom up to ${h.maxTraffic}× (seed ${h.seed}, ${h.replications} replications per multiple)`)}</h1>
<p class="verdict">${escapeHtml(sentence)}</p>
${figure("Share of the people reaching each limit it turns away, by traffic", shares, sharesTable)}
${figure("Revenue by traffic", revenue, revenueTable)}`,
    provenance,
  );
}
