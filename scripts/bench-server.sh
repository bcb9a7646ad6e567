# Sourced by the benchmark scripts: `start_bench_server PORT DATABASE_URL` starts the release server on
# loopback with that database and an officer account `bench` (password in $LOFTE_PASSWORD), and waits until
# it answers. Its log goes to $dir, a folder the caller made; the server is stopped and $dir removed when
# the script exits.
start_bench_server() {
  local port=$1
  export DATABASE_URL=$2 LEPTOS_SITE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$PWD/target/site"
  export LOFTE_PASSWORD="bench-lösenord-som-är-långt"
  target/release/lofte user add bench --role officer >/dev/null
  target/release/lofte serve >"$dir/server.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
}
