# Alliances en territoire — the two commands: `make run` and `make test`.
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# DEBUG on for the local server only (detailed errors for developers); production uses Gunicorn.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test install install-dev serve setup lint typecheck deadcode check lock demo-remove bench clean

run: setup serve

setup: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territories
	$(PY) manage.py load_bundled_data
	$(PY) manage.py load_demo

# The task worker runs beside the server (emails are sent by it: they show in this console).
serve:
	@echo "→ http://127.0.0.1:$(PORT)"
	ALLIANCES_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py run_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	ALLIANCES_SITE_URL=http://127.0.0.1:$(PORT) $(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The whole suite, browser tests included (Chromium from Debian: scripts/ensure-chromium).
test: install-dev
	@scripts/ensure-chromium || true
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy alliances config

# Unused functions, classes, imports (vulture; what templates and Django use by name: scripts/vulture_whitelist.py).
deadcode: install-dev
	$(PY) scripts/deadcode.py

# What CI runs before the tests.
check: lint typecheck deadcode

# Recompute the lock files from requirements*.in (the project's dependencies: pyproject.toml reads
# requirements.in), from PyPI with the hash of every file: no local index or pip configuration
# of this machine ends up in them (PIP_CONFIG_FILE=/dev/null). Needs network access to PyPI.
LOCK := PIP_CONFIG_FILE=/dev/null $(BIN)/pip-compile --quiet --strip-extras --no-header --generate-hashes \
	--allow-unsafe --no-emit-index-url --no-emit-find-links
lock:
	PIP_CONFIG_FILE=/dev/null $(PY) -m pip install --quiet pip-tools
	$(LOCK) -o requirements.lock requirements.in
	$(LOCK) -o requirements-dev.lock requirements-dev.in

demo-remove: install
	$(PY) manage.py remove_demo

clean:
	rm -rf $(VENV) var
