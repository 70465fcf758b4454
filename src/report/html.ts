// The run report as one self-contained HTML file: charts first (inline SVG drawn here, no
// script, no font, no request of any kind), the numbers behind each chart in a table beside
// it, and where the result came from. Colours are never the only cue: every bar is labelled.
import type { Explanation } from "../analysis/explain.js";
import type { HeadroomResult } from "../analysis/headroom.js";
import type { Estimate } from "../analysis/replications.js";
import type { HourlySeries } from "../analysis/series.js";
import type { Report } from "../analysis/summarize.js";
import type { ReplicationSummary } from "../analysis/summarizeReplications.js";
import { limitName, lossOwner, STAGES } from "../model/stages.js";
import type { Department } from "../model/vocabulary.js";
import { formatDay, formatMoney, formatWhole } from "./format.js";
import { times } from "./headroom.js";

/** Where a result came from: enough to reproduce it. */
export interface Provenance {
  engine: string;
  /** The command that made the result. */
  command: string;
  scenarioFile: string;
  /** SHA-256 of the scenario file's bytes. */
  scenarioSha256: string;
  overrides: string[];
  /** Further scenarios the result reads (compare), each with the SHA-256 of its bytes. */
  moreScenarios?: { file: string; sha256: string }[];
  seed: number;
  replications: number;
  /** Threads used; the result does not depend on them. */
  threads: number;
  node: string;
  date: string;
  /** The command line that makes the same result again (output options left out). */
  reproduce: string;
}

export type Fig = number | Estimate;
export const value = (x: Fig) => (typeof x === "number" ? x : x.mean);

/** Text safe inside HTML and SVG. */
export const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Department colours, distinct in lightness too (readable in grey when printed). */
export const COLOUR: Record<Department, string> = {
  marketing: "#4e79a7",
  it: "#f28e2b",
  sales: "#59a14f",
  supply: "#b07aa1",
};

export const WIDTH = 1100;

/** Room for right-aligned labels at 13 px (about 7 px a character), within reason. */
const labelWidth = (labels: string[]) =>
  Math.min(560, Math.max(120, 16 + 7 * Math.max(0, ...labels.map((l) => l.length))));

/** A horizontal bar chart: one labelled bar per row, on a linear or logarithmic axis. */
export function bars(
  title: string,
  axis: string,
  rows: { label: string; value: number; colour: string; note?: string }[],
  log: boolean,
): string {
  const rowHeight = 22;
  const left = labelWidth(rows.map((r) => r.label));
  const right = 140;
  const plot = WIDTH - left - right;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const scale = (v: number) =>
    v <= 0 ? 0 : log ? (Math.log10(1 + v) / Math.log10(1 + max)) * plot : (v / max) * plot;
  const height = rows.length * rowHeight + 40;
  const marks = rows
    .map((r, i) => {
      const y = i * rowHeight + 10;
      const w = scale(r.value);
      return `<text x="${left - 8}" y="${y + 14}" text-anchor="end">${escapeHtml(r.label)}</text><rect class="mark" x="${left}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${r.colour}"/><text x="${(left + w + 6).toFixed(1)}" y="${y + 14}">${escapeHtml(formatWhole(r.value))}${r.note ? ` ${escapeHtml(r.note)}` : ""}</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%"><g font-size="13">${marks}</g><text x="${left}" y="${height - 6}" font-size="12">${escapeHtml(axis)}</text></svg>`;
}

/**
 * Hour-by-hour columns over the campaign, with labelled day ticks; `marked` hours get a black
 * flag under the axis, and a `limit` (a capacity, hour by hour) is drawn across the columns as
 * a dashed step line labelled at its right end.
 */
export function hourly(
  title: string,
  axis: string,
  perHour: number[],
  colour: string,
  marked?: (hour: number) => boolean,
  limit?: { label: string; perHour: number[] },
): string {
  const left = 70;
  const plotHeight = 160;
  // The same room on the right in every hourly chart (for a limit's label), so that charts
  // stacked on one page put each hour at the same place.
  const plot = WIDTH - left - 150;
  const max = Math.max(1, ...perHour, ...(limit?.perHour.filter(Number.isFinite) ?? []));
  const step = plot / perHour.length;
  const days = perHour.length / 24;
  const dayEvery = Math.max(1, Math.ceil(days / 15));
  const marks = perHour
    .map((v, s) => {
      const h = (v / max) * plotHeight;
      return v > 0
        ? `<rect class="mark" x="${(left + s * step).toFixed(2)}" y="${(10 + plotHeight - h).toFixed(2)}" width="${Math.max(step, 0.6).toFixed(2)}" height="${h.toFixed(2)}" fill="${colour}"/>`
        : "";
    })
    .join("");
  const flags = marked
    ? perHour
        .map((_, s) =>
          marked(s)
            ? `<rect x="${(left + s * step).toFixed(2)}" y="${plotHeight + 14}" width="${Math.max(step, 1).toFixed(2)}" height="6" fill="#333"/>`
            : "",
        )
        .join("")
    : "";
  const ticks = Array.from({ length: Math.ceil(days / dayEvery) }, (_, k) => {
    const day = k * dayEvery;
    const x = left + day * 24 * step;
    return `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${plotHeight + 10}" y2="${plotHeight + 24}" stroke="#666"/><text x="${(x + 2).toFixed(1)}" y="${plotHeight + 38}" font-size="11">day ${day + 1}</text>`;
  }).join("");
  const height = plotHeight + 60;
  let line = "";
  if (limit) {
    const y = (v: number) => (10 + plotHeight - (Math.min(v, max) / max) * plotHeight).toFixed(2);
    const points = limit.perHour.flatMap((v, s) => [
      `${(left + s * step).toFixed(2)},${y(v)}`,
      `${(left + (s + 1) * step).toFixed(2)},${y(v)}`,
    ]);
    const last = limit.perHour[limit.perHour.length - 1] ?? 0;
    line = `<polyline points="${points.join(" ")}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="5,3"/><text x="${left + plot + 6}" y="${(Number(y(last)) + 4).toFixed(2)}" font-size="11">${escapeHtml(limit.label)}</text>`;
  }
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%"><text x="4" y="20" font-size="11">${escapeHtml(formatWhole(max))}</text><text x="4" y="${plotHeight + 10}" font-size="11">0</text><line x1="${left}" x2="${left}" y1="10" y2="${plotHeight + 10}" stroke="#666"/>${marks}${line}${flags}${ticks}<text x="${left}" y="${height - 4}" font-size="12">${escapeHtml(axis)}</text></svg>`;
}

/** A cell that is a figure (right-aligned): "1,457", "0.058 %", "−3", "4,529 ± 200". */
const NUMBER = /^[−+-]?[\d,.]+( ± [\d,.]+)?( %| pp)?$/;

/** A table of numbers: a header row and rows of cells. */
export function table(header: string[], rows: string[][]): string {
  const th = header.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c) => `<td${NUMBER.test(c) ? ' class="n"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`,
    )
    .join("");
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Per-day sums of an hourly series: the table behind an hourly chart. */
export const byDay = (perHour: number[]) =>
  Array.from({ length: perHour.length / 24 }, (_, d) =>
    perHour.slice(d * 24, d * 24 + 24).reduce((a, b) => a + b, 0),
  );

export function figure(title: string, chart: string, numbers: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><div class="chart">${chart}</div><details open><summary>The numbers</summary>${numbers}</details></figure>`;
}

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

/** The provenance table: where a result came from. */
function provenanceTable(provenance: Provenance): string {
  return table(
    ["", ""],
    [
      ["engine", provenance.engine],
      ["command", provenance.command],
      ["scenario", provenance.scenarioFile],
      ["SHA-256 of its bytes", provenance.scenarioSha256],
      ...(provenance.moreScenarios ?? []).flatMap((m) => [
        ["and scenario", m.file],
        ["SHA-256 of its bytes", m.sha256],
      ]),
      ["overrides", provenance.overrides.length ? provenance.overrides.join(" ") : "none"],
      ["seed", String(provenance.seed)],
      ["replications", String(provenance.replications)],
      ["threads", `${provenance.threads} (the result does not depend on them)`],
      ["Node.js", provenance.node],
      ["made", provenance.date],
      ["to make it again", provenance.reproduce],
    ],
  );
}

/** A whole page: its style, the body, and where the result came from. */
export function page(title: string, body: string, provenance: Provenance): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1180px;margin:24px auto;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
figure{margin:18px 0;break-inside:avoid;page-break-inside:avoid}.chart{break-inside:avoid;page-break-inside:avoid}figcaption{break-after:avoid;page-break-after:avoid}figcaption{font-weight:600;margin-bottom:6px}
svg{display:block;max-width:100%;height:auto}
table{border-collapse:collapse;font-size:13px;margin-top:6px}th,td{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}td:not(.n){overflow-wrap:anywhere}td.n{white-space:nowrap}
details summary{cursor:pointer;font-size:13px;color:#555}
.revenue{font-size:18px}.verdict{font-size:15px;line-height:1.45;max-width:980px}
@media print{body{margin:0;max-width:none}table{font-size:11px}details{display:block}}
</style></head><body>
${body}
<h2>Where this result comes from</h2>
${provenanceTable(provenance)}
</body></html>
`;
}

/** Bars with a 95 % interval drawn across each (whisker), on a linear axis from zero. */
export function intervals(
  title: string,
  axis: string,
  rows: { label: string; estimate: Estimate; colour: string }[],
): string {
  const rowHeight = 24;
  const left = labelWidth(rows.map((r) => r.label));
  const right = 200;
  const plot = WIDTH - left - right;
  const max = Math.max(1, ...rows.map((r) => r.estimate.mean + r.estimate.halfWidth));
  // Below zero (a change that loses revenue) the axis starts at the lowest interval's end.
  const min = Math.min(0, ...rows.map((r) => r.estimate.mean - r.estimate.halfWidth));
  const x = (v: number) => left + ((Math.max(min, v) - min) / (max - min)) * plot;
  const height = rows.length * rowHeight + 40;
  const zero =
    min < 0
      ? `<line x1="${x(0).toFixed(1)}" x2="${x(0).toFixed(1)}" y1="6" y2="${height - 24}" stroke="#666"/>`
      : "";
  const marks = rows
    .map((r, i) => {
      const y = i * rowHeight + 10;
      const { mean, halfWidth } = r.estimate;
      return `<text x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(r.label)}</text><rect class="mark" x="${x(Math.min(0, mean)).toFixed(1)}" y="${y + 3}" width="${(x(Math.max(0, mean)) - x(Math.min(0, mean))).toFixed(1)}" height="${rowHeight - 8}" fill="${r.colour}"/><line x1="${x(mean - halfWidth).toFixed(1)}" x2="${x(mean + halfWidth).toFixed(1)}" y1="${y + 11}" y2="${y + 11}" stroke="#222" stroke-width="2"/><text x="${(x(mean + halfWidth) + 6).toFixed(1)}" y="${y + 15}">${escapeHtml(`${formatWhole(mean)} ± ${formatWhole(halfWidth)}`)}</text>`;
    })
    .join("");
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%">${zero}<g font-size="13">${marks}</g><text x="${left}" y="${height - 6}" font-size="12">${escapeHtml(axis)}</text></svg>`;
}

/** A day × hour heat map of a share (0–1): darker where more replications lost someone. */
export function heatMap(title: string, share: number[], days: number): string {
  const left = 70;
  const top = 18;
  const cell = Math.min(18, (WIDTH - left - 20) / days);
  const rowHeight = 9;
  const marks = share
    .map((v, s) => {
      if (v <= 0) return "";
      const day = Math.floor(s / 24);
      const hour = s % 24;
      const shade = Math.round(235 - 200 * v);
      return `<rect class="mark" x="${(left + day * cell).toFixed(1)}" y="${top + hour * rowHeight}" width="${(cell - 1).toFixed(1)}" height="${rowHeight - 1}" fill="rgb(${shade},${shade},${Math.min(255, shade + 30)})"/>`;
    })
    .join("");
  // A label every few days, at least ~50 px apart so they never run into each other.
  const dayEvery = Math.max(1, Math.ceil(50 / cell));
  const ticks = Array.from({ length: Math.ceil(days / dayEvery) }, (_, k) => {
    const day = k * dayEvery;
    return `<text x="${(left + day * cell).toFixed(1)}" y="${top + 24 * rowHeight + 14}" font-size="11">day ${day + 1}</text>`;
  }).join("");
  const hours = [0, 6, 12, 18]
    .map(
      (h) =>
        `<text x="${left - 8}" y="${top + h * rowHeight + 8}" text-anchor="end" font-size="11">${String(h).padStart(2, "0")}:00</text>`,
    )
    .join("");
  const height = top + 24 * rowHeight + 34;
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%"><rect x="${left}" y="${top}" width="${(days * cell).toFixed(1)}" height="${24 * rowHeight}" fill="none" stroke="#999"/>${marks}${hours}${ticks}<text x="${left}" y="12" font-size="12">hour of day (down) by day of the campaign (across); darker: lost someone in more replications</text></svg>`;
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

/**
 * How `lines` lays out its x axis: logarithmic (the default, ticks "2×", "5×": traffic
 * multiples) or linear, with ticks formatted by `format`, at `ticks` when given (e.g. a
 * category's index) or at round values.
 */
export interface XAxis {
  scale: "log" | "linear";
  format?: (v: number) => string;
  ticks?: number[];
}

/** A linear axis unless the (positive) values span more than ten times. */
export const xAxisFor = (values: number[], format?: (v: number) => string): XAxis => {
  const min = Math.min(...values);
  const max = Math.max(...values);
  return { scale: min > 0 && max / min > 10 ? "log" : "linear", format };
};

/** Round tick values between lo and hi: about `count` of them (1, 2 or 5 × a power of ten apart). */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step)
    out.push(Number(t.toPrecision(12)));
  return out;
}

/** Ticks 1, 2, 5 × each power of ten within [lo, hi] (lo > 0). */
const logTicks = (lo: number, hi: number) => {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++)
    for (const m of [1, 2, 5]) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo && t <= hi) out.push(t);
    }
  return out;
};

/**
 * A line per series over an x axis (logarithmic unless `extras.x` says), with an optional band,
 * a horizontal threshold (labelled `thresholdLabel`, else "threshold …"), vertical markers and
 * a dot on each point.
 */
export function lines(
  title: string,
  xAxis: string,
  yAxis: string,
  series: {
    label: string;
    colour: string;
    points: { x: number; y: number; lo?: number; hi?: number }[];
    /** A dash pattern (SVG stroke-dasharray), so lines that meet stay apart without colour. */
    dash?: string;
  }[],
  yFormat: (v: number) => string,
  extras: {
    threshold?: number;
    thresholdLabel?: string;
    markers?: { x: number; label: string }[];
    x?: XAxis;
    dots?: boolean;
  } = {},
): string {
  const left = 80;
  const right = 190;
  const top = 20;
  const plotHeight = 260;
  const plot = WIDTH - left - right;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const log = (extras.x?.scale ?? "log") === "log";
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs, log ? xMin * 1.01 : xMin + 1);
  const yMax = Math.max(
    1e-9,
    extras.threshold ?? 0,
    ...series.flatMap((s) => s.points.map((p) => p.hi ?? p.y)),
  );
  const x = (v: number) =>
    left + (log ? Math.log(v / xMin) / Math.log(xMax / xMin) : (v - xMin) / (xMax - xMin)) * plot;
  const y = (v: number) => top + plotHeight - (Math.max(0, v) / yMax) * plotHeight;
  const bands = series
    .filter((s) => s.points.every((p) => p.lo !== undefined && p.hi !== undefined))
    .map((s) => {
      const upper = s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.hi ?? p.y).toFixed(1)}`);
      const lower = [...s.points]
        .reverse()
        .map((p) => `${x(p.x).toFixed(1)},${y(p.lo ?? p.y).toFixed(1)}`);
      return `<polygon points="${[...upper, ...lower].join(" ")}" fill="${s.colour}" opacity="0.2"/>`;
    })
    .join("");
  // Each line's label at its last point (and the threshold's), moved apart where two would
  // overlap.
  const labelY = [
    ...series.map((s) => y(s.points[s.points.length - 1].y) + 4),
    ...(extras.threshold === undefined ? [] : [y(extras.threshold) + 4]),
  ];
  const order = labelY.map((_, i) => i).sort((a, b) => labelY[a] - labelY[b] || a - b);
  order.forEach((i, k) => {
    if (k > 0) labelY[i] = Math.max(labelY[i], labelY[order[k - 1]] + 13);
  });
  const paths = series
    .map((s, i) => {
      const pts = s.points.map((p) => `${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(" ");
      const last = s.points[s.points.length - 1];
      const dots = extras.dots
        ? s.points
            .map(
              (p) =>
                `<circle class="mark" cx="${x(p.x).toFixed(1)}" cy="${y(p.y).toFixed(1)}" r="3.5" fill="${s.colour}"/>`,
            )
            .join("")
        : "";
      return `<polyline class="mark" points="${pts}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ""}/>${dots}<text x="${(x(last.x) + 6).toFixed(1)}" y="${labelY[i].toFixed(1)}" font-size="12">${escapeHtml(s.label)}</text>`;
    })
    .join("");
  const threshold =
    extras.threshold === undefined
      ? ""
      : `<line x1="${left}" x2="${left + plot}" y1="${y(extras.threshold).toFixed(1)}" y2="${y(extras.threshold).toFixed(1)}" stroke="#222" stroke-dasharray="5,4"/><text x="${left + plot + 4}" y="${labelY[series.length].toFixed(1)}" font-size="11">${escapeHtml(extras.thresholdLabel ?? `threshold ${yFormat(extras.threshold)}`)}</text>`;
  // A marker near the right edge is labelled to its left, clear of the lines' labels.
  const markers = (extras.markers ?? [])
    .map((m, i) => {
      const right = x(m.x) > left + 0.8 * plot;
      return `<line x1="${x(m.x).toFixed(1)}" x2="${x(m.x).toFixed(1)}" y1="${top}" y2="${top + plotHeight}" stroke="#666" stroke-dasharray="2,3"/><text x="${(x(m.x) + (right ? -3 : 3)).toFixed(1)}" y="${top + 12 + 13 * i}" font-size="11"${right ? ' text-anchor="end"' : ""}>${escapeHtml(m.label)}</text>`;
    })
    .join("");
  const tickFormat = extras.x?.format ?? ((t: number) => `${t}×`);
  const tickValues =
    extras.x?.ticks ??
    (extras.x === undefined
      ? [1, 1.5, 2, 3, 5, 7, 10, 15, 20, 30, 50, 100]
      : log
        ? logTicks(xMin, xMax)
        : niceTicks(xMin, xMax));
  const ticks = tickValues
    .filter((t) => t >= xMin && t <= xMax)
    .map(
      (t) =>
        `<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${top + plotHeight}" y2="${top + plotHeight + 5}" stroke="#666"/><text x="${x(t).toFixed(1)}" y="${top + plotHeight + 18}" font-size="11" text-anchor="middle">${escapeHtml(tickFormat(t))}</text>`,
    )
    .join("");
  // The axes' words on one line where they fit the width (about 6.6 px a character), else two.
  const oneLine = (xAxis.length + yAxis.length + 2) * 6.6 <= WIDTH - left - 10;
  const height = top + plotHeight + (oneLine ? 44 : 60);
  const axisWords = oneLine
    ? `<text x="${left}" y="${height - 4}" font-size="12">${escapeHtml(`${xAxis}; ${yAxis}`)}</text>`
    : `<text x="${left}" y="${height - 20}" font-size="12">${escapeHtml(`${xAxis};`)}</text><text x="${left}" y="${height - 4}" font-size="12">${escapeHtml(yAxis)}</text>`;
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%"><line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#666"/><line x1="${left}" x2="${left + plot}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#666"/><text x="${left - 6}" y="${top + 4}" font-size="11" text-anchor="end">${escapeHtml(yFormat(yMax))}</text><text x="${left - 6}" y="${top + plotHeight}" font-size="11" text-anchor="end">0</text>${bands}${threshold}${paths}${markers}${ticks}${axisWords}</svg>`;
}

export const LINE_COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2"];

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
