#!/usr/bin/env bash
# `make soak`: builds the release server and the soak client, makes a fresh database with the accounts,
# and runs server/examples/soak.rs (see there for the settings: SOAK_SECONDS, SOAK_CLIENTS, …).
# Loopback only; it stops by itself after SOAK_SECONDS plus the time to drain the officers' queues.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
# CARGO may wrap cargo, e.g. CARGO="flock /tmp/cargo.lock cargo" on a shared machine.
${CARGO:-cargo} build --release -p lofte --bin lofte --example soak

dir=$(mktemp -d)
data="$dir/data"
mkdir "$data"
trap 'rm -rf "$dir"' EXIT
# As root, the database gets a file system of its own, which the soak fills up half way through (a full
# disk with officers syncing); otherwise that phase is left out, and said so. The server's log stays
# outside it.
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=256m tmpfs "$data"; then
  trap 'umount -l "$data"; rm -rf "$dir"' EXIT
  export SOAK_FULL_DISK="$data"
else
  echo "soak: not root, so no full-disk phase" >&2
fi
export SOAK_LOG="$dir/server.log"
export LOFTE_BIN="$target/release/lofte"
export DATABASE_URL="sqlite://$data/soak.db"
export LEPTOS_SITE_ROOT="$PWD/target/site"
export LOFTE_PASSWORD="soak-lösenord-som-är-långt"
"$LOFTE_BIN" user add soak-admin --role admin >/dev/null
for n in $(seq 0 $((${SOAK_OFFICERS:-20} - 1))); do
  "$LOFTE_BIN" user add "soak-officer-$n" --role officer >/dev/null
done
if ! "$target/release/examples/soak"; then
  tail -n 40 "$SOAK_LOG" >&2 || true
  exit 1
fi
