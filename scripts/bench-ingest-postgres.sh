#!/usr/bin/env bash
# The sync ingest benchmark on PostgreSQL: the release server on a fresh database in the throw-away cluster
# that scripts/with-postgres.sh starts (make bench runs it through that script), then bench_ingest against it.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${LOFTE_TEST_POSTGRES_URL:?run through scripts/with-postgres.sh}"
port="${BENCH_POSTGRES_PORT:-3301}"
psql -q -c "CREATE DATABASE lofte_bench" postgres
dir=$(mktemp -d)
. scripts/bench-server.sh
start_bench_server "$port" "${LOFTE_TEST_POSTGRES_URL%/*}/lofte_bench"
echo "PostgreSQL $(psql -tAc 'SHOW server_version' postgres), synchronous_commit $(psql -tAc 'SHOW synchronous_commit' postgres):"
target/release/examples/bench_ingest "http://127.0.0.1:$port" bench "$LOFTE_PASSWORD"
