import type { Estimate } from "../analysis/replications.js";
import { type PointResult, rankVariants, type StudyResult } from "../analysis/study.js";
import { describeSettings } from "../analysis/studyPoints.js";
import { limitName } from "../model/stages.js";
import { formatWhole } from "./format.js";
import { type Column, table } from "./table.js";

const pm = (e: Estimate) => `${formatWhole(e.mean)} ± ${formatWhole(e.halfWidth)}`;
const signed = (e: Estimate) =>
  `${e.mean >= 0 ? "+" : "−"}${formatWhole(Math.abs(e.mean))} ± ${formatWhole(e.halfWidth)}`;
const setting = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The sweep's table: a row per point, varied values first, then what they gave. */
export function renderSweep(s: StudyResult): string {
  const cur = s.currency;
  const p = s.points;
  const head = [
    `${s.scenario} — seed ${s.seed}, ${s.replications} replications per point (mean ± 95 % half-width; changes paired with the base, replication by replication)`,
    `${p.length} points over ${s.keys.join(" × ")}; the base (the scenario as written) brings ${pm(s.base.revenue)} ${cur}`,
    "",
  ];
  const columns: Column[] = [
    ...s.keys.map(
      (k): Column => ({ header: k, cells: p.map((x) => setting(x.settings[k])), align: "right" }),
    ),
    ...figureColumns(s, p),
  ];
  return `${[...head, ...table(columns)].join("\n")}\n`;
}

/** The what-if table: the variants ranked by the revenue they add over the base. */
export function renderWhatIf(s: StudyResult): string {
  const cur = s.currency;
  const ranked = rankVariants(s);
  const head = [
    `${s.scenario} — seed ${s.seed}, ${s.replications} replications (mean ± 95 % half-width; changes paired with the base, replication by replication)`,
    `${ranked.length} variants, ranked by the revenue they add; the base (the scenario as written) brings ${pm(s.base.revenue)} ${cur}`,
    "",
  ];
  const columns: Column[] = [
    { header: "#", cells: ranked.map((_, i) => String(i + 1)), align: "right" },
    { header: "variant", cells: ranked.map((x) => x.name ?? ""), align: "left" },
    ...figureColumns(s, ranked),
    {
      header: `added per ${cur}`,
      cells: ranked.map((x) =>
        x.extraCost !== null && x.extraCost > 0
          ? (x.change.revenue.mean / x.extraCost).toFixed(2)
          : "–",
      ),
      align: "right",
    },
    {
      header: "",
      cells: ranked.map((x) =>
        x.change.revenue.mean - x.change.revenue.halfWidth > 0 ? "" : "not clearly above zero",
      ),
      align: "left",
    },
  ];
  const notes = ranked.map(
    (x, i) =>
      `  ${i + 1}. ${x.name}: ${describeSettings(x.settings)}${x.note ? ` — ${x.note}` : ""}`,
  );
  return `${[...head, ...table(columns), "", ...notes].join("\n")}\n`;
}

function figureColumns(s: StudyResult, p: PointResult[]): Column[] {
  const cur = s.currency;
  return [
    { header: `revenue (${cur})`, cells: p.map((x) => pm(x.revenue)), align: "right" },
    { header: "purchased", cells: p.map((x) => formatWhole(x.purchased.mean)), align: "right" },
    { header: "lost: IT", cells: p.map((x) => formatWhole(x.lost.it.mean)), align: "right" },
    { header: "sales", cells: p.map((x) => formatWhole(x.lost.sales.mean)), align: "right" },
    { header: "supply", cells: p.map((x) => formatWhole(x.lost.supply.mean)), align: "right" },
    {
      header: "most buyers lost to",
      cells: p.map((x) => (x.mostBuyersLostTo === "none" ? "–" : limitName(x.mostBuyersLostTo))),
      align: "left",
    },
    { header: "Δ revenue vs base", cells: p.map((x) => signed(x.change.revenue)), align: "right" },
    {
      header: `extra cost (${cur})`,
      cells: p.map((x) => (x.extraCost === null ? "–" : formatWhole(x.extraCost))),
      align: "right",
    },
  ];
}

/** The study as CSV rows: a header, then a row per point (means and half-widths as numbers). */
export function studyCsvRows(s: StudyResult): (string | number | null)[][] {
  const header = [
    "point",
    ...(s.kind === "variants" ? ["variant", "note"] : []),
    ...s.keys,
    "revenue_mean",
    "revenue_half_width",
    "purchased_mean",
    "purchased_half_width",
    "lost_marketing_mean",
    "lost_it_mean",
    "lost_sales_mean",
    "lost_supply_mean",
    "most_buyers_lost_to",
    "revenue_change_mean",
    "revenue_change_half_width",
    "extra_cost",
  ];
  const rows = s.points.map((x, i) => [
    i + 1,
    ...(s.kind === "variants" ? [x.name ?? "", x.note ?? ""] : []),
    ...s.keys.map((k) => (k in x.settings ? setting(x.settings[k]) : null)),
    x.revenue.mean,
    x.revenue.halfWidth,
    x.purchased.mean,
    x.purchased.halfWidth,
    x.lost.marketing.mean,
    x.lost.it.mean,
    x.lost.sales.mean,
    x.lost.supply.mean,
    x.mostBuyersLostTo,
    x.change.revenue.mean,
    x.change.revenue.halfWidth,
    x.extraCost,
  ]);
  return [header, ...rows];
}
