#!/usr/bin/env bash
# Whole-process CPU cost of a tocsin command: the median task-clock (user + system CPU, in ms) of
# N runs under `perf stat`. Start-up matters because every hook and CI step pays it.
# Usage: bash scripts/startup-cost.sh [-n RUNS] BINARY ARGS...
#   bash scripts/startup-cost.sh build/release/tocsin --version
set -euo pipefail
runs=101
if [[ "${1:-}" == "-n" ]]; then runs="$2"; shift 2; fi
samples=()
for ((i = 0; i < runs; i++)); do
  ms=$(perf stat -x, -e task-clock "$@" 2>&1 >/dev/null | awk -F, '/task-clock/ {print $1}' | tail -1)
  samples+=("$ms")
done
printf '%s\n' "${samples[@]}" | sort -g | awk '{v[NR]=$1} END {printf "median %.2f ms CPU (min %.2f, max %.2f) over %d runs\n", v[int((NR+1)/2)], v[1], v[NR], NR}'
