# Every target bootstraps .venv itself (once; again only when pyproject.toml changes).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export DO_NOT_TRACK := 1
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home

.PHONY: install run test test-all dev bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), f"Python 3.11 needed, found {sys.version.split()[0]}"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/events run

test: $(STAMP)
	$(BIN)/pytest -q

test-all: $(STAMP)
	$(BIN)/pytest -q -m ''

dev: $(STAMP)
	$(BIN)/python -c 'from pipelines.dagster_home import dagster_home; dagster_home()'
	$(BIN)/python -c 'from pipelines.project import ensure_manifest; ensure_manifest()'
	$(BIN)/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf data dbt_project/target dbt_project/logs
