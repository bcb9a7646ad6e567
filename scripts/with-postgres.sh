#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster (Debian's pg_virtualenv) and LOFTE_TEST_POSTGRES_URL
# pointing at it, so that the tests that need Postgres run too; the cluster is removed afterwards.
# Without pg_virtualenv (scripts/setup.sh --postgres installs it) the command runs on SQLite alone, with a
# warning. Usage: scripts/with-postgres.sh COMMAND [ARG...]
set -euo pipefail

if ! command -v pg_virtualenv >/dev/null; then
  printf '\033[1m==> no pg_virtualenv: running without PostgreSQL (scripts/setup.sh --postgres installs it)\033[0m\n' >&2
  exec "$@"
fi

# pg_virtualenv exports PGHOST, PGPORT, PGUSER and PGPASSWORD for its cluster. -t keeps the cluster in a
# temporary folder even as root. Each test gets a database and a pool of its own, and a test server's
# pool is closed when its test ends; 300 connections leave room for the tests running at once.
exec pg_virtualenv -t -o max_connections=300 sh -c '
  export LOFTE_TEST_POSTGRES_URL="postgres://$PGUSER:$PGPASSWORD@$PGHOST:$PGPORT/postgres"
  export LOFTE_REQUIRE_POSTGRES=1
  exec "$@"
' with-postgres "$@"
