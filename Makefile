# Kennisbank JZOJP. On a fresh machine: `make serve` or `make test`; each sets up what it needs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install build serve test validate lint bench browsers clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	@# pip compiles what it installs, but not an editable package; where
	@# PYTHONDONTWRITEBYTECODE is set, ours would be compiled again on every run.
	$(BIN)/python -m compileall -q generator
	touch $(STAMP)

install: $(STAMP)

validate: $(STAMP)
	$(BIN)/jzojp validate

build: $(STAMP)
	$(BIN)/jzojp build

serve: $(STAMP)
	$(BIN)/jzojp serve

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser).
browsers:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Chromium installeren (Debian-pakket)..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

test: $(STAMP) browsers node_modules/.installed
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf generated site site.old .pytest_cache
