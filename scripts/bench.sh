#!/usr/bin/env bash
# `make bench`: the public pages' figures (scripts/bench-pages.sh, their own server and database), then the
# release server on loopback with a fresh database for the sync, queue and Lighthouse benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-pages.sh
echo
port="${BENCH_PORT:-3300}"
dir=$(mktemp -d)
. scripts/bench-server.sh
start_bench_server "$port" "sqlite://$dir/bench.db"

echo "SQLite (synchronous = FULL):"
cargo run --quiet --release -p lofte --example bench_ingest -- "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD"
echo
scripts/with-postgres.sh scripts/bench-ingest-postgres.sh
echo
(cd end2end && node bench/queue-capacity.mjs "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD")
echo
(cd end2end && node bench/pkg-sizes.mjs ../target/site/pkg)
echo
scripts/lighthouse.sh "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD"
