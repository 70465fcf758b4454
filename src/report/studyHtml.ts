// The study commands' results (sweep, whatif, compare, capacity, staffing) as self-contained
// HTML files: the same page, primitives and rules as the run report (./html.ts): inline SVG, no
// request of any kind, every chart titled and with its numbers in a table beside it, and colour
// never the only cue (lines and bars are labelled, heat-map cells carry their value).
import type { CapacityResult, LeverResult } from "../analysis/capacity.js";
import type { ScenarioComparison } from "../analysis/comparison.js";
import type { Estimate } from "../analysis/replications.js";
import type { StaffingCell, StaffingResult } from "../analysis/staffing.js";
import { type PointResult, rankVariants, type StudyResult } from "../analysis/study.js";
import { describeSettings } from "../analysis/studyPoints.js";
import { cell, columnLabels, rowLabel, SECTION_TITLE } from "./comparisonTerminal.js";
import { formatEstimate, formatSigned, formatWhole } from "./format.js";
import {
  escapeHtml,
  figure,
  intervals,
  LINE_COLOURS,
  lines,
  niceTicks,
  table,
  WIDTH,
  xAxisFor,
} from "./htmlCharts.js";
import { type Provenance, page } from "./htmlPage.js";
import { targetWords } from "./staffing.js";

const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);
/** A setting as written: numbers as numbers, anything else as YAML-ish JSON. */
const setting = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
/** A number with up to three decimals and thousands separators (a setting, a tick). */
const num = (v: number) => v.toLocaleString("en-US", { maximumFractionDigits: 3 });
const short = (s: string, n = 26) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** A band of ± the half-width around an estimate's mean, for `lines`. */
const band = (x: number, e: Estimate) => ({
  x,
  y: e.mean,
  lo: e.mean - e.halfWidth,
  hi: e.mean + e.halfWidth,
});

/** What a varied key's values count, for its axis. */
function keyUnit(key: string, currency: string): string {
  if (key === "traffic") return "× the scenario's reach";
  if (key === "budget") return "× the scenario's budget";
  if (/capacity$/.test(key)) return "concurrent sessions";
  if (/consultants$/.test(key)) return "consultants";
  if (/stock$/.test(key)) return "units";
  if (/cost|price|budget|spend/i.test(key)) return currency;
  return "as set";
}

/** A key's values in the order the study gives them (each once). */
function valuesOf(points: readonly PointResult[], key: string): unknown[] {
  const seen = new Map<string, unknown>();
  for (const p of points)
    if (key in p.settings) seen.set(setting(p.settings[key]), p.settings[key]);
  return [...seen.values()];
}

/** Dash patterns by line, so lines that coincide or cross read apart without colour. */
const DASHES = ["", "8,4", "2,3", "10,3,2,3", "4,4", "1,5"];

/** Lines drawn per chart at most: one per combination of the other keys. */
const MAX_SERIES = LINE_COLOURS.length;

/**
 * Revenue against one varied key: numeric values on their own axis (linear unless they span
 * more than ten times), anything else as evenly spaced categories; a line (with its 95 % band)
 * per combination of the other keys' values, up to MAX_SERIES of them.
 */
function revenueByKey(s: StudyResult, key: string): string {
  const cur = s.currency;
  const others = s.keys.filter((k) => k !== key);
  const values = valuesOf(s.points, key);
  const numeric = values.every((v) => typeof v === "number");
  const index = new Map(values.map((v, i) => [setting(v), i]));
  const xOf = (p: PointResult) =>
    numeric ? (p.settings[key] as number) : (index.get(setting(p.settings[key])) ?? 0);
  const groups = new Map<string, PointResult[]>();
  for (const p of s.points) {
    if (!(key in p.settings)) continue;
    const g = others.map((k) => setting(p.settings[k])).join(" · ");
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  const all = [...groups.entries()];
  const shown = all.slice(0, MAX_SERIES);
  const series = shown.map(([g, ps], i) => ({
    label: short(others.length === 0 ? "revenue" : others.length === 1 ? `${others[0]}=${g}` : g),
    colour: LINE_COLOURS[i % LINE_COLOURS.length],
    dash: DASHES[i % DASHES.length],
    points: [...ps].sort((a, b) => xOf(a) - xOf(b)).map((p) => band(xOf(p), p.revenue)),
  }));
  const xs = values.map((v, i) => (numeric ? (v as number) : i));
  const format = numeric
    ? (v: number) => (key === "traffic" || key === "budget" ? `${num(v)}×` : num(v))
    : (i: number) => short(setting(values[i]), 14);
  const axis = xAxisFor(xs, format);
  const title = `Revenue by ${key}`;
  const chart = lines(
    title,
    `${key} (${keyUnit(key, cur)}${axis.scale === "log" ? ", logarithmic" : ""})`,
    `revenue (${cur}; the band: 95 % interval)${others.length ? `; a line per ${others.join(" · ")}` : ""}${all.length > shown.length ? ` (the first ${shown.length} of ${all.length})` : ""}`,
    series,
    formatWhole,
    { x: { ...axis, ticks: xs.length <= 12 ? xs : undefined }, dots: true },
  );
  const numbers = table(
    [key, ...others, `revenue (${cur})`, "± (95 %)"],
    shown.flatMap(([, ps]) =>
      [...ps]
        .sort((a, b) => xOf(a) - xOf(b))
        .map((p) => [
          setting(p.settings[key]),
          ...others.map((k) => setting(p.settings[k])),
          formatWhole(p.revenue.mean),
          formatWhole(p.revenue.halfWidth),
        ]),
    ),
  );
  return figure(title, chart, numbers);
}

/** A blue ramp (light to dark: readable without colour vision, and in grey). */
const shade = (t: number) => {
  const c = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${c(235, 33)},${c(242, 75)},${c(250, 140)})`;
};

/**
 * A key1 × key2 grid of values: a cell per pair, labelled with its value, darker where it is
 * higher, with a legend of the shading.
 */
export function gridHeatMap(
  title: string,
  axis: string,
  rowLabels: string[],
  colLabels: string[],
  cells: (number | null)[][],
  format: (v: number) => string,
): string {
  const left = Math.min(260, Math.max(90, 16 + 7 * Math.max(...rowLabels.map((l) => l.length))));
  const top = 40;
  const width = WIDTH - left - 20;
  const cellW = width / Math.max(1, colLabels.length);
  const cellH = 30;
  const flat = cells.flat().filter((v): v is number => v !== null);
  const lo = Math.min(...flat);
  const hi = Math.max(...flat);
  const t = (v: number) => (hi > lo ? (v - lo) / (hi - lo) : 0.5);
  const longest = Math.max(1, ...flat.map((v) => format(v).length));
  const fontSize = Math.max(8, Math.min(13, (cellW - 4) / (0.62 * longest)));
  const marks = cells
    .flatMap((row, i) =>
      row.map((v, j) => {
        if (v === null) return "";
        const x = left + j * cellW;
        const y = top + i * cellH;
        return `<rect class="mark" x="${x.toFixed(1)}" y="${y}" width="${(cellW - 2).toFixed(1)}" height="${cellH - 2}" fill="${shade(t(v))}"/><text x="${(x + cellW / 2 - 1).toFixed(1)}" y="${y + cellH / 2 + 4}" text-anchor="middle" font-size="${fontSize.toFixed(1)}" fill="${t(v) > 0.55 ? "#fff" : "#111"}">${escapeHtml(format(v))}</text>`;
      }),
    )
    .join("");
  const rowText = rowLabels
    .map(
      (l, i) =>
        `<text x="${left - 8}" y="${top + i * cellH + cellH / 2 + 4}" text-anchor="end" font-size="12">${escapeHtml(l)}</text>`,
    )
    .join("");
  const colText = colLabels
    .map(
      (l, j) =>
        `<text x="${(left + j * cellW + cellW / 2).toFixed(1)}" y="${top - 8}" text-anchor="middle" font-size="12">${escapeHtml(short(l, Math.max(4, Math.floor(cellW / 7))))}</text>`,
    )
    .join("");
  const legendTop = top + rowLabels.length * cellH + 14;
  const steps = 5;
  const legend = Array.from({ length: steps }, (_, k) => {
    const v = lo + ((hi - lo) * k) / (steps - 1);
    const x = left + k * 130;
    return `<rect x="${x}" y="${legendTop}" width="24" height="14" fill="${shade(k / (steps - 1))}" stroke="#999"/><text x="${x + 30}" y="${legendTop + 12}" font-size="11">${escapeHtml(format(v))}</text>`;
  }).join("");
  const height = legendTop + 44;
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%">${colText}${rowText}${marks}<text x="${left - 8}" y="${legendTop + 12}" text-anchor="end" font-size="11">shading:</text>${legend}<text x="${left}" y="${height - 6}" font-size="12">${escapeHtml(axis)}</text></svg>`;
}

/** Two varied keys: revenue on their grid. */
function revenueGrid(s: StudyResult): string {
  const [k1, k2] = s.keys;
  const cur = s.currency;
  const rows = valuesOf(s.points, k1);
  const cols = valuesOf(s.points, k2);
  const at = (a: unknown, b: unknown) =>
    s.points.find(
      (p) => setting(p.settings[k1]) === setting(a) && setting(p.settings[k2]) === setting(b),
    );
  const cells = rows.map((a) => cols.map((b) => at(a, b)?.revenue.mean ?? null));
  const title = `Revenue by ${k1} and ${k2}`;
  const chart = gridHeatMap(
    title,
    `${k1} (${keyUnit(k1, cur)}, down) by ${k2} (${keyUnit(k2, cur)}, across); each cell: mean revenue (${cur}), darker where higher`,
    rows.map(setting),
    cols.map(setting),
    cells,
    formatWhole,
  );
  const numbers = table(
    [`${k1} \\ ${k2}`, ...cols.map(setting)],
    rows.map((a) => [
      setting(a),
      ...cols.map((b) => {
        const p = at(a, b);
        return p ? formatWhole(p.revenue.mean) : "–";
      }),
    ]),
  );
  return figure(title, chart, numbers);
}

/** Every point of a study in one table: its settings and what it gave. */
function pointsTable(s: StudyResult, points: readonly PointResult[], variants: boolean): string {
  const cur = s.currency;
  return table(
    [
      ...(variants ? ["#", "variant", "settings"] : s.keys),
      `revenue (${cur})`,
      "± (95 %)",
      "purchased",
      `revenue added (${cur})`,
      "±",
      `extra cost (${cur})`,
    ],
    points.map((p, i) => [
      ...(variants
        ? [String(i + 1), p.name ?? "", describeSettings(p.settings)]
        : s.keys.map((k) => setting(p.settings[k]))),
      formatWhole(p.revenue.mean),
      formatWhole(p.revenue.halfWidth),
      formatWhole(p.purchased.mean),
      formatSigned(p.change.revenue.mean),
      formatWhole(p.change.revenue.halfWidth),
      p.extraCost === null ? "–" : formatWhole(p.extraCost),
    ]),
  );
}

const studyHead = (s: StudyResult, what: string) =>
  `<h1>${escapeHtml(`${s.scenario} — ${what} (seed ${s.seed}, ${s.replications} replications per point)`)}</h1>
<p class="revenue">The base (the scenario as written) brings <strong>${escapeHtml(`${formatEstimate(s.base.revenue)} ${s.currency}`)}</strong> (mean ± 95 % half-width).</p>`;

/** `sweep --html`: revenue against each varied key, the grid of two keys, and every point. */
export function renderSweepHtml(s: StudyResult, provenance: Provenance): string {
  return page(
    s.scenario,
    `${studyHead(s, `sweep over ${s.keys.join(" × ")}, ${s.points.length} points`)}
<h2>Revenue against each varied key</h2>
${s.keys.map((k) => revenueByKey(s, k)).join("\n")}
${s.keys.length === 2 ? `<h2>Both keys together</h2>\n${revenueGrid(s)}` : ""}
<h2>Every point</h2>
${pointsTable(s, s.points, false)}`,
    provenance,
  );
}

/** `whatif --html`: the variants ranked by the revenue they add, with intervals. */
export function renderWhatIfHtml(s: StudyResult, provenance: Provenance): string {
  const cur = s.currency;
  const ranked = rankVariants(s);
  const addedTitle = "Revenue each variant adds over the base, ranked";
  const added = intervals(
    addedTitle,
    `revenue added (${cur}), paired with the base replication by replication; the line across each bar is its 95 % interval`,
    ranked.map((p, i) => ({
      label: `${i + 1}. ${p.name ?? ""}`,
      estimate: p.change.revenue,
      colour: "#4e79a7",
    })),
  );
  const addedTable = table(
    ["#", "variant", `revenue added (${cur})`, "± (95 %)", "clearly above zero"],
    ranked.map((p, i) => [
      String(i + 1),
      p.name ?? "",
      formatSigned(p.change.revenue.mean),
      formatWhole(p.change.revenue.halfWidth),
      p.change.revenue.mean - p.change.revenue.halfWidth > 0 ? "yes" : "no",
    ]),
  );
  const revenueTitle = "Revenue of the base and of each variant";
  const revenue = intervals(
    revenueTitle,
    `revenue (${cur}); the line across each bar is its 95 % interval`,
    [
      { label: "the base", estimate: s.base.revenue, colour: "#9c9c9c" },
      ...ranked.map((p, i) => ({
        label: `${i + 1}. ${p.name ?? ""}`,
        estimate: p.revenue,
        colour: "#4e79a7",
      })),
    ],
  );
  return page(
    s.scenario,
    `${studyHead(s, `${ranked.length} variants`)}
${figure(addedTitle, added, addedTable)}
${figure(revenueTitle, revenue, pointsTable(s, ranked, true))}`,
    provenance,
  );
}

/**
 * Grouped horizontal bars: a group per row (a stage), one labelled bar per series (a
 * scenario) in the legend's order, on a linear or logarithmic axis.
 */
export function groupedBars(
  title: string,
  axis: string,
  names: string[],
  groups: { label: string; values: (number | null)[] }[],
  log: boolean,
): string {
  const barHeight = 14;
  const groupHeight = names.length * barHeight + 10;
  const left = Math.min(
    300,
    Math.max(120, 16 + 7 * Math.max(...groups.map((g) => g.label.length))),
  );
  const right = 40 + 7 * Math.max(...names.map((n) => n.length)) + 90;
  const plot = WIDTH - left - Math.min(right, 400);
  const max = Math.max(1, ...groups.flatMap((g) => g.values.map((v) => v ?? 0)));
  const scale = (v: number) =>
    v <= 0 ? 0 : log ? (Math.log10(1 + v) / Math.log10(1 + max)) * plot : (v / max) * plot;
  const legendHeight = 24;
  const legend = names
    .map(
      (n, k) =>
        `<rect x="${left + k * 180}" y="6" width="14" height="12" fill="${LINE_COLOURS[k % LINE_COLOURS.length]}"/><text x="${left + k * 180 + 20}" y="17" font-size="12">${escapeHtml(short(n, 22))}</text>`,
    )
    .join("");
  const marks = groups
    .map((g, i) => {
      const y0 = legendHeight + i * groupHeight + 6;
      const bars = g.values
        .map((v, k) => {
          const y = y0 + k * barHeight;
          const w = scale(v ?? 0);
          return `<rect class="mark" x="${left}" y="${y}" width="${w.toFixed(1)}" height="${barHeight - 3}" fill="${LINE_COLOURS[k % LINE_COLOURS.length]}"/><text x="${(left + w + 5).toFixed(1)}" y="${y + 10}" font-size="11">${escapeHtml(`${v === null ? "–" : formatWhole(v)} (${short(names[k], 22)})`)}</text>`;
        })
        .join("");
      return `<text x="${left - 8}" y="${y0 + (names.length * barHeight) / 2 + 3}" text-anchor="end" font-size="13">${escapeHtml(g.label)}</text>${bars}`;
    })
    .join("");
  const height = legendHeight + groups.length * groupHeight + 34;
  return `<svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${WIDTH} ${height}" width="100%">${legend}${marks}<text x="${left}" y="${height - 6}" font-size="12">${escapeHtml(axis)}</text></svg>`;
}

/** `compare --html`: the plan/actual table with each later scenario's ratio, and the funnels. */
export function renderCompareHtml(t: ScenarioComparison, provenance: Provenance): string {
  const labels = columnLabels(t.scenarios.map((s) => s.file));
  const cur = t.scenarios[0].currency;
  const R = t.replications;
  const later = labels.slice(1);
  const ratio = (a: Estimate | null, b: Estimate | null) =>
    a === null || b === null || b.mean === 0 ? "–" : (a.mean / b.mean).toFixed(2);
  const rows: string[][] = [];
  let section = "";
  for (const r of t.rows) {
    if (r.section !== section) {
      section = r.section;
      rows.push([SECTION_TITLE[r.section], ...labels.map(() => ""), ...later.map(() => "")]);
    }
    rows.push([
      rowLabel(r, cur).trim(),
      ...r.values.map((e) => cell(e, r.unit, R)),
      ...r.values.slice(1).map((e) => ratio(e, r.values[0])),
    ]);
  }
  const planActual = table(["", ...labels, ...later.map((l) => `${l} / ${labels[0]}`)], rows);
  const stages = t.rows.filter(
    (r) => r.unit === "people" && (r.section === "marketing" || r.section === "funnel"),
  );
  const funnelTitle = "The funnels side by side: people at each stage";
  const funnels = groupedBars(
    funnelTitle,
    `people${R > 1 ? " (means over the replications)" : ""}, logarithmic scale: each step of the bar is ten times more; a bar per scenario, in the legend's order`,
    labels,
    stages.map((r) => ({
      label: rowLabel(r, cur).trim(),
      values: r.values.map((e) => e?.mean ?? null),
    })),
    true,
  );
  const funnelTable = table(
    ["stage", ...labels, ...later.map((l) => `${l} / ${labels[0]}`)],
    stages.map((r) => [
      rowLabel(r, cur).trim(),
      ...r.values.map((e) => (e === null ? "–" : formatWhole(e.mean))),
      ...r.values.slice(1).map((e) => ratio(e, r.values[0])),
    ]),
  );
  const revenueRow = t.rows.find((r) => r.key === "revenue");
  const revenueTitle = "Revenue of each scenario";
  const revenue = revenueRow
    ? figure(
        revenueTitle,
        intervals(
          revenueTitle,
          `revenue (${cur})${R > 1 ? "; the line across each bar is its 95 % interval" : ""}`,
          revenueRow.values.map((e, k) => ({
            label: labels[k],
            estimate: e ?? { mean: 0, sd: 0, halfWidth: 0, min: 0, max: 0 },
            colour: LINE_COLOURS[k % LINE_COLOURS.length],
          })),
        ),
        table(
          ["scenario", `revenue (${cur})`, "± (95 %)"],
          revenueRow.values.map((e, k) => [
            labels[k],
            e === null ? "–" : formatWhole(e.mean),
            e === null ? "–" : formatWhole(e.halfWidth),
          ]),
        ),
      )
    : "";
  const names = t.scenarios
    .map(
      (s, k) =>
        `<li>${escapeHtml(`${labels[k]}: ${s.name} — seed ${s.seed}, ${s.horizonDays} days`)}</li>`,
    )
    .join("");
  return page(
    `compare: ${labels.join(" vs ")}`,
    `<h1>${escapeHtml(`Comparing ${t.scenarios.length} scenarios${R > 1 ? ` over ${R} replications (mean ± 95 % half-width)` : " (one run each)"}`)}</h1>
<ul>${names}</ul>
<h2>Plan and actual, stage by stage</h2>
<p>Each later scenario's figure over the first's: the ratio columns.</p>
${planActual}
<h2>The funnels</h2>
${figure(funnelTitle, funnels, funnelTable)}
${revenue}`,
    provenance,
  );
}

/** One lever's search: its share of the reference revenue at every value the search ran. */
function leverCurve(r: CapacityResult, l: LeverResult): string {
  const title = `${l.name}: share of the revenue with it unlimited, by its value`;
  const values = l.searched.map((p) => p.value);
  const axis = xAxisFor(values, num);
  const markers = [
    { x: l.now, label: `now: ${formatWhole(l.now)}` },
    ...(l.needed === null ? [] : [{ x: l.needed, label: `needed: ${formatWhole(l.needed)}` }]),
  ].filter((m) => m.x >= Math.min(...values) && m.x <= Math.max(...values));
  const chart = lines(
    title,
    `${l.name} (${l.unit}${axis.scale === "log" ? ", logarithmic" : ""}); the others as given`,
    "share of the revenue at the reference (the band: 95 % interval; dots: the values the search ran)",
    [
      {
        label: l.name,
        colour: "#4e79a7",
        points: l.searched.map((p) => band(p.value, p.share)),
      },
    ],
    pct,
    {
      threshold: r.target,
      thresholdLabel: `target ${pct(r.target)}`,
      markers,
      x: { ...axis, ticks: values.length <= 10 && axis.scale === "linear" ? values : undefined },
      dots: true,
    },
  );
  const numbers = table(
    [`${l.name} (${l.unit})`, "share", "± (95 %)", "lower end", "reaches the target"],
    l.searched.map((p) => [
      num(p.value),
      pct(p.share.mean),
      pct(p.share.halfWidth),
      pct(p.share.lower),
      p.share.lower >= r.target ? "yes" : "no",
    ]),
  );
  return figure(title, chart, numbers);
}

/** `capacity --html`: each lever's search against the target, and the joint settings. */
export function renderCapacityHtml(r: CapacityResult, provenance: Provenance): string {
  const cur = r.currency;
  const joint = r.joint.setting;
  const cheapest = r.cheapest?.setting ?? null;
  const settings = table(
    [
      "lever",
      "unit",
      "now",
      "needed alone",
      "joint",
      ...(r.cheapest ? ["cheapest joint"] : []),
      "most profitable alone",
    ],
    r.levers.map((l) => [
      l.name,
      l.unit,
      formatWhole(l.now),
      l.needed === null ? "not reached" : formatWhole(l.needed),
      joint ? formatWhole(joint[l.id] ?? 0) : "not reached",
      ...(r.cheapest ? [cheapest ? formatWhole(cheapest[l.id] ?? 0) : "not reached"] : []),
      l.bestProfit ? formatWhole(l.bestProfit.value) : "–",
    ]),
  );
  const jointFigures = table(
    [
      "setting",
      "share of the reference",
      "lower end",
      `revenue (${cur})`,
      `won (${cur})`,
      `extra cost (${cur})`,
    ],
    [
      ["joint", r.joint] as const,
      ...(r.cheapest ? [["cheapest joint", r.cheapest] as const] : []),
    ].map(([name, j]) => [
      name,
      j.share ? pct(j.share.mean) : "–",
      j.share ? pct(j.share.lower) : "–",
      j.revenue ? formatWhole(j.revenue.mean) : "–",
      j.revenueWon ? formatSigned(j.revenueWon.mean) : "–",
      j.extraCost === null ? "–" : formatSigned(j.extraCost),
    ]),
  );
  return page(
    r.scenario,
    `<h1>${escapeHtml(`${r.scenario} — capacity for ${pct(r.target)} of the revenue (seed ${r.seed}, ${r.replications} replications${r.traffic === 1 ? "" : `, ${r.traffic}× the reach`})`)}</h1>
<p class="revenue">Revenue now <strong>${escapeHtml(`${formatEstimate(r.revenueNow)} ${cur}`)}</strong>; with every limit unlimited ${escapeHtml(`${formatEstimate(r.revenueUnlimited)} ${cur}`)}.</p>
<h2>Each limit alone, the others as given</h2>
${r.levers.map((l) => leverCurve(r, l)).join("\n")}
<h2>Every limit together</h2>
${settings}
${jointFigures}`,
    provenance,
  );
}

const hh = (h: number) => `${String(h).padStart(2, "0")}:00`;
const cellName = (c: StaffingCell) =>
  `${c.day !== undefined ? `day ${c.day} ` : c.weekday !== undefined ? `${c.weekday} ` : ""}${hh(c.hour)}`;

/** `staffing --html`: consultants per hour as given, by the formula and by simulation. */
export function renderStaffingHtml(s: StaffingResult, provenance: Provenance): string {
  const formula = s.formula === "erlangA" ? "Erlang A" : "Erlang C";
  const figureName = s.target.kind === "abandon" ? "abandoned" : "answered in time";
  const given = s.cells.every((c) => c.onDuty !== null);
  const at = (k: number) => s.cells[k];
  const series = [
    ...(given
      ? [
          {
            label: "on duty as given",
            colour: "#9c9c9c",
            points: s.cells.map((c, k) => ({ x: k, y: c.onDuty ?? 0 })),
          },
        ]
      : []),
    {
      label: "plan by simulation",
      colour: "#4e79a7",
      points: s.cells.map((c, k) => ({ x: k, y: c.simulated })),
    },
    {
      label: `${formula} required`,
      colour: "#f28e2b",
      dash: "8,4",
      points: s.cells.map((c, k) => ({ x: k, y: c.erlang })),
    },
  ];
  const every = s.by === "hour" ? 3 : 24 * Math.max(1, Math.ceil(s.cells.length / 24 / 12));
  const ticks = s.cells
    .map((_, k) => k)
    .filter((k) => (s.by === "hour" ? k % every === 0 : at(k).hour === 0 && k % every === 0));
  const title = `Consultants per hour: as given, ${formula} and the plan found by simulation`;
  const chart = lines(
    title,
    s.by === "hour" ? "hour of day (every day)" : "day and hour of the campaign",
    `consultants on duty in the hour; target: ${targetWords(s)}`,
    series,
    (v) => formatWhole(v),
    {
      x: {
        scale: "linear",
        ticks: ticks.length ? ticks : niceTicks(0, s.cells.length - 1),
        format: (k) => (at(k) ? cellName(at(k)) : ""),
      },
      dots: s.cells.length <= 48,
    },
  );
  const numbers = table(
    [
      s.by === "hour" ? "hour" : "day, hour",
      "requests",
      ...(given ? ["on duty as given"] : []),
      formula,
      "simulated",
      `${figureName} (${formula})`,
      `${figureName} (simulated)`,
    ],
    s.cells.map((c) => [
      cellName(c),
      c.requests.toFixed(s.by === "hour" ? 1 : 2),
      ...(given ? [(c.onDuty ?? 0).toFixed(1)] : []),
      String(c.erlang),
      String(c.simulated),
      pct(c.erlangFigure),
      pct(c.simulatedFigure),
    ]),
  );
  const overall = table(
    ["plan", "consultant-hours", `${figureName} over the horizon`, "abandonment, whole pipeline"],
    [
      [
        "simulation",
        formatWhole(s.consultantHours.simulated),
        pct(s.overall.simulated),
        pct(s.pipeline.simulatedAbandonment),
      ],
      [
        formula,
        formatWhole(s.consultantHours.erlang),
        pct(s.overall.erlang),
        pct(s.pipeline.erlangAbandonment),
      ],
    ],
  );
  return page(
    s.scenario,
    `<h1>${escapeHtml(`${s.scenario} — staffing for ${targetWords(s)} (seed ${s.seed}, ${s.replications} replications)`)}</h1>
<p class="verdict">${escapeHtml(`${formula} per hour uses the hour's mean arrival rate of requests (handle time ${formatWhole(s.handleMeanMin)} min${s.patienceMeanMin === null ? "" : `, patience ${formatWhole(s.patienceMeanMin)} min`}); the simulated plan is served on the scenario's own requests.`)}</p>
${figure(title, chart, numbers)}
<h2>Over the horizon</h2>
${overall}`,
    provenance,
  );
}
