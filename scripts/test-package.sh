#!/usr/bin/env bash
# make test's package check. Builds the Debian package from the build the browser tests made (the debug
# binary, unstripped, so nothing is compiled a second time), checks its systemd units with
# `systemd-analyze verify` (with the unpacked binary's path put in, since the package is not installed),
# unpacks it into a temporary root with `dpkg -x`, and runs the packaged binary with the packaged site
# against a temporary database until /readyz answers 200.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=target/lofte-test.deb
# cargo-deb warns that the dev profile is meant for tests only: so it is used here.
cargo deb -p lofte --no-build --profile dev --no-strip -o "$deb" 2>/dev/null >/dev/null
root=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"

mkdir "$root/units"
for unit in lofte.service lofte-backup.service lofte-backup.timer; do
  sed "s|/usr/bin/lofte|$root/usr/bin/lofte|g" "$root/lib/systemd/system/$unit" > "$root/units/$unit"
done
# systemd-analyze exits 0 on unknown keys and the like, and only says so: any word from it fails the check.
said=$(cd "$root/units" && systemd-analyze verify lofte.service lofte-backup.service lofte-backup.timer 2>&1)
if [ -n "$said" ]; then
  echo "the package's systemd units do not verify:" >&2
  echo "$said" >&2
  exit 1
fi

for file in usr/bin/lofte usr/share/lofte/site/pkg/lofte.wasm usr/share/lofte/site/pkg/lofte.css etc/default/lofte; do
  [ -s "$root/$file" ] || { echo "the package lacks $file" >&2; exit 1; }
done

port="${PACKAGE_TEST_PORT:-3190}"
mkdir -p "$root/var/lib/lofte"
DATABASE_URL="sqlite://$root/var/lib/lofte/lofte.db" \
  LEPTOS_SITE_ROOT="$root/usr/share/lofte/site" \
  LEPTOS_SITE_ADDR="127.0.0.1:$port" \
  "$root/usr/bin/lofte" serve >"$root/server.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do
  if "$root/usr/bin/lofte" healthcheck --url "http://127.0.0.1:$port" >/dev/null 2>&1; then
    "$root/usr/bin/lofte" healthcheck --url "http://127.0.0.1:$port"
    echo "package: $(du -h "$deb" | cut -f1) $deb; units verified; the packaged server is ready"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.2
done
echo "the packaged server did not become ready:" >&2
tail -n 20 "$root/server.log" >&2
exit 1
