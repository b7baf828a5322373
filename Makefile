# ResumeDesk: `make run` to try it, `make test` to check it. Both set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501
# What `make test-fast` leaves out (the markers are described in pytest.ini).
SLOW   := browser or processes or postgres or slow

.PHONY: run test test-fast setup setup-dev services clean docs

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: setup
	$(PY) -m streamlit run serve.py --server.port $(PORT)

# What the slow tests need, as root (CI): Debian's Chromium, and the local PostgreSQL server running.
services:
	@test -x /usr/bin/chromium || [ "$$(id -u)" != 0 ] || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@.ci/postgres

# Everything (what .ci/run calls), about 6 minutes on 2 cores.
test: setup-dev services
	$(PY) -m pytest -q

# Everything but the slow groups (browser, processes, PostgreSQL, stress and fuzzing runs): while you work.
test-fast: setup-dev
	$(PY) -m pytest -q -m "not ($(SLOW))"

# .env.example and the README's settings table, written from core/config.py.
docs: setup
	$(PY) -m core.config --write-docs

clean:
	rm -rf $(VENV) .pytest_cache

# Fuzzing at volume (tests/fuzz.py): FUZZ_SECONDS of generated hostile input through intake and
# parsing, reproducible from FUZZ_SEED; prints the counts and exits 1 on any finding.
.PHONY: fuzz
FUZZ_SEED ?= 1
FUZZ_SECONDS ?= 360
fuzz: setup-dev
	$(PY) -m bench.bench_fuzz --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED)

# Benchmarks: each in its own temporary database; writes bench/RESULTS.md (~6 min).
.PHONY: bench
bench: setup-dev
	$(PY) bench/run_all.py

# The HTTP API beside the dashboard: same database, storage and job queue.
# Loopback by default; API_HOST=0.0.0.0 to serve other machines (put TLS in front).
.PHONY: api
API_HOST ?= 127.0.0.1
API_PORT ?= 8000
api: setup
	$(PY) -m uvicorn api.app:app --host $(API_HOST) --port $(API_PORT)
