#!/usr/bin/env bash
# `tocsin secrets scan` against secretlint on the same generated tree (bench/secrets_tree.py:
# ~70 MiB of source/text files with planted tokens). Not a test: prints figures for the notes.
#
#   bench/secrets_vs_secretlint.sh [TOCSIN_BINARY] [WORK_DIR]
#
# tocsin: RUNS (default 11) runs each with -j1 and -j2, whole process, CPU time of all threads
# (perf stat's task-clock, else /usr/bin/time); the median is printed with bytes per CPU second
# (GB/s per core). secretlint 11 +
# @secretlint/secretlint-rule-preset-recommend runs once, installed with npm into
# WORK_DIR/secretlint (never into the repository); skipped when npm/npx are absent or
# SKIP_SECRETLINT=1. Then which planted tokens each tool found (by file and line).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tocsin=${1:-$here/../build/dev/tocsin}
work=${2:-/tmp/tocsin-secrets-bench}
mkdir -p "$work"
[ -d "$work/tree" ] || python3 "$here/secrets_tree.py" "$work/tree"

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bytes=$(find "$work/tree" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
runs=${RUNS:-11}
# CPU time of the whole process (user + system, all threads): perf stat's task-clock when perf is
# installed (microseconds), else /usr/bin/time's user + sys (10 ms granularity).
cpu_seconds() {
  if command -v perf > /dev/null; then
    perf stat -x, -e task-clock -o "$work/t" "$@" > /dev/null
    awk -F, '/task-clock/ {printf "%.6f\n", $1 / 1000}' "$work/t"
  else
    /usr/bin/time -f '%U %S' -o "$work/t" "$@" > /dev/null
    awk '{printf "%.6f\n", $1 + $2}' "$work/t"
  fi
}
for jobs in 1 2; do
  : > "$work/times.$jobs"
  for _ in $(seq "$runs"); do
    cpu_seconds "$tocsin" secrets scan "$work/tree" -j "$jobs" --format json --fail-on none \
      -o "$work/tocsin.json" >> "$work/times.$jobs"
  done
  cpu=$(median < "$work/times.$jobs")
  echo "tocsin -j$jobs: $bytes bytes, median CPU ${cpu}s of $runs runs" \
    "($(awk -v b="$bytes" -v c="$cpu" 'BEGIN {printf "%.2f", b / c / 1e9}') GB/s per core of CPU time)"
done

if [ "${SKIP_SECRETLINT:-0}" != 1 ] && command -v npx > /dev/null && command -v npm > /dev/null; then
  if [ ! -x "$work/secretlint/node_modules/.bin/secretlint" ]; then
    mkdir -p "$work/secretlint"
    (cd "$work/secretlint" && npm init -y > /dev/null &&
      npm install --no-audit --no-fund secretlint@11 @secretlint/secretlint-rule-preset-recommend@11 > /dev/null)
  fi
  echo '{"rules":[{"id":"@secretlint/secretlint-rule-preset-recommend"}]}' > "$work/secretlint/.secretlintrc.json"
  (cd "$work/tree" && /usr/bin/time -f '%e %U %S' -o "$work/t" "$work/secretlint/node_modules/.bin/secretlint" \
    "**/*" --format json --output "$work/secretlint.json" --secretlintrc "$work/secretlint/.secretlintrc.json" ||
    true)
  read -r wall user sys < "$work/t"
  echo "secretlint: wall ${wall}s, CPU $(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')s"
else
  echo "secretlint: skipped (no npx/npm, or SKIP_SECRETLINT=1)"
fi

# Planted tokens (planted.tsv: kind, real|decoy, file, line) found by each tool, by file:line.
python3 - "$work" << 'EOF'
import collections, json, os, sys
work = sys.argv[1]
planted = [l.rstrip("\n").split("\t") for l in open(os.path.join(work, "planted.tsv"))]
tocsin = {(f["file"], f["line"]) for f in json.load(open(os.path.join(work, "tocsin.json")))["findings"]}
lint = set()
if os.path.exists(os.path.join(work, "secretlint.json")):
    for entry in json.load(open(os.path.join(work, "secretlint.json"))):
        rel = os.path.relpath(entry["filePath"], os.path.join(work, "tree"))
        lint |= {(rel, m["loc"]["start"]["line"]) for m in entry["messages"]}
rows = collections.OrderedDict()
for kind, label, path, line in planted:
    line = int(line)
    # A key block's finding is on its BEGIN line; an AWS pair may be reported on either line.
    near = lambda found: any((path, line + d) in found for d in (0, 1))
    row = rows.setdefault((label, kind), [0, 0, 0, 0])
    row[0] += 1
    row[1] += near(tocsin)
    row[2] += near(lint)
    row[3] += near(lint) and not near(tocsin)
print("%-6s %-22s %7s %7s %11s %22s" % ("", "kind", "planted", "tocsin", "secretlint", "secretlint-not-tocsin"))
for (label, kind), (n, t, s, only) in rows.items():
    print("%-6s %-22s %7d %7d %11d %22d" % (label, kind, n, t, s, only))
EOF
