# Two commands for a newcomer: `make run` and `make test`. Everything else is a helper they call.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the suite is mostly database- and browser-bound.
PYTEST_ARGS ?= -n 2

.PHONY: run test setup install migrate regions demo messages lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

regions: migrate
	$(PY) manage.py load_regions

demo: regions
	$(PY) manage.py load_demo

setup: demo

# The background worker (digests, rollup refreshes, re-evaluations) runs beside the web server and stops with it.
run: setup
	DEBUG=$${DEBUG:-true} $(PY) manage.py worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

lint: install
	$(PY) -m ruff check .

bench: install
	$(PY) bench/load_regions.py

clean:
	rm -rf $(VENV) db.sqlite3* staticfiles var
