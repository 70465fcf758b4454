import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";

// `expect:` statements in `run`, and `funnel-sim check`: run through the built bundle.
const BIN = "bin/funnel-sim.cjs";
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8" });
const FIXTURE = "test/fixtures/expect/alpha-expect.yaml";
const ACTUAL = "scenarios/alpha-content-actual.yaml";
const statements = (...s: string[]) => ["--set", `expect=${JSON.stringify(s)}`];

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run npm run build first`);
});

/**
 * Whether `xml` is well-formed as far as a JUnit reader needs: one root, every element closed
 * in order, attributes quoted, and no `&` or `<` but as markup or an entity.
 */
function wellFormed(xml: string): boolean {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: string[] = [];
  let roots = 0;
  const token =
    /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length) {
    token.lastIndex = at;
    m = token.exec(body);
    if (!m) return false;
    at = token.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) return false;
      if (stack.length === 0 && m[5].trim() !== "") return false;
      continue;
    }
    const [, close, name, , selfClose] = m;
    if (close) {
      if (stack.pop() !== name) return false;
    } else {
      if (stack.length === 0) roots++;
      if (!selfClose) stack.push(name);
    }
  }
  return stack.length === 0 && roots === 1;
}

describe("expect: in a scenario", () => {
  test("at 10 replications: holds with 95 % confidence, fails, undecided; exit 1 for the failure", () => {
    const r = cli("run", FIXTURE, "--replications", "10", "--json");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.expect.map((e: { status: string }) => e.status)).toEqual([
      "holds",
      "fails",
      "holds",
      "undecided",
    ]);
    expect(report.expect[0]).toMatchObject({ statement: "revenue >= 500000" });
    expect(report.expect[0].value.mean).toBe(report.revenue.mean);
    const text = cli("run", FIXTURE, "--replications", "10", "--no-verdict");
    expect(text.status).toBe(1);
    expect(text.stdout).toContain("revenue >= 500000  — holds with 95 % confidence");
    expect(text.stdout).toContain("lostStock == 0  — fails");
    expect(text.stdout).toContain("lostHosting >= 1400  — undecided at 10 replications");
  });

  test("exit 0 when none fails, undecided included; one replication judges on the value", () => {
    const undecided = cli(
      "run",
      FIXTURE,
      "--replications",
      "10",
      "--no-verdict",
      ...statements("revenue >= 500000", "lostHosting >= 1400"),
    );
    expect(undecided.status).toBe(0);
    expect(undecided.stdout).toContain("1 undecided (exit 0");
    const one = cli("run", FIXTURE, "--json", ...statements("lostHosting >= 1400"));
    expect(one.status).toBe(0);
    const e = JSON.parse(one.stdout).expect[0];
    expect(e.status).toBe("holds");
    expect(e.value).toBe(JSON.parse(one.stdout).funnel.lostHosting);
    const fails = cli("run", FIXTURE, "--json", ...statements("lostStock == 0"));
    expect(fails.status).toBe(1);
    expect(JSON.parse(fails.stdout).expect[0].status).toBe("fails");
  });

  test("a scenario without expect: has no expect key in its --json (the report is unchanged)", () => {
    const r = cli("run", ACTUAL, "--json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).not.toHaveProperty("expect");
  });

  test("a bad statement is located at file:line:col, exit 2, before any run", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-expect-"));
    const file = join(dir, "bad.yaml");
    const text = readFileSync(FIXTURE, "utf8").replace(
      "  - lostStock == 0 # fails: hundreds find no stock",
      "  - lostStok == 0",
    );
    writeFileSync(file, text);
    const line = text.split("\n").indexOf("  - lostStok == 0") + 1;
    for (const command of ["run", "check"]) {
      const r = cli(command, file);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`${file}:${line}:5: expect.1: unknown figure 'lostStok'`);
      expect(r.stderr).toContain("did you mean lostStock?");
    }
    const two = cli("run", FIXTURE, ...statements("revenue >= 1 and clicked > 0"));
    expect(two.status).toBe(2);
    expect(two.stderr).toContain("a statement is one comparison");
  });
});

describe("funnel-sim check", () => {
  test("lints the actual campaign before any run: stock and hosting warnings, exit 0", () => {
    const r = cli("check", ACTUAL);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("cost per contact 0.08 RUB, per click 6.29 RUB");
    expect(r.stdout).toMatch(/warning: hosting: .*Erlang B blocks \d+ % of arrivals/);
    expect(r.stdout).toMatch(
      /warning: stock: expected demand ~[\d,]+ units .* against 150 in stock/,
    );
    // No expect: block, so nothing is run.
    expect(r.stdout).not.toContain("Expectations");
  });

  test("judges expect: with 10 replications and writes well-formed JUnit XML", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-junit-"));
    const junit = join(dir, "check.xml");
    const r = cli("check", FIXTURE, ACTUAL, "--junit", junit);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("undecided at 10 replications");
    const xml = readFileSync(junit, "utf8");
    expect(wellFormed(xml)).toBe(true);
    // The fixture: 4 statements (1 failure) and 3 lint classes; the actual campaign: 3 lint classes.
    expect(xml).toMatch(/<testsuites name="funnel-sim check" tests="10" failures="1" errors="0">/);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(10);
    expect((xml.match(/<failure /g) ?? []).length).toBe(1);
    expect(xml).toContain('name="expect: share(lostHosting, clicked) &lt; 0.1"');
    expect(xml).toContain('name="lint: stock"');
  });

  test("a folder: an invalid file makes exit 2 and a JUnit error, the others still checked", () => {
    const dir = mkdtempSync(join(tmpdir(), "funnel-check-"));
    writeFileSync(join(dir, "a.yaml"), readFileSync(ACTUAL, "utf8"));
    writeFileSync(join(dir, "b.yaml"), "name: x\n");
    const junit = join(dir, "out.xml");
    const r = cli("check", dir, "--junit", junit);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain(join(dir, "a.yaml"));
    expect(r.stderr).toContain(`${join(dir, "b.yaml")}:1:1`);
    const xml = readFileSync(junit, "utf8");
    expect(wellFormed(xml)).toBe(true);
    expect(xml).toMatch(/<testsuites [^>]*errors="1"/);
  });

  test("verdict statements run explain; the verdict holds or fails as a department", () => {
    const r = cli(
      "check",
      FIXTURE,
      "--replications",
      "3",
      ...statements("verdict != sales", "verdict == it"),
    );
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("verdict != sales  — holds (supply)");
    expect(r.stdout).toContain("verdict == it  — fails (supply)");
  });
});
