# Two entry points (see README): `make serve` and `make test`. Everything else is set up on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1:8000
SITE_URL ?= http://$(HOST)/
export SITE_URL
export NO_MKDOCS_2_WARNING := 1   # Material prints an end-of-life banner on every build otherwise

.PHONY: serve build test test-fast lint anchors check clean

serve: $(VENV)/.runtime ## build the site and serve it on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --livereload --dev-addr $(HOST)

build: $(VENV)/.runtime ## build the site into site/
	$(BIN)/mkdocs build --strict

test: lint $(VENV)/.dev node_modules/.package-lock.json ## lint, type-check, then run the whole test suite (installs Debian's chromium if missing)
	bash tools/ensure-chromium.sh
	$(BIN)/python -m pytest

test-fast: $(VENV)/.dev ## the tests that neither build the site nor start a browser (about 520, under a minute)
	$(BIN)/python -m pytest -m "not browser and not build"

lint: $(VENV)/.dev ## ruff (lint and format) and mypy, as configured in pyproject.toml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

check: $(VENV)/.runtime ## validate the corpus and report every problem
	$(BIN)/python -m lectern check

anchors: $(VENV)/.runtime ## record passage anchors after editing a source; commit corpus/anchors/
	$(BIN)/python -m lectern anchors

$(VENV)/.python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Python 3.11 or newer is needed: run make PYTHON=python3.12 (or similar)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	touch $@

$(VENV)/.runtime: $(VENV)/.python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.lock
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $@

node_modules/.package-lock.json: package.json package-lock.json ## axe-core, for the accessibility tests
	npm ci --no-audit --no-fund

clean:
	rm -rf $(VENV) site node_modules
