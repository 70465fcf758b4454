// The README's pictures: the `run` and `explain` HTML reports of the article's case
// (scenarios/alpha-content-actual.yaml), rendered by the CLI and photographed in headless
// Chromium at 1280 px, the top of each page only, into docs/report-run.png and
// docs/report-explain.png. Needs the built CLI (npm run screenshots builds first) and Debian's
// chromium, or CHROMIUM_PATH.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { CHROMIUM, FLAGS } from "./chromium.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WIDTH = 1280;
// The charts a planner looks at first; below this are more charts and the provenance table,
// and the file would pass ~400 KB.
const TOP = 2000;
const CASE = "scenarios/alpha-content-actual.yaml";
const SHOTS = [
  { name: "run", argv: ["run", CASE] },
  // 20 replications (the default, stated): a few seconds, intervals narrow enough to read.
  { name: "explain", argv: ["explain", CASE, "--replications", "20"] },
];

if (!existsSync(CHROMIUM)) {
  console.error(
    `screenshots: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  );
  process.exit(1);
}
const dir = mkdtempSync(join(tmpdir(), "funnel-sim-screenshots-"));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
try {
  for (const { name, argv } of SHOTS) {
    const html = join(dir, `${name}.html`);
    const made = spawnSync(
      process.execPath,
      [join(ROOT, "bin/funnel-sim.cjs"), ...argv, "--html", html],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    if (made.status !== 0) throw new Error(`funnel-sim ${argv.join(" ")} failed:\n${made.stderr}`);
    const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
    await page.goto(pathToFileURL(html).href, { waitUntil: "load" });
    // The pictures show the charts: each table of numbers folded (the report opens them all).
    await page.evaluate(() => {
      for (const d of document.querySelectorAll("details")) d.open = false;
    });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const png = join(ROOT, "docs", `report-${name}.png`);
    await page.screenshot({
      path: png,
      fullPage: true,
      clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, TOP) },
    });
    await page.close();
    console.log(`wrote docs/report-${name}.png (${Math.round(statSync(png).size / 1024)} KB)`);
  }
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
