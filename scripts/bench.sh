#!/usr/bin/env bash
# `npm run bench` (all) or `bash scripts/bench.sh ingest|query|panel ...`: builds, makes sure PostgreSQL runs on 127.0.0.1 (starting and later stopping
# it if needed), then runs every benchmark; each prints its own figures.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/postgres.sh
ensure_postgres PANE_BENCH_POSTGRES_URL
npm run --silent build:node
benches=("$@")
if ((${#benches[@]} == 0)); then benches=(ingest query panel); fi
for bench in "${benches[@]}"; do
  node "build/scripts/bench-${bench}.js"
done
