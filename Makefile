# her2-cds: `make run` serves, `make test` runs everything (browser tests included), `make check` lints first.
# Each target works alone on a fresh machine: it creates .venv and installs what it needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# durable-rules' setup.py overrides CFLAGS; CPPFLAGS=-O2 is honoured and makes the engine ~11% faster
export CPPFLAGS := -O2

.PHONY: run test test-fast check bench bench-engine bench-baseline browser postgres wrk clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The browser tests drive Debian's Chromium (/usr/bin/chromium) through Playwright's Python API;
# nothing else is needed (no chromedriver, no browser download).
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
		echo "make browser: installing Debian's chromium package (the browser tests drive /usr/bin/chromium)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q chromium; \
	fi

# The storage tests run on PostgreSQL too: Debian's server package, started by the tests themselves in a temporary
# folder (tests/support/postgres.py); nothing is configured on the machine.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
		echo "make postgres: installing Debian's postgresql package (the storage tests start its server)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q postgresql; \
	fi

# The HTTP benchmarks drive the server with Debian's wrk; tests/bench checks the schedule they keep with it.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
		echo "make wrk: installing Debian's wrk package (the HTTP load generator)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q wrk; }

# seminars are kept in this SQLite file unless HER2_CDS_DATABASE_URL names another database (postgresql://...)
DATABASE ?= $(CURDIR)/instance/her2-cds.sqlite3

run: $(STAMP)
	@echo "her2-cds: seminars are stored in $${HER2_CDS_DATABASE_URL:-sqlite:///$(DATABASE)}"
	HER2_CDS_DATABASE_URL=$${HER2_CDS_DATABASE_URL:-sqlite:///$(DATABASE)} $(BIN)/her2-cds serve

# one worker per core (pytest-xdist). worksteal, not loadfile: loadfile keys tests by node id and would run one
# of the schemathesis fuzzing tests, which share theirs
XDIST := -n auto --dist worksteal
# bytecode is cached even where the environment says not to (PYTHONDONTWRITEBYTECODE=1): without it each test
# worker, and each server or CLI a test starts, compiles the project and re-rewrites every test module's asserts
# (about 2 s a process); __pycache__ is ignored by git and left out of the wheel
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest

# everything: browser tests, the install test and `kb check` over the whole case space (tests/knowledge/test_kbcheck.py)
test: $(STAMP) browser postgres wrk
	$(PYTEST) -p no:cacheprovider $(XDIST)

# the inner loop: no browser, nothing marked slow
test-fast: $(STAMP) postgres wrk
	$(PYTEST) -p no:cacheprovider -q $(XDIST) -m "not browser and not slow"

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(MAKE) test

BENCH_STAMP := $(VENV)/.installed-bench
BASELINES := --benchmark-storage=file://benchmarks/baselines

$(BENCH_STAMP): $(STAMP) | wrk
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $(BENCH_STAMP)

# engine micro-benchmarks, HTTP side by side, worker memory; rewrites benchmarks/RESULTS.md
bench: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.report

# the engine micro-benchmarks compared with the saved baseline (fails on a median 25% slower)
bench-engine: $(BENCH_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider benchmarks/test_engine.py $(BASELINES) \
		--benchmark-compare --benchmark-compare-fail=median:25%

# save this machine's engine micro-benchmarks as the new baseline
bench-baseline: $(BENCH_STAMP)
	$(BIN)/python -m pytest -p no:cacheprovider benchmarks/test_engine.py $(BASELINES) --benchmark-save=baseline

clean:
	rm -rf $(VENV) build *.egg-info
