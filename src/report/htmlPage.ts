// The page every HTML report is: its style (fits 1280 px, prints on A4 with no chart cut), the
// body, and the table of where the result came from.
import { escapeHtml, table } from "./htmlCharts.js";

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
