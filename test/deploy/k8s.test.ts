// deploy/k8s, validated offline (no Kubernetes API server can run here or in CI): each manifest
// against kubernetes-models' schema validators and its TypeScript declarations (every key must
// be one the API knows), then against the rules the server enforces in code and those that
// make the study and merge Jobs work together. Each check is shown able to fail.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Job } from "kubernetes-models/batch/v1";
import { PersistentVolumeClaim } from "kubernetes-models/v1";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseDockerfile } from "./dockerfile.js";
import { type Deployment, deploymentProblems, RULES } from "./k8sRules.js";
import { typeProblems } from "./k8sTypes.js";

const REPO = resolve(import.meta.dirname, "../..");
const K8S = join(REPO, "deploy/k8s");
const read = (file: string) => readFileSync(join(K8S, file), "utf8");

/** A fresh copy of the deployment, to mutate. */
function deployment(): Deployment {
  return {
    study: parse(read("study-job.yaml")),
    merge: parse(read("merge-job.yaml")),
    pvc: parse(read("pvc.yaml")),
    readme: read("README.md"),
  };
}

/** The problems of a copy of the deployment after `mutate`. */
function problemsAfter(mutate: (d: Deployment) => void): string[] {
  const d = deployment();
  mutate(d);
  return deploymentProblems(d);
}

/** kubernetes-models' validation: undefined when valid, else its message. */
function schemaError(model: { validate: () => void }): string | undefined {
  try {
    model.validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe("deploy/k8s", () => {
  it("each manifest passes the Kubernetes API schema (kubernetes-models)", () => {
    const d = deployment();
    expect(schemaError(new Job(d.study))).toBeUndefined();
    expect(schemaError(new Job(d.merge))).toBeUndefined();
    expect(schemaError(new PersistentVolumeClaim(d.pvc))).toBeUndefined();
    // The same validators refuse a value out of the schema's enum and a missing template.
    d.study.spec.completionMode = "indexed";
    expect(schemaError(new Job(d.study))).toMatch(/completionMode/);
    delete d.merge.spec.template;
    expect(schemaError(new Job(d.merge))).toMatch(/template/);
  });

  it("every key of every manifest is a field of the Kubernetes API types", () => {
    const d = deployment();
    // Misspelt keys the schema validators let through, at three depths.
    const typo = deployment();
    typo.study.spec.parallelizm = typo.study.spec.parallelism;
    typo.merge.spec.template.spec.containers[0].volumeMount =
      typo.merge.spec.template.spec.containers[0].volumeMounts;
    typo.pvc.spec.resources.request = { storage: "1Gi" };
    expect(schemaError(new Job(typo.study))).toBeUndefined();
    const found = typeProblems(REPO, {
      study: d.study,
      merge: d.merge,
      pvc: d.pvc,
      studyTypo: typo.study,
      mergeTypo: typo.merge,
      pvcTypo: typo.pvc,
    });
    expect(found.study).toEqual([]);
    expect(found.merge).toEqual([]);
    expect(found.pvc).toEqual([]);
    expect(found.studyTypo.join("\n")).toMatch(/'"parallelizm"' does not exist in type 'IJobSpec'/);
    expect(found.mergeTypo.join("\n")).toMatch(
      /'"volumeMount"' does not exist in type 'IContainer'/,
    );
    expect(found.pvcTypo.join("\n")).toMatch(/'"request"' does not exist/);
  }, 30_000);

  it("keeps the server's rules and the study's: Indexed with completions, Never, N shards, one image, one claim", () => {
    expect(deploymentProblems(deployment())).toEqual([]);
  });

  const image = (d: Deployment) => d.merge.spec.template.spec.containers[0];
  const shard = (d: Deployment) => d.study.spec.template.spec.containers[0];
  // One copy broken per rule; each must be caught by the rule it breaks.
  const broken: [string, (d: Deployment) => void][] = [
    ["indexed completions", (d) => delete d.study.spec.completions],
    ["restart policy", (d) => (d.merge.spec.template.spec.restartPolicy = "Always")],
    ["per-index backoff", (d) => (d.merge.spec.backoffLimitPerIndex = 1)],
    ["parallelism", (d) => (d.study.spec.parallelism = d.study.spec.completions + 1)],
    [
      "shard count",
      (d) => {
        const env = shard(d).env.find((e: { name: string }) => e.name === "FUNNEL_SIM_SHARDS");
        env.value = String(d.study.spec.completions / 2);
      },
    ],
    [
      "shard index",
      (d) => {
        const args: string[] = shard(d).args;
        args[args.indexOf("--out") + 1] = "/parts/$(JOB_INDEX).jsonl";
      },
    ],
    ["names", (d) => (shard(d).name = "Shard_1")],
    ["volume mounts", (d) => (shard(d).volumeMounts[1].name = "part")],
    ["image", (d) => (image(d).image = "funnel-sim:0.2.0")],
    ["parts volume", (d) => (d.pvc.metadata.name = "funnel-sim-data")],
    ["study file", (d) => (d.study.spec.template.spec.volumes[0].configMap.name = "other-study")],
    ["non-root", (d) => (d.study.spec.template.spec.securityContext.runAsUser = 0)],
  ];
  it("has one broken copy per rule", () => {
    expect(broken.map(([rule]) => rule).sort()).toEqual(RULES.map((r) => r.name).sort());
  });
  it.each(broken)("refuses a copy that breaks the %s rule", (rule, mutate) => {
    const found = problemsAfter(mutate);
    expect(
      found.some((p) => p.startsWith(`${rule}: `)),
      found.join("\n"),
    ).toBe(true);
  });

  it("runs the image the Dockerfile builds, as its user, and the merge through its entry point", () => {
    const final = parseDockerfile(readFileSync(join(REPO, "Dockerfile"), "utf8")).at(-1)!;
    const entry = final.instructions.filter((i) => i.keyword === "ENTRYPOINT").at(-1)!.args;
    const user = final.instructions.filter((i) => i.keyword === "USER").at(-1)!.args[0];
    const d = deployment();
    // The node image's user `node` is uid 1000.
    expect(user).toBe("node");
    for (const job of [d.study, d.merge])
      expect(job.spec.template.spec.securityContext.runAsUser).toBe(1000);
    // The study Job passes args to the entry point; the merge replaces it by sh -c, which must
    // run the same CLI.
    expect(shard(d).command).toBeUndefined();
    expect(image(d).command).toEqual(["sh", "-c"]);
    expect(image(d).args[0]).toContain(`exec ${entry.join(" ")} merge `);
    expect(shard(d).image).toMatch(/^funnel-sim:\d+\.\d+\.\d+$/);
    const version = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version;
    expect(shard(d).image).toBe(`funnel-sim:${version}`);
  });

  it("README says plainly that no cluster runs in CI", () => {
    expect(read("README.md")).toMatch(/\*\*No cluster runs in CI\.\*\*/);
  });

  it("the study Job's pods, run here as 3 shards, and the merge Job's command give the unsharded sweep's bytes", async () => {
    const d = deployment();
    // N = 3: completions and the shard count changed together, as README says.
    const n = 3;
    d.study.spec.completions = n;
    d.study.spec.parallelism = n;
    const pod = shard(d);
    pod.env.find((e: { name: string }) => e.name === "FUNNEL_SIM_SHARDS").value = String(n);
    expect(deploymentProblems(d)).toEqual([]);

    const root = mkdtempSync(join(tmpdir(), "funnel-sim-k8s-"));
    try {
      // Each volume becomes a folder here; the image's /app is this repository.
      const folders = new Map<string, string>([["/app", REPO]]);
      for (const job of [d.study, d.merge]) {
        const c = job.spec.template.spec.containers[0];
        for (const v of job.spec.template.spec.volumes) {
          const mount = c.volumeMounts.find((m: { name: string }) => m.name === v.name);
          if (!mount) continue;
          const folder = join(root, v.configMap ? "configmap" : "pvc");
          mkdirSync(folder, { recursive: true });
          folders.set(mount.mountPath, folder);
        }
      }
      const local = (text: string) =>
        [...folders].reduce((t, [mount, folder]) => t.replaceAll(`${mount}/`, `${folder}/`), text);
      // The ConfigMap's study.yaml: a shipped scenario with a small grid (3 points × 2).
      const study = `${readFileSync(join(REPO, "scenarios/online-course.yaml"), "utf8")}\nstudy:\n  replications: 2\n  vary:\n    traffic: [0.25, 0.5, 1]\n`;
      writeFileSync(join(folders.get("/study")!, "study.yaml"), study);

      // The pods: the entry point with the container's args, $(VAR) expanded from its env (the
      // index as the Job controller's annotation gives it).
      const entry = ["/app/bin/funnel-sim.cjs"];
      const pods = [...Array(n).keys()].map((i) => {
        const env: Record<string, string> = {};
        for (const e of pod.env)
          env[e.name] = e.valueFrom?.fieldRef?.fieldPath.includes("job-completion-index")
            ? String(i)
            : e.value;
        const args = pod.args.map((a: string) =>
          local(a.replace(/\$\(([^)]*)\)/g, (_: string, v: string) => env[v])),
        );
        return exec(process.execPath, [...entry.map(local), ...args], env);
      });
      for (const p of await Promise.all(pods)) expect(p.status, p.stderr).toBe(0);
      // The merge Job's container: sh -c and its script, as is but for the folders.
      const m = image(d);
      const merged = await exec(m.command[0], [m.command[1], local(m.args[0])], {});
      expect(merged.status, merged.stderr).toBe(0);

      // The same command unsharded: the pod's arguments with --shard none and another --out.
      const args: string[] = pod.args.map(local);
      args[args.indexOf("--out") + 1] = join(root, "whole.csv");
      const whole = await exec(
        process.execPath,
        [join(REPO, entry[0].slice(5)), ...args, "--shard", "none"],
        {},
      );
      expect(whole.status, whole.stderr).toBe(0);
      const outAt = m.args[0].match(/--out (\S+)/)[1];
      expect(readFileSync(local(outAt), "utf8")).toBe(
        readFileSync(join(root, "whole.csv"), "utf8"),
      );
      expect(merged.stdout).toBe(whole.stdout);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Runs a program with the fixed provenance date and `env` added; resolves when it exits. */
function exec(program: string, args: string[], env: Record<string, string>) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(program, args, {
      env: { ...process.env, SOURCE_DATE_EPOCH: "1764633600", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b) => (stdout += b));
    child.stderr.on("data", (b) => (stderr += b));
    child.on("close", (status) => done({ status, stdout, stderr }));
  });
}
