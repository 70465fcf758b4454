import { type StaffingCell, type StaffingResult, shiftFlow } from "../analysis/staffing.js";
import { formatWhole } from "./format.js";

const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);
const hh = (h: number) => `${String(h).padStart(2, "0")}–${String(h + 1).padStart(2, "0")}`;
const where = (c: StaffingCell) =>
  `${c.day !== undefined ? `day ${c.day} ` : c.weekday !== undefined ? `${c.weekday} ` : ""}${hh(c.hour)}`;

/** The target in words: "abandonment ≤ 5 %" or "≥ 80 % answered within 1 min". */
export function targetWords(s: StaffingResult): string {
  const t = s.target;
  return t.kind === "abandon"
    ? `abandonment ≤ ${pct(t.max)}`
    : `≥ ${pct(t.min)} answered within ${t.withinMin} min`;
}

/** The plan as `sales.shifts`, ready to paste into the scenario. */
export function shiftsBlock(s: StaffingResult): string {
  return ["sales:", "  shifts:", ...s.shifts.map((sh) => `    - ${shiftFlow(sh)}`)].join("\n");
}

/** The staffing report: the table per hour, the block to paste, where the formula misjudges. */
export function renderStaffing(s: StaffingResult): string {
  const formula = s.formula === "erlangA" ? "Erlang A" : "Erlang C";
  const figureName = s.target.kind === "abandon" ? "abandoned" : "answered in time";
  const scope =
    s.scope === "hour" ? "in every hour of the plan" : "over all requests of the horizon";
  const lines = [
    `${s.scenario} — seed ${s.seed}, ${s.replications} replications, every plan served on the same requests`,
    `Target: ${targetWords(s)} ${scope}, with the fewest consultant-hours (${s.by === "hour" ? "one figure per hour of day, every day" : "per day and hour"}).`,
    `${formula} per hour: the hour's mean arrival rate of requests, handle time ${formatWhole(s.handleMeanMin)} min${s.patienceMeanMin === null ? "" : `, patience ${formatWhole(s.patienceMeanMin)} min`} (means), stationary.`,
    "",
  ];
  const rows = s.cells.filter((c) => s.by === "hour" || c.requests > 0 || c.simulated > 0);
  const header = [
    s.by === "hour" ? "hour" : "day, hour",
    "requests",
    formula,
    "simulated",
    `${figureName} (${formula})`,
    `${figureName} (simulated)`,
  ];
  const cells = rows.map((c) => [
    where(c),
    c.requests.toFixed(s.by === "hour" ? 1 : 2),
    String(c.erlang),
    c.simulated === c.erlang
      ? String(c.simulated)
      : `${c.simulated} (${c.simulated > c.erlang ? "+" : "−"}${Math.abs(c.simulated - c.erlang)})`,
    pct(c.erlangFigure),
    pct(c.simulatedFigure),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `  ${r.map((x, i) => (i === 0 ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ")}`;
  lines.push(line(header), ...cells.map(line), "");
  lines.push(
    `  requests: per replication${s.by === "hour" ? ", all days of the hour together" : ""}; ${figureName}: of the hour's requests, pooled over the replications.`,
  );
  if (s.requestsAfterHorizon > 0)
    lines.push(
      `  ${s.requestsAfterHorizon.toFixed(1)} requests per replication come after the horizon (the site drains): no shift covers them.`,
    );
  lines.push(
    "",
    `Over the horizon: ${figureName} ${pct(s.overall.simulated)} with the simulated plan (${formatWhole(s.consultantHours.simulated)} consultant-hours), ${pct(s.overall.erlang)} with ${formula} per hour (${formatWhole(s.consultantHours.erlang)} consultant-hours).`,
    `The whole pipeline on each plan pasted into the scenario: abandonment ${pct(s.pipeline.simulatedAbandonment)} (simulated plan), ${pct(s.pipeline.erlangAbandonment)} (${formula}).`,
  );
  const more = rows.filter((c) => c.simulated > c.erlang);
  const fewer = rows.filter((c) => c.simulated < c.erlang);
  const list = (cs: StaffingCell[]) =>
    cs.length > 8
      ? `${cs.slice(0, 8).map(where).join(", ")} and ${cs.length - 8} more`
      : cs.map(where).join(", ");
  if (more.length === 0 && fewer.length === 0)
    lines.push(`${formula} per hour gives the same plan.`);
  else {
    if (more.length > 0)
      lines.push(
        `${formula} under-staffs ${list(more)}: the queue carries over from busier hours and busier days than the hour's mean.`,
      );
    if (fewer.length > 0)
      lines.push(
        `${formula} over-staffs ${list(fewer)}: ${s.scope === "horizon" ? "the target holds over the horizon with fewer there, " : ""}calls that run past a shift's end and quieter days leave room.`,
      );
  }
  const empty = rows.filter((c) => c.simulated === 0 && c.requests > 0);
  if (empty.length > 0)
    lines.push(
      `No consultant on duty at ${list(empty)}: the target holds over the horizon without them, and their requests wait for the next shift or give up${s.scope === "horizon" ? " (--each-hour holds it in every hour)" : ""}.`,
    );
  lines.push("", "Paste into the scenario:", "", shiftsBlock(s), "");
  return `${lines.join("\n")}\n`;
}
