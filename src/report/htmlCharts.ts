// The charts of the HTML reports: inline SVG drawn here (no script, no font, no request of any
// kind), each mark labelled so that colour is never the only cue, and the table of numbers
// each chart shows beside it.
import type { Estimate } from "../analysis/replications.js";
import type { Department } from "../model/vocabulary.js";
import { formatWhole } from "./format.js";

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
