#!/usr/bin/env bash
# The public pages' figures for `make bench`: page times at 0, 10,000, 100,000 and 1,000,000 reports, the
# agreement page against nginx serving the same bytes (wrk, one run), 180 readers with 20 officers syncing
# for 60 s, and the server's resident memory. A release server on loopback with a fresh database.
# BENCH_SIZES="0 10000 100000" leaves out the million; BENCH_LOAD_SECONDS shortens the mixed load;
# BENCH_BIN_DIR runs binaries copied elsewhere (lofte and bench_pages), e.g. to compare two builds;
# BENCH_IDLE_WAIT is how long the server rests before its idle memory is read (the static files are
# compressed in the background at start).
set -euo pipefail
cd "$(dirname "$0")/.."
port="${BENCH_PAGES_PORT:-3302}"
nginx_port=$((port + 1))
sizes="${BENCH_SIZES:-0 10000 100000 1000000}"
load_seconds="${BENCH_LOAD_SECONDS:-60}"
url="http://127.0.0.1:$port"
page="/avtal/savsjo-2018-2019"
dir=$(mktemp -d)
# nginx's workers run as an unprivileged user: they must be able to read the files it serves.
chmod 755 "$dir"
source scripts/wrk-rate.sh
export DATABASE_URL="sqlite://$dir/pages.db" LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$PWD/target/site}"
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
rss() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status"; }

for path in "$page" / /api/v1/agreements/savsjo-2018-2019/progress; do curl -fs "$url$path" >/dev/null; done
sleep "${BENCH_IDLE_WAIT:-15}"
idle=$(rss)
echo "== page times (median; kept = served from memory, after a change = rendered again)"
seeded=0
for size in $sizes; do
  if [ "$size" -gt "$seeded" ]; then
    $tool seed "$DATABASE_URL" $((size - seeded))
    seeded=$size
    sleep 1.2 # another process wrote: the server reads the change counter within a second
  fi
  echo "-- $size reports"
  $tool times "$url" bench "$LOFTE_PASSWORD"
  if [ "$size" -eq 0 ]; then
    # nginx serving the same bytes from a file, and the server, with one tool in one run.
    mkdir -p "$dir/www"
    curl -fs "$url$page" >"$dir/www/page.html"
    cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/www;
    location = $page { default_type text/html; try_files /page.html =404; }
  }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir"
    sleep 0.5
    serves "$dir/www/page.html" "http://127.0.0.1:$nginx_port$page"
    ours=$(rps "$url$page")
    theirs=$(rps "http://127.0.0.1:$nginx_port$page")
    kill "$(cat "$dir/nginx.pid")"
    echo "agreement page, wrk -t2 -c64 -d10s: lofte $ours req/s, nginx $theirs req/s ($((100 * ours / theirs)) %), $(wc -c <"$dir/www/page.html") bytes"
    # The office hours, what citizens look up most: each page and feed beside the agreement page's rate
    # (goal: at least half of it), with its p99.
    for path in /oppettider /oppettider/hoglandet /office-hours.ics /office-hours/hoglandet.ics; do
      out=$(wrk -t2 -c64 -d10s --latency "$url$path")
      r=$(awk '/Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
      p=$(awk '$1 == "99%" { print $2 }' <<<"$out")
      echo "$path, wrk -t2 -c64 -d10s: $r req/s ($((100 * r / ours)) % of the agreement page's), p99 $p"
    done
  fi
done

echo "== ${load_seconds} s: 180 readers (wrk; agreement page, front page, progress JSON, office hours and their feed in turn; brotli) and 20 officers syncing"
cat >"$dir/readers.lua" <<'LUA'
local paths = { "/avtal/savsjo-2018-2019", "/", "/api/v1/agreements/savsjo-2018-2019/progress",
                "/oppettider", "/office-hours.ics" }
local n = 0
wrk.headers["Accept-Encoding"] = "br"
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % 5) + 1])
end
LUA
peak=0
( while kill -0 "$server" 2>/dev/null; do r=$(rss); echo "$r"; sleep 1; done ) >"$dir/rss.log" &
sampler=$!
$tool officers "$url" "$LOFTE_PASSWORD" "$load_seconds" 20 >"$dir/officers.log" &
officers=$!
wrk -t2 -c180 -d"${load_seconds}s" --timeout 10s --latency -s "$dir/readers.lua" "$url" >"$dir/wrk.log"
wait "$officers"
sleep 2
after=$(rss)
kill "$sampler" 2>/dev/null || true
peak=$(sort -n "$dir/rss.log" | tail -1)
requests=$(awk '/requests in/ { print $1 }' "$dir/wrk.log")
rate=$(awk '/Requests\/sec/ { print $2 }' "$dir/wrk.log")
p50=$(awk '$1 == "50%" { print $2 }' "$dir/wrk.log")
p99=$(awk '$1 == "99%" { print $2 }' "$dir/wrk.log")
errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(",", ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$dir/wrk.log")
cat "$dir/officers.log"
echo "readers: $requests requests, $rate req/s, p50 $p50, p99 $p99, errors $errors"
echo "== resident memory: idle ${idle} MB, peak under load ${peak} MB, ${after} MB 2 s after the load"
echo "== lofte check after the run: $($bin check 2>&1 | tr "\n" " ")"
