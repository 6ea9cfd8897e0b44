#!/usr/bin/env bash
# The main job on the bundled example repository: install what is needed, build, then show
# the inventory of examples/demo-repo and why one of its packages ships.
# Usage: bash scripts/demo.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

bash scripts/install-deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DTOCSIN_TESTS=OFF -DTOCSIN_BENCH=OFF >/dev/null
cmake --build build/release -j "$(nproc)" --target tocsin
tocsin=build/release/tocsin
example=examples/demo-repo

echo "== tocsin deps $example"
"$tocsin" deps "$example"
echo
echo "== tocsin why rand $example"
"$tocsin" why rand "$example"
