#!/usr/bin/env bash
# tocsin serve under load (issue 19): a record of N incidents (default 20), the server with a
# fixed --now on a free port, then wrk with 100 concurrent connections for a bounded time on
# the dashboard page and the API requests its first load makes. Prints wrk's summaries.
#   scripts/bench-serve.sh [BINARY] [INCIDENTS] [SECONDS]
set -euo pipefail
bin=${1:-build/dev/tocsin}
count=${2:-20}
seconds=${3:-10}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 2; }
work=$(mktemp -d)
trap 'kill "${server:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/repo"
common=(--repo "$work/repo" --store "$work/incidents.db" --actor bench)
for i in $(seq 1 "$count"); do
  level=$([ $((i % 3)) -eq 0 ] && echo critical || echo high)
  "$bin" incident open --playbook vulnerable-dependency --title "dependency finding $i" --severity "$level" \
    "${common[@]}" --now "2026-05-01T0$((i % 10)):00:00Z" >/dev/null
done
"$bin" serve "${common[@]}" --now 2026-05-01T12:00:00Z --listen 127.0.0.1:0 >"$work/serve.out" &
server=$!
for _ in $(seq 1 100); do grep -q '^tocsin serve:' "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
url=$(sed -n 's/^tocsin serve: \(http[^ ]*\).*/\1/p' "$work/serve.out")
echo "server: $url ($count incidents, 100 connections, ${seconds}s per path, $(nproc) cores)"
for path in "" api/due api/incidents api/incidents/INC-0001 api/findings api/cna; do
  echo "== GET /$path"
  wrk -t2 -c100 -d"${seconds}s" --latency "$url$path" | grep -E 'Requests/sec|50%|99%|Non-2xx|Socket errors' || true
done
