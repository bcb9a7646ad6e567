# The two commands: `make run` and `make test`. Both install what is missing first.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

# npm's binaryen provides wasm-opt; it must come before any system wasm-opt.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# `cargo test` gets the flags cargo-leptos gives its debug builds, so the two share target/ instead of
# rebuilding every crate each time one follows the other.
TEST_ENV := RUSTFLAGS="--cfg erase_components" LEPTOS_OUTPUT_NAME=lofte

.PHONY: help setup run build release test test-unit test-integration test-e2e test-package deb bench soak fmt lint

# `--split`: the queue page's island is lazy (`#[island(lazy)]`) and goes into a WASM file of its own. A build
# without it cannot load any island: its script imports a module that does not exist.
LEPTOS_BUILD := cargo leptos build --split

help:
	@echo "make run    build in release mode and serve on http://127.0.0.1:3000"
	@echo "make test   unit, integration and browser tests"
	@echo "make bench  benchmarks (see README)"
	@echo "make soak   a release server under 200 clients, killed and restarted (SOAK_SECONDS=60)"
	@echo "make deb    a Debian package of a release build, in target/debian/"

setup:
	@scripts/setup.sh

run: setup release
	target/release/lofte serve

release:
	$(LEPTOS_BUILD) --release

build:
	$(LEPTOS_BUILD)

test: setup test-unit test-integration test-e2e test-package

# The app's and the integration tests run twice: on SQLite, then on PostgreSQL (LOFTE_TEST_BACKEND), each
# time with a throw-away PostgreSQL cluster for the tests that only Postgres has (two instances raced).
test-unit:
	@scripts/setup.sh --postgres
	$(TEST_ENV) cargo test -p domain
	$(TEST_ENV) scripts/with-postgres.sh cargo test -p app --features ssr
	$(TEST_ENV) LOFTE_TEST_BACKEND=postgres scripts/with-postgres.sh cargo test -p app --features ssr

test-integration:
	@scripts/setup.sh --postgres
	$(TEST_ENV) scripts/with-postgres.sh cargo test -p lofte
	$(TEST_ENV) LOFTE_TEST_BACKEND=postgres scripts/with-postgres.sh cargo test -p lofte

test-e2e:
	@scripts/setup.sh --browser
	$(LEPTOS_BUILD)
	cd end2end && npx playwright test

# After test-e2e, from its build: the package, its units verified, the packaged server ready.
test-package:
	@scripts/setup.sh --package
	scripts/test-package.sh

# The Debian package of a release build, in target/debian/.
deb: setup
	@scripts/setup.sh --package
	$(LEPTOS_BUILD) --release
	cargo deb -p lofte --no-build -o target/debian/

bench: setup release
	@scripts/setup.sh --browser --bench --postgres
	cargo build --release -p lofte --example bench_pages --example bench_ingest
	scripts/bench.sh

# Not part of `make test`: it takes a minute or more and kills servers on purpose.
soak:
	$(TEST_ENV) scripts/soak.sh

fmt:
	cargo fmt --all

lint:
	$(TEST_ENV) cargo clippy -p domain --all-targets -- -D warnings
	$(TEST_ENV) cargo clippy -p app --features ssr --all-targets -- -D warnings
	$(TEST_ENV) cargo clippy -p lofte --all-targets -- -D warnings
	python3 scripts/module-layers.py
