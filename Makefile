# seminarkit: `make site` builds the course into site/, `make test` runs every check.
# The distribution's Python 3.11+ first, else python3 from PATH. Debian, Ubuntu and Fedora
# build theirs with profile-guided and link-time optimisation into the executable; pyenv's
# default build has neither (a shared libpython, no PGO) and lays out PDFs 8-14 % slower
# (WeasyPrint is pure Python; both interpreters run side by side on a 2-core machine, issue 15).
# `make PYTHON=...` chooses another; remove .venv to change the one of an existing checkout.
PYTHON ?= $(or $(firstword $(foreach candidate,/usr/bin/python3 python3,$(if $(shell \
	$(candidate) -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& echo yes),$(candidate)))),python3)
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: site serve test lint schema bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV) && python3 -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime dependencies only; re-installed when pyproject.toml changes.
$(VENV)/.site-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# Runtime plus test dependencies, and the Debian packages the tests drive.
$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.site-installed

site: $(VENV)/.site-installed
	$(BIN)/seminarkit build --strict

serve: $(VENV)/.site-installed
	$(BIN)/seminarkit serve

test: $(VENV)/.test-installed
	scripts/system-deps.sh
# The W3C Nu Html Checker for the browser tests (vnu.jar, run with Java; no install scripts).
	[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --ignore-scripts --no-audit --no-fund
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

lint: $(VENV)/.test-installed
	$(BIN)/ruff check --fix src tests scripts
	$(BIN)/ruff format src tests scripts
	$(BIN)/mypy

# Regenerate the committed editor schema after changing the exercise model.
schema: $(VENV)/.site-installed
	$(BIN)/seminarkit schema --output schema/exercise.schema.json

bench: $(VENV)/.test-installed
	$(BIN)/python scripts/bench.py

clean:
	rm -rf site trainer .pytest_cache .mypy_cache .ruff_cache
