#!/usr/bin/env bash
# Whole-process CPU cost of tocsin: the median task-clock (user + system CPU, in ms) of N runs
# under `perf stat`, with the median page-fault count. Start-up matters because every hook and
# CI step pays it. Targets (issue 11): `--version` <= 3 ms, Springtale `deps` <= 10 ms, Springtale
# warm `scan` <= 15 ms.
#
# Usage:
#   bash scripts/startup-cost.sh [-n RUNS] [--callgrind] [BINARY]
#       the three figures of issue 11 for BINARY (default build/rel/tocsin), reading ../shared
#       (Springtale and the rustsec / osv-pypi / kev data). The database for the warm scan is
#       imported once into $TOCSIN_COST_DB (default /tmp/tocsin-startup-db) if it is not there.
#       --callgrind also prints each command's instruction count (valgrind; counts the dynamic
#       loader and static initialisers too, and does not depend on the machine's load).
#       The load average (before and after) and an empty C program's cost are printed as the
#       reference for the CPU times.
#   bash scripts/startup-cost.sh [-n RUNS] -- BINARY ARGS...
#       one command.
# CPU time on a shared machine is noisy: compare binaries in interleaved runs, and quote medians.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=21
callgrind=0
one=0
while (($#)); do
  case "$1" in
    -n) runs="$2"; shift 2 ;;
    --callgrind) callgrind=1; shift ;;
    --) one=1; shift; break ;;
    *) break ;;
  esac
done

# median of task-clock (ms) and page faults over $runs runs of "$@"
measure() {
  local clock=() faults=() out
  for ((i = 0; i < runs; i++)); do
    out=$(perf stat -x, -e task-clock,page-faults "$@" 2>&1 >/dev/null | awk -F, '$3 ~ /task-clock|page-faults/ {print $3, $1}')
    clock+=("$(awk '/task-clock/ {print $2}' <<<"$out")")
    faults+=("$(awk '/page-faults/ {print $2}' <<<"$out")")
  done
  local c f
  c=$(printf '%s\n' "${clock[@]}" | sort -g | awk '{v[NR]=$1} END {printf "median %6.2f ms CPU (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}')
  f=$(printf '%s\n' "${faults[@]}" | sort -g | awk '{v[NR]=$1} END {printf "%d page faults", v[int((NR+1)/2)]}')
  printf '%s, %s, %d runs' "$c" "$f" "$runs"
  if ((callgrind)) && command -v valgrind >/dev/null; then
    local log
    log=$(mktemp)
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" >/dev/null 2>"$log" || true
    awk '/Collected/ {printf ", %d instructions", $NF}' "$log"
    rm -f "$log"
  fi
  printf '\n'
}

if ((one)); then
  measure "$@"
  exit 0
fi

bin="${1:-build/rel/tocsin}"
shared="${TOCSIN_SHARED_DIR:-../shared}"
springtale="$shared/fixtures/springtale"
db="${TOCSIN_COST_DB:-/tmp/tocsin-startup-db}"
[[ -x "$bin" ]] || { echo "no binary $bin (build it: cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/rel --target tocsin)" >&2; exit 2; }
[[ -d "$springtale" ]] || { echo "no Springtale fixture at $springtale" >&2; exit 2; }
if [[ ! -f "$db/advisories.db" ]]; then
  "$bin" db import "$shared/data/rustsec" "$shared/data/osv-pypi" "$shared/data/kev" --db "$db" >/dev/null
fi

# The load reference: what an empty C program costs right now (CPU time on a shared machine
# grows with its load; compare tocsin's figures with this one, measured in the same minute).
empty_c="${TMPDIR:-/tmp}/tocsin-empty-c"
if [[ ! -x "$empty_c" ]] && command -v cc >/dev/null; then
  printf 'int main(void) { return 0; }\n' | cc -O2 -x c -o "$empty_c" - || true
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -x "$empty_c" ]]; then
  printf '%-24s ' "empty C program"
  measure "$empty_c"
fi

libs=$(ldd "$bin" 2>/dev/null | grep -c '=>' || true)  # 0 for the static executable
if readelf -l "$bin" 2>/dev/null | grep -q INTERP; then
  relocs=$(LD_DEBUG=statistics "$bin" --version 2>&1 >/dev/null |
    awk '/number of relocations:/ {s=$NF} /relative relocations:/ {r=$NF} END {printf "%s symbol + %s relative relocations", s, r}')
  echo "$bin: $libs shared libraries (ldd), $relocs at start-up"
else
  echo "$bin: static executable (no dynamic loader, no shared library)"
fi
printf '%-24s ' "--version"
measure "$bin" --version
printf '%-24s ' "deps Springtale"
measure "$bin" deps "$springtale"
printf '%-24s ' "warm scan Springtale"
# scan exits 1 when findings reach the gate: --fail-on none keeps the exit code out of the way
measure "$bin" scan "$springtale" --db "$db" --fail-on none
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
