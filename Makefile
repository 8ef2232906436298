# Alliances en territoire — the two commands: `make run` and `make test`.
PORT ?= 8000
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# DEBUG on for the local server only (detailed errors for developers); production uses Gunicorn.
RUN_ENV := DEBUG=$${DEBUG:-1}

.PHONY: run test install install-dev serve setup lint typecheck lock demo-remove bench clean

run: setup serve

setup: install
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_territories
	$(PY) manage.py load_bundled_data
	$(PY) manage.py load_demo

serve:
	@echo "→ http://127.0.0.1:$(PORT)"
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(PY) -m pip install --quiet -r requirements-dev.lock
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

# Recompute the lock files from requirements*.in (needs network access to PyPI).
lock:
	$(PY) -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --strip-extras --no-header -o requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --strip-extras --no-header -o requirements-dev.lock requirements-dev.in

demo-remove: install
	$(PY) manage.py remove_demo

clean:
	rm -rf $(VENV) var
