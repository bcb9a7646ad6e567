#!/usr/bin/env bash
# `make bench`: the public pages' figures (scripts/bench-pages.sh, their own server and database), then the
# release server on loopback with a fresh database for the sync, queue and Lighthouse benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-pages.sh
echo
scripts/bench-national.sh
echo
port="${BENCH_PORT:-3300}"
dir=$(mktemp -d)
. scripts/bench-server.sh
start_bench_server "$port" "sqlite://$dir/bench.db"

# A streamed answer (the operations CSV of an agreement with no operations yet) goes out at once: with
# TCP_NODELAY off it waited ~40 ms for the client's delayed acknowledgement.
echo "Streamed operations CSV, 4 connections, 5 s:"
wrk -t2 -c4 -d5s --latency "http://127.0.0.1:$port/api/v1/agreements/savsjo-2018-2019/operations.csv" \
  | grep -E "Requests/sec|50%|99%"
echo

# The ingest on SQLite, then the same on PostgreSQL in the same run, each figure beside SQLite's.
ingest=target/release/examples/bench_ingest
throughput() { awk '/throughput/ {print $2}' "$1"; }
echo "SQLite (synchronous = FULL), one officer:"
"$ingest" "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD" | tee "$dir/sqlite-1.txt"
echo "SQLite, ten officers at once:"
"$ingest" "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD" "${BENCH_MANY:-40000}" 500 10 | tee "$dir/sqlite-10.txt"
echo
BENCH_SQLITE_ONE=$(throughput "$dir/sqlite-1.txt") BENCH_SQLITE_TEN=$(throughput "$dir/sqlite-10.txt") \
  scripts/with-postgres.sh scripts/bench-ingest-postgres.sh
echo
(cd end2end && node bench/queue-capacity.mjs "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD")
echo
(cd end2end && node bench/pkg-sizes.mjs ../target/site/pkg)
echo
scripts/lighthouse.sh "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD"
