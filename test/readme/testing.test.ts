import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, test } from "vitest";

// The README's "Testing your own plans and extensions" example, run verbatim: its ```ts block
// written to a file in this package (so "funnel-sim/testing" resolves to the built
// dist/testing.mjs through package.json's exports, as in a user's project) and imported here,
// which runs its fc.assert. npm test builds dist/ before vitest runs.

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme
    .split(/^## /m)
    .find((s) => s.startsWith("Testing your own plans and extensions"));
  const code = section && /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!code) throw new Error('README.md has no ```ts block under "## Testing your own plans…"');
  return code;
}

const dir = mkdtempSync(join(ROOT, "test/readme/.snippet-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("the README's example imports funnel-sim/testing and asserts checkInvariants over arbitraryScenario", () => {
  const code = readmeSnippet();
  expect(code).toContain('from "funnel-sim/testing"');
  expect(code).toContain("fc.property(arbitraryScenario({ maxReach: 50_000 }), (s) => {");
  expect(code).toContain("expect(checkInvariants(s)).toEqual([]);");
});

test("the README's example runs and passes", async () => {
  const file = join(dir, "example.test-snippet.ts");
  writeFileSync(file, readmeSnippet());
  await import(file);
});
