#!/usr/bin/env bash
# Installs what building and testing need and is not there yet. Safe to run again: it skips what is
# installed at the right version. Usage: scripts/setup.sh [--browser] [--bench] [--postgres]
#   --browser  also install Chromium from Debian (for the end-to-end tests)
#   --postgres also install PostgreSQL from Debian (the tests start throw-away clusters with pg_virtualenv)
#   --bench    also install nginx-light and wrk from Debian (for the page benchmarks)
#   --package  also install cargo-deb (for the Debian package and its test)
set -euo pipefail
cd "$(dirname "$0")/.."
ARGS=("$@")

CARGO_LEPTOS_VERSION=0.3.10 # 0.3.11 needs a newer rustc than this toolchain
# The wasm-bindgen CLI must match the library exactly; the library is pinned in Cargo.toml.
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 12 minutes on 2 cores)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: one dependency in its lock file is no longer on the registry.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# Playwright and binaryen's wasm-opt (Debian's binaryen 108 breaks hydration; npm's 132 does not).
if [ ! -x end2end/node_modules/.bin/wasm-opt ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing the npm tools in end2end/"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

want() { for arg in "${ARGS[@]}"; do [ "$arg" = "$1" ] && return 0; done; return 1; }

CARGO_DEB_VERSION=3.8.0
if want --package && [ "$(cargo deb --version 2>/dev/null)" != "cargo-deb $CARGO_DEB_VERSION" ]; then
  say "installing cargo-deb $CARGO_DEB_VERSION"
  cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi
apt_install() {
  sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y --no-install-recommends "$@"
}

if want --bench && { ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; }; then
  say "installing nginx-light and wrk from Debian"
  apt_install nginx-light wrk
fi

if want --browser && [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian"
  apt_install chromium
fi

if want --postgres && ! command -v pg_virtualenv >/dev/null; then
  say "installing PostgreSQL from Debian"
  apt_install postgresql
fi
