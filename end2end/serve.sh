#!/usr/bin/env bash
# Starts the debug build for the browser tests on its own port with a fresh database and test accounts.
#   E2E_PORT      port (default 3100)
#   E2E_DB_DIR    database folder (default target/e2e)
#   E2E_KEEP_DB=1 keep the database and accounts from the last start (a restart)
#   LOFTE_BIN     the server binary (default target/debug/lofte, as `cargo leptos build` leaves it)
#   LEPTOS_SITE_ROOT  the site it serves (default target/site)
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${LOFTE_BIN:-target/debug/lofte}"
db_dir="${E2E_DB_DIR:-target/e2e}"
export DATABASE_URL="sqlite://$db_dir/lofte.db"
export LEPTOS_SITE_ADDR="127.0.0.1:${E2E_PORT:-3100}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$PWD/target/site}"
if [ "${E2E_KEEP_DB:-}" != 1 ]; then
  rm -rf "$db_dir" && mkdir -p "$db_dir"
  export LOFTE_PASSWORD="${E2E_PASSWORD:-e2e-lösenord-som-är-långt}"
  "$bin" user add e2e-admin --role admin
  "$bin" user add e2e-officer --role officer
  "$bin" user add e2e-officer-b --role officer
  # Nässjö's own people, whose scope holds that municipality only.
  "$bin" user add e2e-nassjo-admin --role admin --scope municipality:0682
  "$bin" user add e2e-nassjo-officer --role officer --scope municipality:0682
  unset LOFTE_PASSWORD
fi
# The browser tests sign in many times a minute from one address; the limits themselves are covered by
# the integration tests.
export LOFTE_LOGIN_FAILURES_PER_ACCOUNT_ADDRESS=1000 LOFTE_LOGIN_FAILURES_PER_ADDRESS=1000 LOFTE_LOGIN_FAILURES_PER_ACCOUNT=1000
export LOFTE_ACCESSIBILITY_CONTACT="${LOFTE_ACCESSIBILITY_CONTACT:-tillganglighet@example.org}"
exec "$bin" serve
