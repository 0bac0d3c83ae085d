# The two commands a new user needs: `make run` and `make test`.
# Each installs what it needs by itself; `make setup` is idempotent and quick when nothing changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CHROMIUM ?= /usr/bin/chromium
PORT ?= 8501

.PHONY: setup run test fuzz lint lock bench eval chromium postgres clean

setup: $(VENV)/.deps static/vendor/.stamp
	@$(PY) -m geo.geonames

# The lock files (pip-tools, with hashes) pin every package; the project itself is installed
# editable on top, for its console scripts (incident-map, incident-geo).
$(VENV)/.deps: requirements.txt requirements-dev.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.stamp: node_modules/.stamp $(VENV)/.deps maps/assets.py maps/basemap.py
	$(PY) -m maps.assets install
	touch $@

# Debian's chromium drives the browser tests and the PNG export (Playwright's own download fails offline).
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "installing Debian's chromium"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server and PostGIS: the store tests and `make bench` start a throwaway
# cluster of their own (initdb in a temporary folder, a free port), stopped at the end.
PG_MAJOR ?= 15
PG_BIN := /usr/lib/postgresql/$(PG_MAJOR)/bin
postgres:
	@test -x $(PG_BIN)/pg_ctl -a -f /usr/share/postgresql/$(PG_MAJOR)/extension/postgis.control || { \
	  echo "installing Debian's postgresql-$(PG_MAJOR) and postgresql-$(PG_MAJOR)-postgis-3"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql-$(PG_MAJOR) postgresql-$(PG_MAJOR)-postgis-3 >/dev/null; }

run: setup
	$(PY) -m streamlit run dashboard.py --server.port $(PORT)

test: setup chromium postgres
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	$(PY) -m pytest

# The property-based tests with ten times the cases of `make test` (at least 20,000 in all).
fuzz: setup
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -m fuzz -p no:cacheprovider --hypothesis-show-statistics

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

# Re-lock after changing the dependencies in pyproject.toml (pins kept unless a range moves).
lock: setup
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --no-strip-extras \
	  --no-emit-index-url --no-emit-trusted-host --no-emit-find-links -o requirements.txt pyproject.toml
	$(PY) -m piptools compile --quiet --generate-hashes --allow-unsafe --no-strip-extras \
	  --no-emit-index-url --no-emit-trusted-host --no-emit-find-links --extra dev \
	  -o requirements-dev.txt pyproject.toml

# Every benchmark section (bench/__main__.py SECTIONS) in one markdown table, also written to
# bench/results/latest.md; BENCH_FULL=1 adds the largest sizes (1,000,000 incidents). The PostGIS
# section starts a throwaway PostgreSQL server of its own; the map section drives Chromium.
bench: setup postgres chromium
	$(PY) -m bench

# Accuracy on the real-article corpus (eval/): a table per part, language and country, and a JSON.
eval: setup
	$(PY) -m eval.run

clean:
	rm -rf $(VENV) node_modules static/vendor data/*.sqlite* data/cache
