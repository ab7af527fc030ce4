# The README's two commands: `make run` (the demo on http://127.0.0.1:8000) and `make test`.
# Both create .venv with $(PYTHON) when it is missing and reinstall the project only when pyproject.toml changed,
# so the second run starts at once. Environment variables pass through: DATABASE_URL=... CELERY_BROKER_URL=... make test

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=
# pytest-xdist's processes for `make test`: auto is one per core; TEST_WORKERS=0 runs in one process (for --pdb).
TEST_WORKERS ?= auto
ADDR ?= 127.0.0.1:8000

# One stamp per pyproject.toml content and extra: editing pyproject.toml, or deleting .venv, reinstalls once.
PYPROJECT_SUM := $(firstword $(shell cksum pyproject.toml))
RUN_STAMP := $(VENV)/.installed-run-$(PYPROJECT_SUM)
TEST_STAMP := $(VENV)/.installed-test-$(PYPROJECT_SUM)
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check

.DEFAULT_GOAL := help
.PHONY: help run test install install-test lint format migrations-check messages worker beat

help:
	@echo "make run                 install, migrate, seed the demo city, serve on http://$(ADDR)"
	@echo "make test [ARGS=...]     install the test extra and run pytest on every core (ARGS go to pytest, e.g. ARGS='-k seed';"
	@echo "                         TEST_WORKERS=0 runs in one process)"
	@echo "make lint                ruff check, ruff format --check, and the layers contract (lint-imports)"
	@echo "make format              ruff format and ruff check --fix"
	@echo "make migrations-check    fail if a model change has no migration"
	@echo "make messages            update the Simplified Chinese catalogue from the code and compile it (docs/i18n.md)"
	@echo "make worker | make beat  a Celery worker / the beat scheduler (needs CELERY_BROKER_URL)"
	@echo "make vendor              refresh static/vendor/ from package-lock.json with npm (docs/frontend.md)"
	@echo "make vendor-check        verify static/vendor/ against its SHA256SUMS (python3 only)"

run: $(RUN_STAMP) | var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_city
	$(BIN)/python manage.py runserver $(ADDR)

# --dist load hands each worker the tests in pytest-django's order (loadfile would not): a worker runs its
# transactional tests, whose flush empties every table, after its other database tests, as one process does.
test: $(TEST_STAMP) | var
	$(BIN)/pytest -n $(TEST_WORKERS) --dist load $(ARGS)

install: $(RUN_STAMP)
install-test: $(TEST_STAMP)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations-check: $(RUN_STAMP) | var
	$(BIN)/python manage.py makemigrations --check --dry-run

# Needs GNU gettext (xgettext, msgmerge, msgfmt); the .mo is committed, so nothing else does.
messages: $(RUN_STAMP) | var
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --add-location file \
		--ignore .venv --ignore var --ignore tests --ignore bench --ignore static --ignore node_modules
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore .venv --ignore var --ignore node_modules

worker: $(RUN_STAMP) | var
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0); without it tasks run in-process." >&2; exit 1; }
	$(BIN)/celery -A config.celery_app worker --loglevel=INFO

beat: $(RUN_STAMP) | var
	@test -n "$$CELERY_BROKER_URL" || { echo "Set CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0); without it tasks run in-process." >&2; exit 1; }
	$(BIN)/celery -A config.celery_app beat --loglevel=INFO --schedule var/celerybeat-schedule

# The browser libraries are committed under static/vendor/, so only `make vendor` (an upgrade) needs npm.
.PHONY: vendor vendor-check
vendor: | var
	rm -rf var/npm && mkdir -p var/npm
	cp package.json package-lock.json var/npm/
	cd var/npm && npm ci --ignore-scripts --no-audit --no-fund
	$(PYTHON) scripts/vendor.py copy var/npm/node_modules

vendor-check:
	$(PYTHON) scripts/vendor.py check

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
		|| { echo "Python 3.11 or newer is needed as '$(PYTHON)'; choose another with: make PYTHON=python3.12 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# The test extra includes the project, so a valid test stamp also satisfies `make run`.
$(RUN_STAMP): | $(BIN)/python
	@if [ ! -f $(TEST_STAMP) ]; then \
		echo "Installing the project into $(VENV) (again only when pyproject.toml changes)..."; \
		$(PIP_INSTALL) -e . ; \
	fi
	@find $(VENV) -maxdepth 1 -name '.installed-*' ! -name '*-$(PYPROJECT_SUM)' -delete
	@touch $@

$(TEST_STAMP): | $(BIN)/python
	@echo "Installing the project and its test extra into $(VENV) (again only when pyproject.toml changes)..."
	$(PIP_INSTALL) -e ".[test]"
	@find $(VENV) -maxdepth 1 -name '.installed-*' ! -name '*-$(PYPROJECT_SUM)' -delete
	@touch $@

var:
	mkdir -p var
