# Kazanlak international cooperation site. `make help` lists the targets.
# Needs only python3 and make: everything else is installed into .venv.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The local server runs with DEBUG on; nothing else does.
LOCAL_ENV := DEBUG=1

.DEFAULT_GOAL := help
.PHONY: help install lock messages migrate serve serve-proxy bench backup restore load-data run test lint format check-deploy clean superuser

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# Every package (runtime, dev, pip and setuptools too) comes from requirements.lock, checked
# against its hashes; the project itself is then added, built with the locked setuptools.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

# Message catalogues are compiled with Babel, so no system gettext is needed.
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale/overrides/*/LC_MESSAGES/*.po))

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

messages: install ## Update locale/*/django.po from the code and templates (needs gettext's xgettext)
	$(LOCAL_ENV) $(MANAGE) makemessages -l bg -l en --no-obsolete \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench

install: $(STAMP) $(MO_FILES) ## Create .venv, install the dependencies, compile the catalogues

lock: $(STAMP) ## Regenerate requirements.lock (exact versions and hashes) from pyproject.toml's pins
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe \
		--all-build-deps --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

var:
	@mkdir -p var

migrate: install var ## Apply the database migrations
	$(LOCAL_ENV) $(MANAGE) migrate --noinput

load-data: migrate ## Load the fixtures into an empty database (safe to repeat)
	$(LOCAL_ENV) $(MANAGE) load_initial_data

run: load-data ## Install, migrate, load the data and serve http://127.0.0.1:8000 (SQLite)
	@echo ""
	@echo "Staff sign in at http://$(HOST):$(PORT)/admin/"
	@echo "  Create an account first:  make superuser"
	@echo "  (or: $(BIN)/python manage.py createsuperuser)"
	@echo ""
	@echo "E-mail is queued and sent by the mail worker beside the server (printed here)."
	$(LOCAL_ENV) $(MANAGE) run_mail_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(LOCAL_ENV) $(MANAGE) runserver $(HOST):$(PORT)

# The production configuration, here over plain http: DEBUG off, gunicorn, WhiteNoise, the
# same database. A SECRET_KEY is made once into var/ (git-ignored) unless one is set.
SERVE_ENV := SECURE_SSL_REDIRECT=0 SESSION_COOKIE_SECURE=0 CSRF_COOKIE_SECURE=0 SECURE_HSTS_SECONDS=0 \
	SITE_URL="$${SITE_URL:-http://$(HOST):$(PORT)}" \
	SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}"

var/secret_key: | var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

serve: load-data var/secret_key ## Serve the production configuration (gunicorn, 2 workers) on http://127.0.0.1:8000
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(MANAGE) run_mail_worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(SERVE_ENV) $(BIN)/gunicorn kazanlak_site.wsgi --config gunicorn.conf.py --workers 2 --bind $(HOST):$(PORT) --access-logfile - --error-logfile -

serve-proxy: load-data var/secret_key ## `make serve` behind nginx (deploy/nginx/, micro-cache) on http://127.0.0.1:8080
	SITE_URL="$${SITE_URL:-http://127.0.0.1:8080}" RATELIMIT_IP_META_KEY=HTTP_X_REAL_IP \
		$(BIN)/python tools/serve_proxy.py $(MAKE) --no-print-directory serve

bench: install ## Benchmark the site against a bare Django project and nginx serving a static copy (~8 min; bench/README.md)
	$(BIN)/python bench/run.py

backup: install var ## Write the database and uploaded files to var/backups/kazanlak-<time>.tar.gz
	$(LOCAL_ENV) $(MANAGE) backup

restore: migrate ## Restore BACKUP=path/to/backup.tar.gz into an empty database (e.g. a new DATABASE_URL)
	@test -n "$(BACKUP)" || (echo "Usage: make restore BACKUP=var/backups/kazanlak-….tar.gz"; exit 2)
	$(LOCAL_ENV) $(MANAGE) restore "$(BACKUP)"

superuser: migrate ## Create a staff account with full rights (asks for name and password)
	$(LOCAL_ENV) $(MANAGE) createsuperuser

# In parallel (pytest-xdist): three workers on two cores, as many tests wait on real servers
# (gunicorn, nginx, Chromium) and a third worker fills those waits. The modules whose servers
# start once run whole in one worker, the other tests go to whichever is free (the scheduler in
# tests/conftest.py). TEST_WORKERS=0 runs the tests one by one.
TEST_WORKERS ?= 3

test: install ## Run the whole test suite, in parallel (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup

lint: install ## Check the code with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Reformat the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install ## Run Django's deployment checks with production settings
	SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
		ALLOWED_HOSTS=example.org $(BIN)/python manage.py check --deploy --fail-level WARNING

clean: ## Remove .venv and the local database and media (asks nothing!)
	rm -rf $(VENV) var staticfiles
