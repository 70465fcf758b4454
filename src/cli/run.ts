import { renderTerminal } from "../report/terminal.js";
import { runScenario } from "../run.js";
import { loadScenario } from "../scenario/parse.js";

export interface RunOptions {
  scenario: string;
  set: string[];
  seed?: number;
  json: boolean;
}

/** `funnel-sim run`: one simulated run of a scenario, as a report or JSON on stdout. */
export function runCommand(o: RunOptions): void {
  const overrides = o.seed === undefined ? o.set : [...o.set, `seed=${o.seed}`];
  const report = runScenario(loadScenario(o.scenario, overrides));
  process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : renderTerminal(report));
}
