#!/bin/bash
# Submits a funnel-sim study to Slurm: an array job of N shards (study.sbatch, tasks 0..N-1) and
# a merge job (merge.sbatch) that starts only when every shard succeeded and is cancelled if one
# fails (deploy/slurm/README.md).
#
#   deploy/slurm/submit.sh STUDY.yaml N [funnel-sim options...]
#
# Environment: FUNNEL_SIM_BIN (how to call the CLI, default funnel-sim), FUNNEL_SIM_COMMAND
# (sweep, whatif, explain or run; default sweep), FUNNEL_SIM_PARTS (the parts' folder, default
# ./parts; it must hold no parts yet), FUNNEL_SIM_OUT (the merged file, default ./sweep.csv), and
# sbatch's own SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT.
set -euo pipefail

die() {
  echo "funnel-sim submit: $*" >&2
  exit 2
}
[ $# -ge 2 ] || die "usage: submit.sh STUDY.yaml N [funnel-sim options...]"
study=$1
shards=$2
shift 2
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "N must be a positive whole number, not '$shards'"
[ -f "$study" ] || die "no study file '$study'"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The jobs run in this folder (--chdir), so the study keeps the path it was given: the merged
# output names it as the unsharded command run here would. Parts and output are made absolute.
command=${FUNNEL_SIM_COMMAND:-sweep}
parts=$(realpath -m "${FUNNEL_SIM_PARTS:-parts}")
# sweep and whatif write a table (.csv); run and explain a document (.json).
case $command in run | explain) ext=json ;; *) ext=csv ;; esac
out=$(realpath -m "${FUNNEL_SIM_OUT:-$command.$ext}")
mkdir -p "$parts/logs"
if compgen -G "$parts/*.jsonl" >/dev/null; then
  die "$parts already holds parts: remove them, or set FUNNEL_SIM_PARTS to another folder"
fi
export FUNNEL_SIM_PARTS=$parts FUNNEL_SIM_OUT=$out FUNNEL_SIM_COMMAND=$command

array=$(sbatch --parsable --chdir="$PWD" --array="0-$((shards - 1))" \
  --output="$parts/logs/%a.out" --error="$parts/logs/%a.err" \
  "$here/study.sbatch" "$study" "$shards" "$@")
array=${array%%;*}
merge=$(sbatch --parsable --chdir="$PWD" --dependency="afterok:$array" --kill-on-invalid-dep=yes \
  --output="$parts/logs/merge.out" --error="$parts/logs/merge.err" \
  "$here/merge.sbatch" "$shards")
merge=${merge%%;*}
echo "funnel-sim: $study in $shards shards: array job $array, merge job $merge (writes $out; logs in $parts/logs)"
