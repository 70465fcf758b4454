// Reads a Dockerfile into its stages and instructions, and checks the repository's Dockerfile
// against what the CLI needs at run time. No image is built: the files each stage holds are
// followed instruction by instruction from the build context (the repository minus
// .dockerignore), from `npm ci` (node_modules) and from `npm run build` (dist/, as the build
// leaves it in this working copy).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** One instruction: its keyword (upper case), its --flags, and its arguments. */
export interface Instruction {
  keyword: string;
  flags: Record<string, string>;
  /** Exec (JSON array) form when the text is one, else the words split on white space. */
  args: string[];
  /** The arguments as written (shell form), continuation lines joined. */
  text: string;
  json: boolean;
  line: number;
}

/** A build stage: its base image, its name (`AS name`), its instructions after FROM. */
export interface Stage {
  from: string;
  name?: string;
  instructions: Instruction[];
}

/** Splits a Dockerfile into stages. Comments and blank lines are dropped, `\` joins lines. */
export function parseDockerfile(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const first = i;
    let logical = lines[i];
    if (/^\s*(#|$)/.test(logical)) continue;
    let continued = /\\\s*$/.test(logical);
    while (continued && i + 1 < lines.length) {
      logical = logical.replace(/\\\s*$/, " ");
      i++;
      // Comment and blank lines inside a continued instruction are dropped, as Docker does.
      if (/^\s*(#|$)/.test(lines[i])) continue;
      logical += lines[i];
      continued = /\\\s*$/.test(lines[i]);
    }
    const m = /^\s*(\S+)\s*(.*)$/.exec(logical);
    if (!m) continue;
    const keyword = m[1].toUpperCase();
    let rest = m[2].trim();
    if (/<<-?["']?\w/.test(rest)) throw new Error(`line ${first + 1}: heredocs are not read here`);
    const flags: Record<string, string> = {};
    for (
      let f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest);
      f;
      f = /^--([\w-]+)(?:=(\S*))?\s*/.exec(rest)
    ) {
      flags[f[1]] = f[2] ?? "true";
      rest = rest.slice(f[0].length);
    }
    let args = rest.split(/\s+/).filter(Boolean);
    let json = false;
    if (rest.startsWith("[")) {
      try {
        const parsed = JSON.parse(rest);
        if (Array.isArray(parsed) && parsed.every((a) => typeof a === "string")) {
          args = parsed;
          json = true;
        }
      } catch {
        // Not JSON: Docker reads it as shell form, so do we.
      }
    }
    const instruction = { keyword, flags, args, text: rest, json, line: first + 1 };
    if (keyword === "FROM") {
      const as = args.findIndex((a) => a.toUpperCase() === "AS");
      stages.push({ from: args[0], name: as >= 0 ? args[as + 1] : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (keyword !== "ARG") throw new Error(`line ${first + 1}: ${keyword} before FROM`);
    } else stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

/** .dockerignore's patterns as one test (`*` within a name, `**` across folders; no `!`). */
function ignoreTest(text: string): (path: string) => boolean {
  const patterns = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((p) => {
      const body = p
        .replace(/^\/+|\/+$/g, "")
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "§§")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        .replace(/§§/g, ".*");
      // A pattern excludes the path and everything under it.
      return new RegExp(`^${body}(/.*)?$`);
    });
  return (path) => patterns.some((p) => p.test(path));
}

/** Every file and folder under `dir`, relative, skipping what `ignored` excludes. */
function tree(dir: string, ignored: (path: string) => boolean, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (ignored(rel)) continue;
    out.push(rel);
    if (entry.isDirectory()) out.push(...tree(dir, ignored, rel));
  }
  return out;
}

/** The paths (absolute) a stage holds after its instructions, and the problems found on the way. */
interface Filesystem {
  paths: Set<string>;
  workdir: string;
  user: string;
}

function readIfThere(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8") : "";
}

/** Runtime needs of the CLI, each derived from the source that needs it (repo-relative paths). */
export function runtimeNeeds(repo: string): { files: string[]; packages: string[] } {
  const read = (f: string) => readFileSync(join(repo, f), "utf8");
  const files = new Set<string>(["package.json"]);
  // bin/funnel-sim.cjs loads the bundle by path.join(__dirname, "..", "dist", …).
  for (const m of read("bin/funnel-sim.cjs").matchAll(/path\.join\(__dirname,([^)]*)\)/g)) {
    const parts = [...m[1].matchAll(/"([^"]*)"/g)].map((p) => p[1]);
    files.add(posix.normalize(posix.join("bin", ...parts)));
  }
  // The worker pool loads its worker file next to the bundle.
  for (const m of read("src/parallel/pool.ts").matchAll(/new URL\("\.\/([^"]+)"/g))
    files.add(`dist/${m[1]}`);
  // Modules the bundles leave to node_modules: esbuild's externals and what the sources load
  // through createRequire, by name.
  const packages = new Set<string>();
  const bundle = read("scripts/bundle.mjs");
  for (const m of bundle.matchAll(/external:\s*\[([^\]]*)\]/g))
    for (const p of m[1].matchAll(/"([^"]+)"/g)) packages.add(p[1]);
  const sources = tree(join(repo, "src"), () => false).filter((f) => f.endsWith(".ts"));
  for (const f of sources)
    for (const m of read(`src/${f}`).matchAll(
      /(?:[Rr]equire|import\.meta\.url\))\("([^".][^"]*)"\)/g,
    ))
      if (!m[1].startsWith("node:")) packages.add(m[1]);
  // "fast-check" is the user's own peer dependency (the testing entry), not the CLI's.
  packages.delete("fast-check");
  const name = (p: string) =>
    p
      .split("/")
      .slice(0, p.startsWith("@") ? 2 : 1)
      .join("/");
  return { files: [...files], packages: [...new Set([...packages].map(name))] };
}

/**
 * Every problem of the Dockerfile `text` for this repository: the base images, the final
 * stage's install, user and entry point, each COPY's sources, and the files the CLI needs.
 */
export function dockerfileProblems(
  repo: string,
  text: string,
  dockerignore = readIfThere(join(repo, ".dockerignore")),
  base = "node:20-slim",
): string[] {
  const problems: string[] = [];
  let stages: Stage[];
  try {
    stages = parseDockerfile(text);
  } catch (error) {
    return [`unreadable: ${(error as Error).message}`];
  }
  if (stages.length === 0) return ["no FROM"];
  const ignored = ignoreTest(dockerignore);
  const context = tree(repo, (p) => p === ".git" || ignored(p));
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8"));
  const built = existsSync(join(repo, "dist")) ? tree(repo, () => false, "dist") : [];
  if (built.length === 0) problems.push("dist/ is missing here: run `npm run build` first");

  const systems = new Map<string, Filesystem>();
  let fs: Filesystem = { paths: new Set(), workdir: "/", user: "root" };
  stages.forEach((stage, index) => {
    const final = index === stages.length - 1;
    const at = (line: number) => `line ${line}`;
    if (stage.from !== base) problems.push(`stage ${index + 1}: FROM ${stage.from}, not ${base}`);
    const from = systems.get(stage.from);
    fs = {
      paths: new Set(from?.paths),
      workdir: from?.workdir ?? "/",
      user: from?.user ?? "root",
    };
    const abs = (p: string) => posix.resolve(fs.workdir, p);
    const add = (path: string) => {
      for (let p = path; p !== "/"; p = posix.dirname(p)) fs.paths.add(p);
    };
    const users = new Set<string>(["root", "node"]); // the node images' own users
    let sawNonRoot = false;
    for (const ins of stage.instructions) {
      switch (ins.keyword) {
        case "WORKDIR":
          fs.workdir = abs(ins.args[0]);
          add(fs.workdir);
          break;
        case "USER": {
          const user = ins.args[0]?.split(":")[0] ?? "";
          fs.user = user;
          if (user === "root" || user === "0") {
            if (sawNonRoot && final) problems.push(`${at(ins.line)}: back to USER ${user}`);
          } else {
            sawNonRoot = true;
            if (!users.has(user))
              problems.push(`${at(ins.line)}: USER ${user} is not created in this stage`);
          }
          break;
        }
        case "RUN": {
          const cmd = ins.text;
          for (const m of cmd.matchAll(/(?:useradd|adduser)\s+(?:-\S+\s+(?:\d+\s+)?)*(\w[\w-]*)/g))
            users.add(m[1]);
          if (/\bnpm ci\b/.test(cmd)) {
            const omitDev = /--omit=dev\b/.test(cmd);
            // The installed packages: the production ones with --omit=dev, all otherwise.
            const deps = {
              ...pkg.dependencies,
              ...(omitDev ? {} : pkg.devDependencies),
            };
            if (!fs.paths.has(abs("package-lock.json")))
              problems.push(`${at(ins.line)}: npm ci before package-lock.json is copied`);
            for (const d of Object.keys(deps)) add(abs(`node_modules/${d}`));
          }
          if (/\bnpm run build\b/.test(cmd)) for (const f of built) add(abs(f));
          break;
        }
        case "COPY":
        case "ADD": {
          const sources = ins.args.slice(0, -1);
          const dest = ins.args.at(-1) ?? "";
          const destDir =
            dest.endsWith("/") || sources.length > 1 || dest === "." ? abs(dest) : undefined;
          const origin = ins.flags.from;
          if (origin !== undefined && !systems.has(origin))
            problems.push(`${at(ins.line)}: --from=${origin} is not an earlier stage`);
          const have = origin !== undefined ? systems.get(origin)?.paths : undefined;
          for (const src of sources) {
            if (origin !== undefined) {
              const path = posix.resolve(systems.get(origin)?.workdir ?? "/", src);
              if (!have?.has(path)) {
                problems.push(`${at(ins.line)}: ${src} does not exist in stage ${origin}`);
                continue;
              }
              const target = destDir ? posix.join(destDir, posix.basename(path)) : abs(dest);
              for (const p of have)
                if (p === path || p.startsWith(`${path}/`)) add(target + p.slice(path.length));
              continue;
            }
            const rel = posix
              .normalize(src)
              .replace(/^\.?\/?/, "")
              .replace(/\/$/, "");
            if (rel === "" || rel === ".") {
              for (const p of context) add(posix.join(abs(dest), p));
              continue;
            }
            if (!context.includes(rel)) {
              problems.push(
                `${at(ins.line)}: ${src} is not in the build context${existsSync(join(repo, rel)) ? " (.dockerignore excludes it)" : ""}`,
              );
              continue;
            }
            const target = destDir ? posix.join(destDir, posix.basename(rel)) : abs(dest);
            add(target);
            for (const p of context) if (p.startsWith(`${rel}/`)) add(target + p.slice(rel.length));
          }
          break;
        }
        case "ENTRYPOINT":
          if (!final) break;
          if (!ins.json)
            problems.push(
              `${at(ins.line)}: ENTRYPOINT in shell form (signals would not reach node)`,
            );
          else if (ins.args[0] !== "node" || ins.args.length !== 2)
            problems.push(
              `${at(ins.line)}: ENTRYPOINT ${JSON.stringify(ins.args)} does not run node on the CLI`,
            );
          else if (!fs.paths.has(abs(ins.args[1])))
            problems.push(`${at(ins.line)}: ENTRYPOINT runs ${ins.args[1]}, which the image lacks`);
          break;
      }
    }
    if (final) {
      const has = (k: string, re: RegExp) =>
        stage.instructions.some((i) => i.keyword === k && re.test(i.text));
      if (!has("RUN", /\bnpm ci\b[^&;|]*--omit=dev/))
        problems.push("final stage: no `npm ci --omit=dev`");
      if (fs.user === "root" || fs.user === "0")
        problems.push("final stage: runs as root (no USER)");
      const entry = stage.instructions.filter((i) => i.keyword === "ENTRYPOINT").at(-1);
      if (!entry) problems.push("final stage: no ENTRYPOINT");
      const app = entry?.args[1] ? posix.dirname(posix.dirname(entry.args[1])) : fs.workdir;
      const needs = runtimeNeeds(repo);
      for (const f of [...needs.files, "scenarios", "schema"])
        if (!fs.paths.has(posix.join(app, f)))
          problems.push(`final stage: no ${posix.join(app, f)}`);
      for (const p of needs.packages) {
        if (!pkg.dependencies?.[p])
          problems.push(`${p} is loaded at run time but is not a dependency`);
        else if (!fs.paths.has(posix.join(app, "node_modules", p)))
          problems.push(`final stage: no ${posix.join(app, "node_modules", p)}`);
      }
    }
    systems.set(String(index), fs);
    if (stage.name) systems.set(stage.name, fs);
  });
  return problems;
}
