// `capacity`'s sentences and tables (the data: src/analysis/capacity.ts).
import type { CapacityResult, JointResult, LeverResult, Share } from "../analysis/capacity.js";
import type { Estimate } from "../analysis/replications.js";
import { formatEstimate, formatSigned, formatWhole } from "./format.js";

const signedPm = (e: Estimate) => `${formatSigned(e.mean)} ± ${formatWhole(e.halfWidth)}`;
/** A share as a percentage with its lower end: "93.1 % (≥ 92.4 %)". */
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const shareText = (s: Share) => `${pct(s.mean)} (≥ ${pct(s.lower)})`;

/** Columns side by side, each as wide as its widest cell, two spaces apart. */
function table(header: string[], rows: string[][], left = 1): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `  ${cells.map((x, i) => (i < left ? x.padEnd(widths[i]) : x.padStart(widths[i]))).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

const cost = (c: number | null) => (c === null ? "–" : formatSigned(c));

function leverRow(l: LeverResult, cur: string): string[] {
  return [
    l.name,
    formatWhole(l.now),
    typeof l.reference === "number" ? formatWhole(l.reference) : l.reference,
    l.needed === null ? "not reached" : formatWhole(l.needed),
    `${shareText(l.shareNow)} → ${l.shareAtNeeded ? shareText(l.shareAtNeeded) : "–"}`,
    l.revenueWon ? `${signedPm(l.revenueWon)} ${cur}` : "–",
    cost(l.extraCost),
  ];
}

function jointLines(title: string, j: JointResult, r: CapacityResult): string[] {
  const cur = r.currency;
  if (j.setting === null || j.share === null)
    return [`${title}: the target is not reachable — ${j.unreached}.`];
  const rows = r.levers.map((l) => {
    const less = j.oneLess[l.id];
    return [
      l.name,
      formatWhole(l.now),
      formatWhole(j.setting?.[l.id] ?? 0),
      less ? `${shareText(less)}` : "– (at 0)",
    ];
  });
  return [
    `${title}: ${shareText(j.share)} of the revenue at the reference (${formatEstimate(r.jointReference.revenue)} ${cur}); it wins ${j.revenueWon ? signedPm(j.revenueWon) : "–"} ${cur} over the scenario as given${j.extraCost === null ? "" : ` for ${formatSigned(j.extraCost)} ${cur}`}.`,
    ...table(["lever", "now", "needed", "share with one unit less"], rows),
  ];
}

/** The capacity report: each lever alone, the joint setting, profit and the cheapest setting. */
export function renderCapacity(r: CapacityResult): string {
  const cur = r.currency;
  const lines = [
    `${r.scenario} — seed ${r.seed}, ${r.replications} replications${r.traffic === 1 ? "" : `, at ${r.traffic}× the scenario's reach`}`,
    `Target: at least ${pct(r.target)} of the revenue with the limit unlimited, read from the lower end of the 95 % interval of the paired revenue ratio (same visitors); one unit less falls short.`,
    `Revenue now ${formatEstimate(r.revenueNow)} ${cur}; with every limit unlimited ${formatEstimate(r.revenueUnlimited)} ${cur}.`,
    `A limit's reference is the least doubling of it from now beyond which no replication's revenue moves (for consultants on shifts: unlimited on the shifts' own hours); together: ${Object.entries(
      r.jointReference.setting,
    )
      .map(
        ([id, v]) =>
          `${r.levers.find((l) => l.id === id)?.name ?? id} ${typeof v === "number" ? formatWhole(v) : v}`,
      )
      .join(", ")}, ${formatEstimate(r.jointReference.revenue)} ${cur}.`,
  ];
  if (r.fixed.length)
    lines.push(
      `Fixed, never searched: ${r.fixed.map((f) => `${f.name} (${typeof f.value === "number" ? formatWhole(f.value) : f.value} ${f.unit})`).join(", ")}.`,
    );
  if (r.levers.length === 0) {
    lines.push("", "No capacity limit of this scenario can move: nothing to size.");
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    "",
    "Each limit alone, the others as given (share of the revenue at that limit's reference):",
    ...table(
      [
        "lever",
        "now",
        "reference",
        "needed",
        "revenue share now → at needed (≥ lower end)",
        "revenue won",
        `cost ${cur}`,
      ],
      r.levers.map((l) => leverRow(l, cur)),
    ),
  );
  for (const l of r.levers) {
    if (l.needed === null) lines.push(`  ${l.name}: the target is not reachable — ${l.unreached}.`);
    else if (l.shareOneLess)
      lines.push(
        `  ${l.name}: ${formatWhole(l.needed)} ${l.unit}; at ${formatWhole(l.needed - 1)} the share is ${shareText(l.shareOneLess)}, short of the target.`,
      );
  }
  lines.push("", ...jointLines("All limits together, least joint setting", r.joint, r));
  if (r.unpriced.length > 0)
    lines.push(
      "",
      `No profit or cheapest setting: the scenario gives no price for ${r.unpriced.join(", ")}.`,
    );
  else {
    lines.push(
      "",
      "Most profitable value of each limit alone, the others as given:",
      ...table(
        ["lever", "now", "best", "gross profit", "profit won", "revenue won", `cost ${cur}`],
        r.levers.map((l) => {
          const b = l.bestProfit;
          return b
            ? [
                l.name,
                formatWhole(l.now),
                formatWhole(b.value),
                formatEstimate(b.profit),
                signedPm(b.profitWon),
                signedPm(b.revenueWon),
                cost(b.extraCost),
              ]
            : [l.name, formatWhole(l.now), "–", "–", "–", "–", "–"];
        }),
      ),
    );
    if (r.cheapest)
      lines.push("", ...jointLines("Cheapest joint setting reaching the target", r.cheapest, r));
  }
  return `${lines.join("\n")}\n`;
}
