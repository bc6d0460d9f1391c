# Development tasks for the 1540 Committee information system (GNU make).
#
#   make run    set up everything that is missing, then serve http://$(HOST):$(PORT)
#   make test   lint, Django checks, migrations check, pytest (what .ci/run calls)
#
# Works from a fresh clone: the virtualenv is created with a Python >= 3.12 found by
# scripts/find-python (override with `make PYTHON=/path/to/python3.13 ...`).

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Parallel test workers (pytest-xdist); each has its own test database and Redis database, the
# Redis ones numbered from REDIS_URL's (keep the sum under 16). 0 runs in this process.
TEST_WORKERS ?= 2
# Demo matrices for this many states in `make run` (all 193: `manage.py seed_matrices`).
DEMO_MATRIX_STATES ?= 60
# `make bench`: a PostgreSQL database and a Redis database of their own, at full demo scale.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/committee1540_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/7

.DEFAULT_GOAL := help
.PHONY: help venv system-deps run test serve bench fmt clean

help: ## list the targets
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "Variables: HOST=$(HOST) PORT=$(PORT) PYTEST_ARGS='$(PYTEST_ARGS)' PYTHON=<python >= 3.12 for the venv>"

venv: $(STAMP) ## create .venv (Python >= 3.12) and install requirements-dev.txt when they changed

# The stamp is newer than both requirements files once they are installed; deleting .venv (or
# recreating it below) removes the stamp with it.
$(STAMP): requirements.txt requirements-dev.txt
	@set -e; \
	if [ -e $(VENV) ] && ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "$(VENV) has $$($(PY) --version 2>&1 || echo 'no working Python'); Django 6 needs 3.12+: recreating it"; \
		rm -rf $(VENV); \
	fi; \
	if [ ! -e $(VENV) ]; then \
		python=$$(scripts/find-python); \
		echo "creating $(VENV) with $$python ($$($$python --version 2>&1))"; \
		"$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

system-deps: ## install the Debian packages WeasyPrint needs, when missing (fonts, HarfBuzz)
	@scripts/system-deps

run: venv system-deps ## migrate, load the 193 states and demo data, serve http://127.0.0.1:8000 (HOST, PORT)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_organizations
	$(PY) manage.py load_states
	$(PY) manage.py load_matrix_template
	$(PY) manage.py load_programme
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_outreach
	$(PY) manage.py seed_visits
	$(PY) manage.py seed_matrices --states $(DEMO_MATRIX_STATES)
	$(PY) manage.py seed_assistance
	$(PY) manage.py seed_annual_review
	$(PY) manage.py seed_committee_work
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv system-deps ## ruff, import contracts, mypy, manage.py check, makemigrations --check, pytest (PYTEST_ARGS)
	@# The browser tests (tests/e2e/) drive /usr/bin/chromium: installed here when missing.
	@scripts/system-deps --browser
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

serve: venv system-deps ## production stack on local PostgreSQL + Redis: gunicorn, Celery worker and beat
	scripts/serve

bench: venv system-deps ## HTTP benchmark under gunicorn at full demo scale (PostgreSQL, Redis, wrk; ~12 min)
	@command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(notdir $(BENCH_DATABASE_URL))'" | grep -q 1 \
		|| psql "$(dir $(BENCH_DATABASE_URL))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_states
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_matrix_template
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_programme
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py load_organizations
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_demo
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_outreach
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_matrices
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) manage.py seed_assistance --scale 20
	@# The seeding ran its tasks in-process, without Redis: forget what Redis still caches.
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) manage.py shell -v0 -c "from core.page_cache import forget_public_pages; forget_public_pages()"
	DATABASE_URL=$(BENCH_DATABASE_URL) REDIS_URL=$(BENCH_REDIS_URL) $(PY) benchmarks/pages.py

fmt: venv ## format the code and apply ruff's safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean: ## dev only, no questions asked: delete .venv, the SQLite database and media/
	rm -rf $(VENV) db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm media/
