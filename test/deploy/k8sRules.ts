// The rules deploy/k8s's manifests must keep beyond the API schemas: those the API server
// enforces in code (its validation, not its OpenAPI schema), and those that make the study and
// merge Jobs one working whole (same image, same volume, the shard count equal to N).

// biome-ignore lint/suspicious/noExplicitAny: manifests are parsed YAML, checked field by field.
type Doc = any;

/** The manifests of deploy/k8s, parsed, and the README text that tells how to create the ConfigMap. */
export interface Deployment {
  study: Doc;
  merge: Doc;
  pvc: Doc;
  readme: string;
}

/** A DNS-1123 label: what the server requires of container, volume and port names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** An environment variable name the server accepts (C identifier-like, dots and dashes allowed). */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

type Rule = { name: string; check: (d: Deployment) => string[] };

const jobs = (d: Deployment): [string, Doc][] => [
  ["study-job.yaml", d.study],
  ["merge-job.yaml", d.merge],
];
const podSpec = (job: Doc) => job?.spec?.template?.spec ?? {};
const containers = (job: Doc): Doc[] => podSpec(job).containers ?? [];
const volumes = (job: Doc): Doc[] => podSpec(job).volumes ?? [];
const words = (c: Doc): string[] => [...(c.command ?? []), ...(c.args ?? [])].map(String);

/** The mount path, in `job`'s first container, of the volume that mounts the claim `claim`. */
function claimMount(job: Doc, claim: string): string | undefined {
  const volume = volumes(job).find((v) => v.persistentVolumeClaim?.claimName === claim);
  return containers(job)[0]?.volumeMounts?.find((m: Doc) => m.name === volume?.name)?.mountPath;
}

/** The value of `--out` in a container's arguments. */
function outPath(c: Doc): string | undefined {
  const w = words(c);
  const at = w.indexOf("--out");
  return at >= 0 ? w[at + 1] : undefined;
}

/** Each rule: its name (the start of every problem it finds) and its check. */
export const RULES: Rule[] = [
  {
    name: "indexed completions",
    // Server: "completions: Required value: when completion mode is Indexed".
    check: (d) =>
      d.study?.spec?.completionMode !== "Indexed"
        ? ["study-job.yaml: completionMode must be Indexed (the shard is the completion index)"]
        : Number.isInteger(d.study.spec.completions) && d.study.spec.completions > 0
          ? []
          : ["study-job.yaml: an Indexed Job needs completions, a positive whole number"],
  },
  {
    name: "restart policy",
    // Server: a Job's pod template may only have restartPolicy Never or OnFailure.
    check: (d) =>
      jobs(d)
        .filter(([, job]) => !["Never", "OnFailure"].includes(podSpec(job).restartPolicy))
        .map(
          ([file, job]) =>
            `${file}: restartPolicy is ${podSpec(job).restartPolicy}, not Never or OnFailure`,
        ),
  },
  {
    name: "per-index backoff",
    // Server: backoffLimitPerIndex only with completionMode Indexed.
    check: (d) =>
      jobs(d)
        .filter(([, job]) => job?.spec?.backoffLimitPerIndex !== undefined)
        .filter(([, job]) => job.spec.completionMode !== "Indexed")
        .map(([file]) => `${file}: backoffLimitPerIndex needs completionMode Indexed`),
  },
  {
    name: "parallelism",
    // More pods at once than completions would only sit idle.
    check: (d) =>
      jobs(d)
        .filter(([, job]) => (job?.spec?.parallelism ?? 1) > (job?.spec?.completions ?? 1))
        .map(
          ([file, job]) =>
            `${file}: parallelism ${job.spec.parallelism} exceeds completions ${job.spec.completions ?? 1}`,
        ),
  },
  {
    name: "shard count",
    check: (d) => {
      const n = String(d.study?.spec?.completions);
      return containers(d.study).flatMap((c) => {
        const shards = (c.env ?? []).find((e: Doc) => e.name === "FUNNEL_SIM_SHARDS");
        return shards?.value === n
          ? []
          : [
              `study-job.yaml: ${c.name}'s FUNNEL_SIM_SHARDS is ${shards?.value}, not completions (${n})`,
            ];
      });
    },
  },
  {
    name: "shard index",
    // Kubernetes expands $(VAR) only for variables the container declares; anything else stays
    // literal, and every shard would write the same file.
    check: (d) =>
      containers(d.study).flatMap((c) => {
        const declared = new Set((c.env ?? []).map((e: Doc) => e.name));
        const used = words(c).flatMap((w) => [...w.matchAll(/\$\(([^)]*)\)/g)].map((m) => m[1]));
        const problems = used
          .filter((v) => !declared.has(v))
          .map(
            (v) =>
              `study-job.yaml: ${c.name}'s arguments use $(${v}), which its env does not declare`,
          );
        if (!outPath(c)?.includes("$(JOB_COMPLETION_INDEX)"))
          problems.push(
            `study-job.yaml: ${c.name}'s --out does not name its part by $(JOB_COMPLETION_INDEX)`,
          );
        return problems;
      }),
  },
  {
    name: "names",
    // Server: container, volume and env names; a Job's name is also a label value (≤ 63).
    check: (d) =>
      jobs(d).flatMap(([file, job]) => {
        const bad: string[] = [];
        const name = String(job?.metadata?.name);
        if (!DNS_LABEL.test(name) || name.length > 63) bad.push(`metadata.name ${name}`);
        for (const c of containers(job)) {
          if (!DNS_LABEL.test(c.name)) bad.push(`container ${c.name}`);
          for (const e of c.env ?? []) if (!ENV_NAME.test(e.name)) bad.push(`env ${e.name}`);
        }
        for (const v of volumes(job)) if (!DNS_LABEL.test(v.name)) bad.push(`volume ${v.name}`);
        return bad.map((b) => `${file}: ${b} is not a valid name`);
      }),
  },
  {
    name: "volume mounts",
    // Server: "volumeMounts[0].name: Not found".
    check: (d) =>
      jobs(d).flatMap(([file, job]) => {
        const declared = new Set(volumes(job).map((v) => v.name));
        return containers(job).flatMap((c: Doc) =>
          (c.volumeMounts ?? [])
            .filter((m: Doc) => !declared.has(m.name))
            .map(
              (m: Doc) => `${file}: ${c.name} mounts ${m.name}, which is not a volume of the pod`,
            ),
        );
      }),
  },
  {
    name: "image",
    check: (d) => {
      const images = jobs(d).flatMap(([file, job]) =>
        containers(job).map((c) => ({ file, name: c.name, image: c.image })),
      );
      const first = images[0]?.image;
      return images
        .filter((i) => !i.image || i.image !== first)
        .map((i) => `${i.file}: ${i.name} runs image ${i.image}, not ${first} like the study`);
    },
  },
  {
    name: "parts volume",
    check: (d) => {
      const claim = d.pvc?.metadata?.name;
      const problems: string[] = [];
      if (!(d.pvc?.spec?.accessModes ?? []).includes("ReadWriteMany"))
        problems.push(
          "pvc.yaml: the parts volume must be ReadWriteMany (pods on many nodes write it)",
        );
      for (const [file, job] of jobs(d)) {
        const claims = volumes(job)
          .filter((v) => v.persistentVolumeClaim)
          .map((v) => v.persistentVolumeClaim.claimName);
        if (!claims.includes(claim)) problems.push(`${file}: no volume claims ${claim} (pvc.yaml)`);
        for (const other of claims.filter((c) => c !== claim))
          problems.push(`${file}: claims ${other}, which pvc.yaml does not declare`);
      }
      // The shards write their parts where the merge reads them.
      const written = claimMount(d.study, claim);
      const out = containers(d.study)[0] && outPath(containers(d.study)[0]);
      if (!written || !out?.startsWith(`${written}/`))
        problems.push(`study-job.yaml: --out ${out} is not on the parts volume (${written})`);
      const read = claimMount(d.merge, claim);
      const mergeWords = containers(d.merge).flatMap(words).join(" ");
      if (!read || !mergeWords.includes(`merge ${read}/*.jsonl`))
        problems.push(`merge-job.yaml: merge does not read ${read}/*.jsonl from the parts volume`);
      return problems;
    },
  },
  {
    name: "study file",
    // The study's path is inside the mounted ConfigMap, the one deploy/k8s/README.md creates.
    check: (d) => {
      const volume = volumes(d.study).find((v) => v.configMap);
      const c = containers(d.study)[0];
      const mount = c?.volumeMounts?.find((m: Doc) => m.name === volume?.name)?.mountPath;
      const study = c?.args?.[1];
      const problems: string[] = [];
      if (!volume || !mount || study !== `${mount}/study.yaml`)
        problems.push(
          `study-job.yaml: the study ${study} is not study.yaml in a mounted ConfigMap`,
        );
      const create = `kubectl create configmap ${volume?.configMap?.name} --from-file=study.yaml=`;
      if (!d.readme.includes(create))
        problems.push(`deploy/k8s/README.md does not create the ConfigMap: no "${create}"`);
      return problems;
    },
  },
  {
    name: "non-root",
    // The image's user (Dockerfile: USER node, uid 1000); the volumes are given its group.
    check: (d) =>
      jobs(d).flatMap(([file, job]) => {
        const s = podSpec(job).securityContext ?? {};
        return s.runAsNonRoot === true && s.runAsUser > 0 && s.fsGroup > 0
          ? []
          : [
              `${file}: the pod must run as non-root with runAsUser and fsGroup set (the parts are written as that user)`,
            ];
      }),
  },
];

/** Every problem every rule finds, each prefixed by its rule's name. */
export function deploymentProblems(d: Deployment): string[] {
  return RULES.flatMap((r) => r.check(d).map((p) => `${r.name}: ${p}`));
}
