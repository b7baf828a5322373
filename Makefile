# ResumeDesk: `make run` to try it, `make test` to check it. Both set up .venv themselves.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8501

.PHONY: run test setup setup-dev clean

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
	$(PY) -m streamlit run app.py --server.port $(PORT)

test: setup-dev
	@# the browser tests (tests/e2e) drive Debian's Chromium; as root (CI) install it when missing
	@test -x /usr/bin/chromium || [ "$$(id -u)" != 0 ] || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache

# Benchmarks (issue 7): each in its own temporary DB; writes bench/RESULTS.md (~6 min).
.PHONY: bench
bench: setup-dev
	$(PY) bench/run_all.py

# The HTTP API (issue 8) beside the dashboard: same database, storage and job queue.
# Loopback by default; API_HOST=0.0.0.0 to serve other machines (put TLS in front).
.PHONY: api
API_HOST ?= 127.0.0.1
API_PORT ?= 8000
api: setup
	$(PY) -m uvicorn api.app:app --host $(API_HOST) --port $(API_PORT)
