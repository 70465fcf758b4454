import type { Crossing, HeadroomResult, LoadPoint } from "../analysis/headroom.js";
import { STAGES } from "../model/stages.js";
import { DEPARTMENT_NAME, DEPARTMENTS } from "../model/vocabulary.js";
import { formatEstimate, formatWhole } from "./format.js";
import { type Column, table } from "./table.js";

/** A traffic multiple in a sentence: 1.8×, 13×. */
export function times(k: number): string {
  if (Number.isInteger(k)) return `${k}×`;
  const shown = k < 10 ? k.toFixed(1) : k.toFixed(0);
  // Just above 1× reads as more than the scenario's traffic, not as 1.0×.
  return `${Number(shown) === 1 ? k.toFixed(2) : shown}×`;
}
const percent = (x: number, digits: number) => `${(100 * x).toFixed(digits)} %`;
/** A threshold as given: 0.01 → "1 %", 0.025 → "2.5 %". */
const share = (x: number) => `${Number((100 * x).toPrecision(6))} %`;
/** The departments whose losses the table shows (marketing's are the people who never clicked). */
const SHOWN = DEPARTMENTS.filter((d) => d !== "marketing");

/** A crossing's 95 % interval: "1.6–2.0×", "≤ 2.0×", "≥ 17×" or null when it says nothing. */
function interval(c: Crossing): string | null {
  const { from, to } = c.interval;
  if (from !== null && to !== null) return `${times(from).slice(0, -1)}–${times(to)}`;
  if (to !== null) return `≤ ${times(to)}`;
  if (from !== null) return `> ${times(from)}`;
  return null;
}

/**
 * The sentence naming the limits in the order they break: "sales breaks first, at 1.8× the
 * scenario's traffic (95 %: 1.6–2.0×); supply at 2.6× (2.4–2.9×); IT/hosting at 4.5× (…).
 * IT/payments does not break up to 20×."
 */
export function headroomSentence(h: HeadroomResult): string {
  // In the order they break (as the analysis gives them; sorted again, stably, to be sure).
  const breaking = h.limits
    .filter((c) => c.breaksAt !== null)
    .sort((a, b) => (a.breaksAt as number) - (b.breaksAt as number));
  const holding = h.limits.filter((c) => c.breaksAt === null);
  const within = (c: Crossing, first: boolean) => {
    // At 1× already, an interval ending at 1× says nothing more.
    const i = c.atBase && c.interval.to === c.breaksAt ? null : interval(c);
    return i === null ? "" : ` (${first ? "95 %: " : ""}${i})`;
  };
  const and = (names: string[]) =>
    names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  // Several limits over the threshold at 1× already break together: none of them is "first".
  const atBase = breaking.filter((c) => c.atBase);
  const later = breaking.filter((c) => !c.atBase);
  const parts: string[] = [];
  if (atBase.length === 1)
    parts.push(
      `${atBase[0].name} breaks first, already at the scenario's traffic${within(atBase[0], true)}`,
    );
  else if (atBase.length > 1)
    parts.push(
      `${and(atBase.map((c) => c.name))} ${atBase.length === 2 ? "both" : "all"} break already at the scenario's traffic`,
    );
  later.forEach((c, i) => {
    const k = times(c.breaksAt as number);
    parts.push(
      i > 0
        ? `${c.name} at ${k}${within(c, false)}`
        : atBase.length > 0
          ? `${c.name} next, at ${k}${within(c, true)}`
          : `${c.name} breaks first, at ${k} the scenario's traffic${within(c, true)}`,
    );
  });
  const listed = and(holding.map((c) => c.name));
  const rest =
    holding.length === 0
      ? ""
      : breaking.length === 0
        ? `No limit breaks up to ${times(h.maxTraffic)} the scenario's traffic: ${listed} ${holding.length === 1 ? "turns" : "each turn"} away at most ${share(h.threshold)} of the people who reach ${holding.length === 1 ? "it" : "them"}.`
        : `${listed} ${holding.length === 1 ? "does" : "do"} not break up to ${times(h.maxTraffic)}.`;
  return [parts.length > 0 ? `${parts.join("; ")}.` : "", rest].filter((x) => x !== "").join(" ");
}

/** What each limit's share is of, in the funnel's words: "IT/hosting: of those who clicked". */
function legend(h: HeadroomResult): string {
  const label = (counter: string) =>
    STAGES.flatMap((s) => s.rows ?? []).find((r) => r.counter === counter)?.label ?? counter;
  return h.limits.map((c) => `${c.name}: of "${label(c.reaching)}"`).join("; ");
}

/** The terminal's report: the sentence, then the load curve on the grid, a row per multiple. */
export function renderHeadroom(h: HeadroomResult): string {
  const rows = h.curve.filter((p) => p.grid);
  // In stage order (the table's columns), whatever order they break in.
  const limits = [...h.limits].sort(
    (a, b) =>
      STAGES.findIndex((s) => s.name === a.stage) - STAGES.findIndex((s) => s.name === b.stage),
  );
  const breaksIn = (p: LoadPoint, i: number) =>
    h.limits
      .filter(
        (c) =>
          c.breaksAt !== null &&
          c.breaksAt <= p.traffic &&
          (i === 0 || c.breaksAt > rows[i - 1].traffic),
      )
      .map(
        (c) =>
          `${c.name} breaks${c.breaksAt === p.traffic ? "" : ` (${times(c.breaksAt as number)})`}`,
      )
      .join(", ");
  const columns: Column[] = [
    { header: "traffic", cells: rows.map((p) => `${p.traffic}×`), align: "right" },
    {
      header: `revenue (${h.currency})`,
      cells: rows.map((p) => formatEstimate(p.revenue)),
      align: "right",
    },
    { header: "purchased", cells: rows.map((p) => formatWhole(p.purchased.mean)), align: "right" },
    ...SHOWN.map(
      (d, i): Column => ({
        header: `${i === 0 ? "lost: " : ""}${d === "it" ? "IT" : DEPARTMENT_NAME[d]}`,
        cells: rows.map((p) => formatWhole(p.lost[d].mean)),
        align: "right",
      }),
    ),
    ...limits.map(
      (c): Column => ({
        header: c.name,
        cells: rows.map((p) => {
          const l = p.limits[c.id];
          return `${percent(l.share.mean, 1)} · ${l.utilisation === null ? "–" : percent(l.utilisation.mean, 0)}`;
        }),
        align: "right",
      }),
    ),
    { header: "", cells: rows.map(breaksIn), align: "left" },
  ];
  const head = [
    `${h.scenario} — seed ${h.seed}, ${h.replications} replications per multiple of the traffic (mean ± 95 % half-width), up to ${times(h.maxTraffic)}`,
    `A limit breaks where it turns away more than ${share(h.threshold)} of the people who reach it (${legend(h)}).`,
    "",
    headroomSentence(h),
    "",
  ];
  const foot = [
    "",
    "  each limit: the share of those reaching it that it turned away · how much of it was used (–: unlimited, or not counted)",
  ];
  return `${[...head, ...table(columns), ...foot].join("\n")}\n`;
}

/** The load curve as CSV rows: a header, then a row per multiple measured (means, half-widths). */
export function headroomCsvRows(h: HeadroomResult): (string | number | null)[][] {
  const header = [
    "traffic",
    "grid",
    "revenue_mean",
    "revenue_half_width",
    "purchased_mean",
    "purchased_half_width",
    ...DEPARTMENTS.map((d) => `lost_${d}_mean`),
    ...h.limits.flatMap((c) => [
      `${c.id}_reaching_mean`,
      `${c.id}_turned_away_mean`,
      `${c.id}_share_mean`,
      `${c.id}_share_half_width`,
      `${c.id}_utilisation_mean`,
    ]),
  ];
  const rows = h.curve.map((p) => [
    p.traffic,
    p.grid ? 1 : 0,
    p.revenue.mean,
    p.revenue.halfWidth,
    p.purchased.mean,
    p.purchased.halfWidth,
    ...DEPARTMENTS.map((d) => p.lost[d].mean),
    ...h.limits.flatMap((c) => {
      const l = p.limits[c.id];
      return [
        l.reaching,
        l.turnedAway,
        l.share.mean,
        l.share.halfWidth,
        l.utilisation?.mean ?? null,
      ];
    }),
  ]);
  return [header, ...rows];
}
