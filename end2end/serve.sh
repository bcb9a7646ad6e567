#!/usr/bin/env bash
# Starts the debug build for the browser tests on its own port with a fresh database and test accounts.
set -euo pipefail
cd "$(dirname "$0")/.."
db_dir=target/e2e
rm -rf "$db_dir" && mkdir -p "$db_dir"
export DATABASE_URL="sqlite://$db_dir/lofte.db"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3100}"
export LEPTOS_SITE_ROOT="$PWD/target/site"
export LOFTE_PASSWORD="${E2E_PASSWORD:-e2e-lösenord-som-är-långt}"
target/debug/lofte user add e2e-admin --role admin
target/debug/lofte user add e2e-officer --role officer
unset LOFTE_PASSWORD
exec target/debug/lofte serve
