// The repository's Dockerfile, read (no image is built here): node:20-slim stages, a production
// install, a non-root user, the CLI as entry point, and every file the CLI needs at run time.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { dockerfileProblems, parseDockerfile, runtimeNeeds } from "./dockerfile.js";

const REPO = resolve(import.meta.dirname, "../..");
const DOCKERFILE = readFileSync(join(REPO, "Dockerfile"), "utf8");
const DOCKERIGNORE = readFileSync(join(REPO, ".dockerignore"), "utf8");

/** Replaces `from` (which must occur) in the Dockerfile. */
function mutated(from: string, to: string): string {
  expect(DOCKERFILE).toContain(from);
  return DOCKERFILE.replace(from, to);
}

describe("parseDockerfile", () => {
  it("parseDockerfile(text) joins continued lines, drops comments and reads exec form and flags", () => {
    const stages = parseDockerfile(
      [
        "# a comment",
        "FROM node:20-slim AS build",
        "RUN npm ci \\",
        "  # inside a continuation",
        "  && npm run build",
        "FROM node:20-slim",
        "COPY --from=build --chown=node /app/dist ./dist",
        'ENTRYPOINT ["node", "/app/bin/funnel-sim.cjs"]',
      ].join("\n"),
    );
    expect(stages.map((s) => [s.from, s.name])).toEqual([
      ["node:20-slim", "build"],
      ["node:20-slim", undefined],
    ]);
    expect(stages[0].instructions[0].text).toBe("npm ci    && npm run build");
    const [copy, entry] = stages[1].instructions;
    expect(copy.flags).toEqual({ from: "build", chown: "node" });
    expect(copy.args).toEqual(["/app/dist", "./dist"]);
    expect([entry.json, entry.args]).toEqual([true, ["node", "/app/bin/funnel-sim.cjs"]]);
  });
});

describe("the Dockerfile", () => {
  it("runtimeNeeds(repo) finds the bundle, its worker, package.json and the packages loaded at run time", () => {
    const needs = runtimeNeeds(REPO);
    expect(needs.files.sort()).toEqual(["dist/funnel-sim.cjs", "dist/worker.cjs", "package.json"]);
    // The bundles leave these to node_modules (scripts/bundle.mjs, src's createRequire calls).
    expect(needs.packages).toEqual(expect.arrayContaining(["piscina", "cli-progress"]));
  });

  it("has node:20-slim stages, installs production packages, runs the CLI as a non-root user, and copies all it needs", () => {
    expect(dockerfileProblems(REPO, DOCKERFILE)).toEqual([]);
  });

  // Each check, shown able to fail: a copy of the Dockerfile (or .dockerignore) broken one way.
  const broken: [string, () => string[], RegExp][] = [
    [
      "another base image",
      () =>
        dockerfileProblems(REPO, mutated("FROM node:20-slim AS build", "FROM node:22 AS build")),
      /FROM node:22, not node:20-slim/,
    ],
    [
      "dev packages in the image",
      () => dockerfileProblems(REPO, mutated("npm ci --omit=dev", "npm ci")),
      /no `npm ci --omit=dev`/,
    ],
    ["no USER", () => dockerfileProblems(REPO, mutated("USER node\n", "")), /runs as root/],
    [
      "root again after USER",
      () => dockerfileProblems(REPO, mutated("USER node\n", "USER node\nUSER root\nRUN true\n")),
      /back to USER root/,
    ],
    [
      "a user nobody created",
      () => dockerfileProblems(REPO, mutated("USER node\n", "USER funnel\n")),
      /USER funnel is not created/,
    ],
    [
      "ENTRYPOINT in shell form",
      () =>
        dockerfileProblems(
          REPO,
          mutated(
            'ENTRYPOINT ["node", "/app/bin/funnel-sim.cjs"]',
            "ENTRYPOINT node /app/bin/funnel-sim.cjs",
          ),
        ),
      /shell form/,
    ],
    [
      "ENTRYPOINT on a missing file",
      () => dockerfileProblems(REPO, mutated('"/app/bin/funnel-sim.cjs"', '"/app/bin/cli.cjs"')),
      /\/app\/bin\/cli\.cjs, which the image lacks/,
    ],
    [
      "a COPY from a stage that lacks the file",
      () => dockerfileProblems(REPO, mutated("/app/schema ./schema", "/app/schemas ./schema")),
      /\/app\/schemas does not exist in stage build/,
    ],
    [
      "a COPY from an unknown stage",
      () => dockerfileProblems(REPO, mutated("--from=build /app/bin", "--from=builder /app/bin")),
      /--from=builder is not an earlier stage/,
    ],
    [
      "a COPY of a file not in the repository",
      () =>
        dockerfileProblems(
          REPO,
          mutated(
            "package.json package-lock.json ./\nRUN npm ci --omit",
            "package.json npm-shrinkwrap.json ./\nRUN npm ci --omit",
          ),
        ),
      /npm-shrinkwrap\.json is not in the build context/,
    ],
    [
      "a build context without the sources",
      () => dockerfileProblems(REPO, DOCKERFILE, `${DOCKERIGNORE}\nbin\n`),
      /no \/app\/bin\/funnel-sim\.cjs|bin does not exist in stage build/,
    ],
    [
      "the bundle not copied",
      () => dockerfileProblems(REPO, mutated("COPY --from=build /app/dist ./dist\n", "")),
      /no \/app\/dist\/funnel-sim\.cjs/,
    ],
    [
      "the scenarios not copied",
      () => dockerfileProblems(REPO, mutated("COPY --from=build /app/scenarios ./scenarios\n", "")),
      /no \/app\/scenarios/,
    ],
  ];
  it.each(broken)("is refused with %s", (_, problems, expected) => {
    const found = problems();
    expect(
      found.some((p) => expected.test(p)),
      found.join("\n"),
    ).toBe(true);
  });
});
