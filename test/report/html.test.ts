import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hourlySeries } from "../../src/analysis/series.js";
import { compile, explain, loadScenario, simulate, summarize } from "../../src/index.js";
import { renderExplainHtml, renderHeadroomHtml, renderRunHtml } from "../../src/report/html.js";

// `run --html FILE`: one self-contained file (no request of any kind), charts as inline SVG with
// a title and the numbers behind them, and where the result came from.

const FILE = "scenarios/alpha-content-actual.yaml";
const dir = mkdtempSync(join(tmpdir(), "funnel-sim-html-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const provenance = {
  engine: "funnel-sim test",
  command: "run",
  scenarioFile: FILE,
  scenarioSha256: "0".repeat(64),
  overrides: [],
  seed: 1,
  replications: 1,
  threads: 1,
  node: process.version,
  date: "2026-12-02T00:00:00.000Z",
  reproduce: `funnel-sim run ${FILE} --seed 1`,
};

describe("the HTML run report", () => {
  const scenario = loadScenario(FILE);
  const plan = compile(scenario);
  const run = simulate(plan);
  const html = renderRunHtml(summarize(scenario, plan, run), hourlySeries([run]), provenance);

  it("is self-contained: no script, no stylesheet or font to fetch, no URL at all", () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:|src=/i);
  });

  it("draws every chart with a title, non-empty marks and its numbers in a table", () => {
    const figures = html.split("<figure>").slice(1);
    // The funnel, the losses, clicks per hour, the load against each limit this scenario has
    // (sessions against the site's capacity, consultants busy against on duty, their queue, the
    // stock by day), and one per capacity limit the run counts.
    expect(figures.length).toBe(3 + 4 + Object.keys(run.lostBySlot).length);
    for (const f of figures) {
      expect(f).toMatch(/<figcaption>[^<]+<\/figcaption>/);
      expect(f).toMatch(/<svg role="img" aria-label="[^"]+"/);
      expect(f).toMatch(/<table>/);
    }
    expect(figures[0].match(/class="mark"/g)?.length).toBeGreaterThan(5);
    // The clicks chart has a column for every hour that had clicks.
    const busyHours = Array.from(run.clicksBySlot).filter((c) => c > 0).length;
    expect(figures[2].match(/class="mark"/g)?.length).toBe(busyHours);
  });

  it("puts the numbers behind the charts in its tables", () => {
    const day1 = run.clicksBySlot.slice(0, 24).reduce((a, b) => a + b, 0);
    expect(html).toContain(`<td>day 1</td><td class="n">${day1.toLocaleString("en-US")}</td>`);
    expect(html).toContain(run.counters[0].toLocaleString("en-US")); // reached
  });

  it("written by the CLI, names the scenario's bytes, the overrides and how it was run", () => {
    const out = join(dir, "run.html");
    execFileSync("node", [
      "bin/funnel-sim.cjs",
      "run",
      FILE,
      "--no-verdict",
      "--set",
      "seed=7",
      "--html",
      out,
    ]);
    const text = readFileSync(out, "utf8");
    const sha = createHash("sha256").update(readFileSync(FILE)).digest("hex");
    expect(text).toContain(sha);
    expect(text).toContain("seed=7");
    expect(text).toMatch(/funnel-sim \d+\.\d+\.\d+/);
    expect(text).toContain("the result does not depend on them");
  });
});

describe("the HTML explanation", () => {
  it("shows the shares with intervals, the counterfactuals, the levers and a heat map per limit", async () => {
    const scenario = loadScenario(FILE);
    const e = await explain(scenario, 3, null);
    const html = renderExplainHtml(
      e,
      "the verdict",
      e.binding.map(() => "when"),
      provenance,
    );
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:|src=/i);
    const figures = html.split("<figure>").slice(1);
    expect(figures.length).toBe(3 + e.binding.length);
    // One bar and one interval line per limit's share.
    expect(figures[0].match(/class="mark"/g)?.length).toBe(Object.keys(e.shapley).length);
    expect(figures[0].match(/<line /g)?.length).toBe(Object.keys(e.shapley).length);
    expect(figures[2].match(/class="mark"/g)?.length).toBe(e.marginal.length);
    // A heat map cell for every hour some replication lost someone in.
    e.binding.forEach((b, i) => {
      expect(figures[3 + i].match(/class="mark"/g)?.length ?? 0).toBe(
        b.share.filter((x) => x > 0).length,
      );
    });
  });
});

describe("the HTML headroom report", () => {
  it("draws each limit's share against traffic with the threshold and its breaking point", () => {
    const out = join(dir, "headroom.html");
    execFileSync("node", [
      "bin/funnel-sim.cjs",
      "headroom",
      "scenarios/alpha-content-plan.yaml",
      "--max-traffic",
      "5",
      "--replications",
      "4",
      "--html",
      out,
    ]);
    const html = readFileSync(out, "utf8");
    expect(html).not.toMatch(/<script|<link|@import|url\(|https?:|src=/i);
    const figures = html.split("<figure>").slice(1);
    expect(figures).toHaveLength(2);
    // A line per limit, the threshold, and a marker per limit that breaks up to 5×.
    expect(figures[0].match(/<polyline class="mark"/g)?.length).toBe(3);
    expect(figures[0]).toContain("threshold 1.0 %");
    expect(figures[0]).toMatch(/sales breaks at 1×/);
    expect(figures[1].match(/<polyline class="mark"/g)?.length).toBe(1);
    expect(typeof renderHeadroomHtml).toBe("function");
  });
});
