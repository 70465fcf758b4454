import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Provenance } from "../report/html.js";
import { writeAtomically } from "./output.js";

/** This package's version: from the nearest package.json named funnel-sim above this module. */
export function engineVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++, dir = dirname(dir)) {
    const file = join(dir, "package.json");
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "funnel-sim") return `funnel-sim ${pkg.version ?? "?"}`;
    } catch {
      // not ours: keep looking
    }
  }
  return "funnel-sim (version unknown)";
}

/**
 * SHA-256 in hex. node:crypto is fetched here, not imported: the bundle stands a lazy proxy in
 * for `crypto` (scripts/bundle.mjs), whose named exports its ES interop cannot see.
 */
function sha256(bytes: Buffer): string {
  const crypto = process.getBuiltinModule("node:crypto") as typeof import("node:crypto");
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** Where a result comes from: the scenario's bytes, the overrides and how it was run. */
export function provenanceOf(o: {
  scenarioFile: string;
  overrides: string[];
  seed: number;
  replications: number;
  threads: number;
}): Provenance {
  return {
    engine: engineVersion(),
    scenarioFile: o.scenarioFile,
    scenarioSha256: sha256(readFileSync(o.scenarioFile)),
    overrides: o.overrides,
    seed: o.seed,
    replications: o.replications,
    threads: o.threads,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** Writes an HTML report made from this run's provenance atomically, and says where. */
export function writeHtml(
  file: string,
  run: Parameters<typeof provenanceOf>[0],
  render: (provenance: Provenance) => string,
): void {
  writeAtomically(file, render(provenanceOf(run)));
  process.stderr.write(`funnel-sim: wrote ${file}\n`);
}
