# Two commands for a new machine: `make run` and `make test`.
# Both create .venv, install the exact pins from requirements.lock and
# prepare what they need; nothing else has to be installed first.

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

$(VENV)/.installed: requirements.lock | $(PY)
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

venv: $(VENV)/.installed

# Quiet steps (errors still show), so the login block is the last thing printed.
setup-demo: venv
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_demo
	@$(PY) manage.py demo_admin --port $(PORT)

run: setup-demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# axe-core for the accessibility checks of the browser tests (tests/editor/test_accessibility.py),
# the exact version and hash of package-lock.json; test-only, never served.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: venv $(AXE)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest $(PYTEST_ARGS)

# The browser tests again, writing their screenshots into docs/img/ (docs/editor.md shows them).
screenshots: venv $(AXE)
	SCREENSHOTS_DIR=docs/img DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# The venv's exact versions, with the hash of every file PyPI has for them
# (pip then installs in hash-checking mode). pip-tools runs from a venv of its
# own, so it never lands in the project's pins.
LOCK_TOOLS := .cache/lock-tools
lock: venv
	python3 -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools==7.6.2
	$(PY) -m pip freeze --exclude-editable > $(LOCK_TOOLS)/pins.in
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --no-header --strip-extras \
	  --no-emit-index-url --no-emit-find-links --no-annotate -o $(LOCK_TOOLS)/hashed.txt $(LOCK_TOOLS)/pins.in
	(echo "# Exact pins with hashes for every environment (pip installs them in hash-checking mode)."; \
	 echo "# Regenerate with: make lock"; cat $(LOCK_TOOLS)/hashed.txt) > requirements.lock

# Schemathesis against /api/schema/ on a throwaway SQLite server; fails on any 5xx.
fuzz-api: venv
	tests/fuzz_api.sh

bench: venv
	$(PY) bench/run.py --json

clean:
	rm -rf $(VENV) node_modules db.sqlite3 .pytest_cache .hypothesis
