import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { capacity } from "../../src/analysis/capacity.js";
import { compareScenarios } from "../../src/analysis/comparison.js";
import {
  findStaffing,
  pipelineCheck,
  requestStreams,
  withShifts,
} from "../../src/analysis/staffing.js";
import { rankVariants, runStudy } from "../../src/analysis/study.js";
import { loadSweep, loadVariants } from "../../src/analysis/studyPoints.js";
import { compile } from "../../src/core/plan.js";
import { runReplications } from "../../src/parallel/runs.js";
import { columnLabels } from "../../src/report/comparisonTerminal.js";
import { formatWhole } from "../../src/report/format.js";
import type { Provenance } from "../../src/report/htmlPage.js";
import {
  renderCapacityHtml,
  renderCompareHtml,
  renderStaffingHtml,
  renderSweepHtml,
  renderWhatIfHtml,
} from "../../src/report/studyHtml.js";
import { loadScenario } from "../../src/scenario/parse.js";

// `sweep`, `whatif`, `compare`, `capacity` and `staffing` with `--html FILE`: one self-contained
// file (no request of any kind), each chart titled, with marks and the numbers behind it.

const PLAN = "scenarios/alpha-content-plan.yaml";
const ACTUAL = "scenarios/alpha-content-actual.yaml";
const dir = mkdtempSync(join(tmpdir(), "funnel-sim-study-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provenance: Provenance = {
  engine: "funnel-sim test",
  command: "test",
  scenarioFile: PLAN,
  scenarioSha256: "0".repeat(64),
  overrides: [],
  seed: 1,
  replications: 2,
  threads: 1,
  node: process.version,
  date: "2026-12-02T00:00:00.000Z",
  reproduce: "funnel-sim test",
};

const SELF_CONTAINED = /<script|<link|@import|url\(|https?:|src=/i;
/** The page's figures, each from its <figure> on. */
const figuresOf = (html: string) => html.split("<figure>").slice(1);
const marks = (f: string) => f.match(/class="mark"/g)?.length ?? 0;
/** A right-aligned figure cell as the tables write it. */
const n = (text: string) => `<td class="n">${text}</td>`;

/** Every figure is titled, drawn as an SVG image with marks, and has its numbers in a table. */
function expectWellFormed(html: string) {
  expect(html).not.toMatch(SELF_CONTAINED);
  const figures = figuresOf(html);
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    expect(f).toMatch(/<figcaption>[^<]+<\/figcaption>/);
    expect(f).toMatch(/<svg role="img" aria-label="[^"]+" viewBox="0 0 1100 \d+"/);
    expect(marks(f)).toBeGreaterThan(0);
    expect(f).toMatch(/<table>/);
  }
  return figures;
}

describe("the HTML sweep", () => {
  it("draws revenue with its band against each key, the two keys' grid, and every point", async () => {
    const study = loadSweep(PLAN, {
      overrides: ["study.vary=null"],
      vary: ["traffic=1,3", "site.capacity=12,48"],
      replications: 2,
    });
    const s = await runStudy(study, null);
    const html = renderSweepHtml(s, provenance);
    const figures = expectWellFormed(html);
    // A line chart per key and the heat map of the two.
    expect(figures).toHaveLength(3);
    expect(figures[0]).toContain("<figcaption>Revenue by traffic</figcaption>");
    // A line per value of the other key, each with a dot per value of this key, and its band.
    expect(figures[0].match(/<polyline class="mark"/g)).toHaveLength(2);
    expect(figures[0].match(/<circle class="mark"/g)).toHaveLength(4);
    expect(figures[0].match(/<polygon /g)).toHaveLength(2);
    expect(figures[1].match(/<polyline class="mark"/g)).toHaveLength(2);
    // The grid: a cell per point, labelled with its revenue, and a legend of the shading.
    expect(marks(figures[2])).toBe(s.points.length);
    expect(figures[2]).toContain("shading:");
    for (const p of s.points) {
      expect(figures[2]).toContain(`>${formatWhole(p.revenue.mean)}</text>`);
      expect(figures[0]).toContain(
        `${n(formatWhole(p.revenue.mean))}${n(formatWhole(p.revenue.halfWidth))}`,
      );
    }
  });

  it("draws no grid for one key, and categories for values that are not numbers", async () => {
    const study = loadSweep(PLAN, {
      overrides: ["study.vary=null"],
      vary: ["site.capacity=unlimited,12"],
      replications: 2,
    });
    const s = await runStudy(study, null);
    const figures = expectWellFormed(renderSweepHtml(s, provenance));
    expect(figures).toHaveLength(1);
    expect(figures[0].match(/<circle class="mark"/g)).toHaveLength(2);
    expect(figures[0]).toContain(">unlimited</text>");
  });
});

describe("the HTML what-if", () => {
  it("ranks the revenue each variant adds, with its interval, and the numbers match", async () => {
    const study = loadVariants(ACTUAL, { overrides: [], replications: 2 });
    const s = await runStudy(study, null);
    const ranked = rankVariants(s);
    const figures = expectWellFormed(renderWhatIfHtml(s, provenance));
    expect(figures).toHaveLength(2);
    // A bar and an interval line per variant, in the ranking's order.
    expect(marks(figures[0])).toBe(ranked.length);
    expect(figures[0].match(/<line /g)).toHaveLength(ranked.length);
    const labels = [...figures[0].matchAll(/text-anchor="end">(\d+)\. ([^<]+)</g)].map((m) => m[2]);
    expect(labels).toEqual(ranked.map((p) => p.name));
    // The base's bar and one per variant.
    expect(marks(figures[1])).toBe(ranked.length + 1);
    for (const p of ranked)
      expect(figures[0]).toContain(
        `${n(`${p.change.revenue.mean >= 0 ? "+" : "−"}${formatWhole(Math.abs(p.change.revenue.mean))}`)}${n(formatWhole(p.change.revenue.halfWidth))}`,
      );
  });
});

describe("the HTML comparison", () => {
  it("has the plan/actual table with ratios and the funnels side by side", async () => {
    const files = [PLAN, ACTUAL];
    const inputs = await Promise.all(
      files.map(async (file) => {
        const scenario = loadScenario(file);
        const plan = compile(scenario);
        return { file, scenario, plan, runs: await runReplications(plan, 2, null) };
      }),
    );
    const t = compareScenarios(inputs);
    const html = renderCompareHtml(t, provenance);
    const figures = expectWellFormed(html);
    expect(figures).toHaveLength(2);
    const [plan, actual] = columnLabels(files);
    expect(html).toContain(`<th>${actual} / ${plan}</th>`);
    // A bar per scenario at each stage, each labelled with its count and scenario.
    const stages = t.rows.filter(
      (r) => r.unit === "people" && (r.section === "marketing" || r.section === "funnel"),
    );
    expect(marks(figures[0])).toBe(2 * stages.length);
    for (const r of stages) {
      const [a, b] = r.values.map((e) => e?.mean ?? 0);
      expect(figures[0]).toContain(`>${formatWhole(b)} (${actual})</text>`);
      // The ratio in the table is the later scenario's mean over the first's.
      if (a > 0)
        expect(figures[0]).toContain(
          `${n(formatWhole(a))}${n(formatWhole(b))}${n((b / a).toFixed(2))}`,
        );
    }
    const revenue = t.rows.find((r) => r.key === "revenue");
    const [ra, rb] = revenue?.values.map((e) => e?.mean ?? 0) ?? [];
    expect(html).toContain(n((rb / ra).toFixed(2)));
    expect(marks(figures[1])).toBe(2);
  });
});

describe("the HTML capacity report", () => {
  it("draws each limit's share against its value, with the target and the value needed", async () => {
    const scenario = loadScenario(PLAN);
    const r = await capacity(
      scenario,
      { target: 0.95, replications: 2, traffic: 1, maxValue: 1000 },
      null,
    );
    const html = renderCapacityHtml(r, provenance);
    const figures = expectWellFormed(html);
    expect(figures).toHaveLength(r.levers.length);
    r.levers.forEach((l, i) => {
      const f = figures[i];
      // Every value the search ran is a dot, ascending, and a row of the table.
      expect(l.searched.length).toBeGreaterThan(0);
      const values = l.searched.map((p) => p.value);
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(f.match(/<circle class="mark"/g)).toHaveLength(l.searched.length);
      expect(f).toContain("target 95.0 %");
      if (l.needed !== null) {
        expect(values).toContain(l.needed);
        expect(f).toContain(`needed: ${formatWhole(l.needed)}`);
        const at = l.searched.find((p) => p.value === l.needed);
        expect(at?.share.lower).toBe(l.shareAtNeeded?.lower);
      }
      for (const p of l.searched)
        expect(f).toContain(
          `${n(p.value.toLocaleString("en-US"))}${n(`${(100 * p.share.mean).toFixed(1)} %`)}`,
        );
    });
    // The joint setting, lever by lever.
    const cellOf = (t: string) => (/^[\d,]+$/.test(t) ? n(t) : `<td>${t}</td>`);
    const whole = (v: number | null | undefined) =>
      v === null || v === undefined ? "not reached" : formatWhole(v);
    for (const l of r.levers)
      expect(html).toContain(
        `<td>${l.name}</td><td>${l.unit}</td>${[l.now, l.needed, r.joint.setting?.[l.id]]
          .map((v) => cellOf(whole(v)))
          .join("")}`,
      );
  });
});

describe("the HTML staffing report", () => {
  it("draws consultants per hour as given, by Erlang and by simulation, with the table", async () => {
    const file = ACTUAL;
    const scenario = loadScenario(file);
    const plan = compile(scenario);
    const found = findStaffing(scenario, requestStreams(plan, 2), {
      file,
      target: { kind: "abandon", max: 0.05 },
      scope: "horizon",
      by: "hour",
      replications: 2,
    });
    const pipeline = await pipelineCheck(
      {
        simulated: withShifts(scenario, found.shifts),
        erlang: withShifts(scenario, found.erlangShifts),
      },
      2,
      null,
    );
    const s = { ...found, pipeline };
    // The scenario's own shifts (every day of the campaign), hour by hour.
    const shifts = scenario.sales.shifts ?? [];
    expect(shifts.every((sh) => !sh.days || (sh.days[0] === 1 && sh.days[1] >= 30))).toBe(true);
    const expected = Array.from({ length: 24 }, (_, h) =>
      shifts
        .filter((sh) => sh.hours[0] <= h && h < sh.hours[1])
        .reduce((t, sh) => t + sh.consultants, 0),
    );
    expect(s.cells.map((c) => c.onDuty)).toEqual(expected);
    const html = renderStaffingHtml(s, provenance);
    const figures = expectWellFormed(html);
    expect(figures).toHaveLength(1);
    expect(figures[0].match(/<polyline class="mark"/g)).toHaveLength(3);
    expect(figures[0].match(/<circle class="mark"/g)).toHaveLength(3 * 24);
    for (const c of s.cells)
      expect(figures[0]).toContain(
        `<td>${String(c.hour).padStart(2, "0")}:00</td>${n(c.requests.toFixed(1))}${n((c.onDuty ?? 0).toFixed(1))}${n(String(c.erlang))}${n(String(c.simulated))}`,
      );
  });
});

describe("--html on the command line", () => {
  const BIN = "bin/funnel-sim.cjs";
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
  const small = ["--set", "seed=3"];
  const commands: [string, string[]][] = [
    [
      "sweep",
      [
        "sweep",
        PLAN,
        ...small,
        "--set",
        "study.vary=null",
        "--vary",
        "traffic=1,2",
        "--replications",
        "2",
      ],
    ],
    ["whatif", ["whatif", ACTUAL, ...small, "--replications", "2"]],
    ["compare", ["compare", PLAN, ACTUAL, ...small, "--replications", "2"]],
    ["capacity", ["capacity", PLAN, ...small, "--replications", "2", "--max-value", "400"]],
    ["staffing", ["staffing", ACTUAL, ...small, "--abandon", "0.05", "--replications", "2"]],
  ];

  it.each(commands)(
    "%s writes one self-contained file, atomically, with its provenance",
    (name, args) => {
      const folder = mkdtempSync(join(dir, `${name}-`));
      const out = join(folder, `${name}.html`);
      const r = cli(...args, "--html", out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`wrote ${out}`);
      // Only the file: no temporary left beside it.
      expect(readdirSync(folder)).toEqual([`${name}.html`]);
      const html = readFileSync(out, "utf8");
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).not.toMatch(SELF_CONTAINED);
      expect(html).toContain("--set seed=3");
      if (name === "sweep") expect(html).toContain("--vary traffic=1,2");
      if (name === "compare") expect(html).toContain(`<td>and scenario</td><td>${ACTUAL}</td>`);
      for (const f of figuresOf(html)) expect(marks(f)).toBeGreaterThan(0);
    },
  );

  it("leaves an existing file as it was when the command fails", () => {
    const out = join(dir, "kept.html");
    writeFileSync(out, "before");
    const r = cli("capacity", PLAN, "--target", "2", "--html", out);
    expect(r.status).toBe(2);
    expect(existsSync(out) && readFileSync(out, "utf8")).toBe("before");
  });
});
