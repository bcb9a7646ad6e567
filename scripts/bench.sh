#!/usr/bin/env bash
# `make bench`: the public pages' figures (scripts/bench-pages.sh, their own server and database), then the
# release server on loopback with a fresh database for the sync, queue and Lighthouse benchmarks.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-pages.sh
echo
port="${BENCH_PORT:-3300}"
dir=$(mktemp -d)
export DATABASE_URL="sqlite://$dir/bench.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site"
export LOFTE_PASSWORD="bench-lösenord-som-är-långt"
target/release/lofte user add bench --role officer >/dev/null
target/release/lofte serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

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
