#!/usr/bin/env bash
# The national-size figures for `make bench`: the pages and the open data with one agreement, then with a
# national data set (290 municipalities, about 90 police areas, two periods each, 3,000 officers and
# BENCH_NATIONAL_REPORTS reports, default 1,000,000), in one run on one release server: the median times
# (kept, and after a change), each page against nginx serving the same bytes, and 180 readers over them with
# 20 officers syncing for BENCH_LOAD_SECONDS (default 60).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${BENCH_NATIONAL_PORT:-3304}"
nginx_port=$((port + 1))
load_seconds="${BENCH_LOAD_SECONDS:-60}"
url="http://127.0.0.1:$port"
dir=$(mktemp -d)
# nginx's workers run as an unprivileged user: they must be able to read the files it serves.
chmod 755 "$dir"
source scripts/wrk-rate.sh
export DATABASE_URL="sqlite://$dir/national.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$PWD/target/site}"
export LOFTE_PASSWORD="bench-lösenord-som-är-långt" RUST_LOG=warn
bin="${BENCH_BIN_DIR:-target/release}/lofte"
tool="${BENCH_BIN_DIR:-target/release/examples}/bench_pages"
$bin user add bench --role officer >/dev/null
for i in $(seq 1 20); do $bin user add "bench-officer-$i" --role officer >/dev/null; done
$bin serve >"$dir/server.log" 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
for _ in $(seq 1 50); do curl -fs "$url/healthz" >/dev/null && break; sleep 0.2; done

echo "== one agreement (the seed): median times"
$tool paths "$url" bench "$LOFTE_PASSWORD" savsjo-2018-2019 / /lan/06 /kommun/0684 /avtal/savsjo-2018-2019 /api/v1/agreements
$tool national "$DATABASE_URL" "${BENCH_NATIONAL_REPORTS:-1000000}"
sleep 1.2 # another process wrote: the server reads the change counter within a second
paths=(/ /lan/06 /kommun/0684 /avtal/0684-now /api/v1/agreements)
echo "== national size: median times"
$tool paths "$url" bench "$LOFTE_PASSWORD" 0684-now "${paths[@]}"

echo "== national size: each against nginx serving the same bytes (wrk -t2 -c64 -d10s)"
mkdir -p "$dir/www"
{
  echo "worker_processes 2; pid $dir/nginx.pid; error_log $dir/nginx-error.log;"
  echo "events { worker_connections 1024; }"
  echo "http { access_log off; server { listen 127.0.0.1:$nginx_port; root $dir/www; default_type text/html;"
  for n in "${!paths[@]}"; do
    curl -fs "$url${paths[$n]}" >"$dir/www/$n.body"
    echo "  location = /p$n { try_files /$n.body =404; }"
  done
  echo "  location = /static { default_type application/wasm; try_files /static.body =404; }"
  echo "} }"
} >"$dir/nginx.conf"
nginx -c "$dir/nginx.conf" -p "$dir"
sleep 0.5
for n in "${!paths[@]}"; do
  serves "$dir/www/$n.body" "http://127.0.0.1:$nginx_port/p$n"
  ours=$(rps "$url${paths[$n]}")
  theirs=$(rps "http://127.0.0.1:$nginx_port/p$n")
  echo "${paths[$n]}: lofte $ours req/s, nginx $theirs req/s ($((100 * ours / theirs)) %), $(wc -c <"$dir/www/$n.body") bytes"
done
# For scale: a large static file (the WASM bundle), the same bytes from both, compressed by neither.
cp "$LEPTOS_SITE_ROOT/pkg/lofte.wasm" "$dir/www/static.body"
serves "$dir/www/static.body" "http://127.0.0.1:$nginx_port/static"
serves "$dir/www/static.body" "$url/pkg/lofte.wasm"
ours=$(rps "$url/pkg/lofte.wasm")
theirs=$(rps "http://127.0.0.1:$nginx_port/static")
echo "a static file (/pkg/lofte.wasm): lofte $ours req/s, nginx $theirs req/s ($((100 * ours / theirs)) %), $(wc -c <"$dir/www/static.body") bytes"
kill "$(cat "$dir/nginx.pid")"

echo "== national size, ${load_seconds} s: 180 readers over those five in turn (brotli) and 20 officers syncing"
cat >"$dir/readers.lua" <<'LUA'
local paths = { "/", "/lan/06", "/kommun/0684", "/avtal/0684-now", "/api/v1/agreements" }
local n = 0
wrk.headers["Accept-Encoding"] = "br"
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % 5) + 1])
end
LUA
$tool officers "$url" "$LOFTE_PASSWORD" "$load_seconds" 20 >"$dir/officers.log" &
officers=$!
wrk -t2 -c180 -d"${load_seconds}s" --timeout 10s --latency -s "$dir/readers.lua" "$url" >"$dir/wrk.log"
wait "$officers"
cat "$dir/officers.log"
echo "readers: $(awk '/requests in/ { print $1 }' "$dir/wrk.log") requests, $(awk '/Requests\/sec/ { print $2 }' "$dir/wrk.log") req/s, p50 $(awk '$1 == "50%" { print $2 }' "$dir/wrk.log"), p99 $(awk '$1 == "99%" { print $2 }' "$dir/wrk.log"), errors $(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$dir/wrk.log")"
