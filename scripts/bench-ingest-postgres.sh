#!/usr/bin/env bash
# The sync ingest benchmark on PostgreSQL, in the throw-away cluster that scripts/with-postgres.sh starts
# (make bench runs it through that script, after the SQLite figures, which it gets in BENCH_SQLITE_ONE and
# BENCH_SQLITE_TEN): one release server with one officer and with ten at once, then two servers on the same
# database with ten officers each, and how soon a report stored through one shows on the other.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LOFTE_TEST_POSTGRES_URL:?run through scripts/with-postgres.sh}"
port="${BENCH_POSTGRES_PORT:-3301}"
second=$((port + 1))
ingest=target/release/examples/bench_ingest
dir=$(mktemp -d)
. scripts/bench-server.sh
throughput() { awk '/throughput/ {print $2}' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b; else print "n/a" }'; }

# One server on a fresh database.
psql -q -c "DROP DATABASE IF EXISTS lofte_bench" -c "CREATE DATABASE lofte_bench" postgres
start_bench_server "$port" "${LOFTE_TEST_POSTGRES_URL%/*}/lofte_bench"
echo "PostgreSQL $(psql -tAc 'SHOW server_version' postgres), synchronous_commit $(psql -tAc 'SHOW synchronous_commit' postgres), one server, one officer:"
"$ingest" "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD" | tee "$dir/pg-1.txt"
echo "  = $(ratio "$(throughput "$dir/pg-1.txt")" "${BENCH_SQLITE_ONE:-0}") of SQLite's ${BENCH_SQLITE_ONE:-?} reports/s in this run"
echo "PostgreSQL, one server, ten officers at once:"
"$ingest" "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD" "${BENCH_MANY:-40000}" 500 10 | tee "$dir/pg-10.txt"
echo "  = $(ratio "$(throughput "$dir/pg-10.txt")" "${BENCH_SQLITE_TEN:-0}") of SQLite's ${BENCH_SQLITE_TEN:-?} reports/s in this run"

# A second server on the same database (the account is there already).
DATABASE_URL="${LOFTE_TEST_POSTGRES_URL%/*}/lofte_bench" LEPTOS_SITE_ADDR="127.0.0.1:$second" \
  target/release/lofte serve >"$dir/second.log" 2>&1 &
other=$!
trap 'kill $server $other 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$second/healthz" >/dev/null && break; sleep 0.2; done
echo "PostgreSQL, two servers on one database, ten officers at once on each:"
"$ingest" "http://127.0.0.1:$port,http://127.0.0.1:$second" bench "$LOFTE_PASSWORD" "$((2 * ${BENCH_MANY:-40000}))" 500 10 | tee "$dir/pg-2x10.txt"
echo "  = $(awk -v a="$(throughput "$dir/pg-2x10.txt")" -v b="$(throughput "$dir/pg-10.txt")" 'BEGIN { printf "%.2f", a / b }') times one server's with ten officers"
"$ingest" freshness "http://127.0.0.1:$port" "http://127.0.0.1:$second" bench "$LOFTE_PASSWORD"
echo "  (this machine has $(nproc) cores, shared by the servers, PostgreSQL and the benchmark's client)"
