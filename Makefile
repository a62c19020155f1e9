# The two commands of the README's Quick start, and a few helpers.
# `make run`: a development server with the demo data (SQLite unless DATABASE_URL is set).
# `make test`: the whole test suite (PostgreSQL when DATABASE_URL is set, otherwise SQLite).

# The first of python3, python3.13, python3.12, python3.11 that is a Python from 3.11 to 3.13.
SUPPORTED := import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c '$(SUPPORTED)' >/dev/null 2>&1 && { command -v $$p; break; }; done)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run serve test lint format docs guide messages clean bench bench-documents bench-councillors bench-oparl bench-served bench-http load load-writes backup restore

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11, 3.12 or 3.13 is needed (python3 --version says" \
		"$$(python3 --version 2>&1)); install one, or name it: make run PYTHON=/path/to/python3.12"; \
		exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependencies change, so re-runs start at once.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

# Links in feeds, calendars and e-mails point at the port the demo listens on.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py seed_demo
	DEBUG=1 exec $(BIN)/python manage.py runserver --noreload 127.0.0.1:$(PORT)

# The production stack on this machine: gunicorn, WhiteNoise, the task worker, DEBUG off.
# Plain HTTP on 127.0.0.1 (HTTPS=0); docs/deploy.md puts nginx with TLS in front.
serve: export SITE_URL ?= http://127.0.0.1:$(PORT)
serve: $(VENV)/.installed
	PATH="$(abspath $(BIN)):$$PATH" PORT=$(PORT) sh deploy/serve.sh

# Backups (PostgreSQL): `make backup` writes backups/paacl-<date>.tar;
# `make restore BACKUP=backups/paacl-....tar` replaces the database and PDFs, then checks them.
backup: $(VENV)/.installed
	$(BIN)/python manage.py backup

restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/paacl-....tar"; exit 2; }
	$(BIN)/python manage.py restore "$(BACKUP)"

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks (bench/): figures and ratios, not timed tests. PostgreSQL when DATABASE_URL is set.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py

# Documents: a 50 MB file up and down through gunicorn (memory), and search over 10,000 documents.
bench-documents: $(VENV)/.installed-test
	$(BIN)/python bench/documents.py

bench-councillors: $(VENV)/.installed-test
	$(BIN)/python bench/councillors.py

# Each public page served from the cache and rendered, with its queries (REDIS_URL: from Redis).
bench-served: $(VENV)/.installed-test
	$(BIN)/python bench/served.py

# The public pages over HTTP (gunicorn, 2 workers, Redis): hit and miss per page on a new
# connection each, and wrk's requests per second next to a view that does nothing.
bench-http: $(VENV)/.installed-test
	$(BIN)/python bench/throughput.py

# OParl: a client walks every list of the demo, then only what changed (BENCH_DEMO_DOCUMENTS=0:
# without the documents, which take minutes to render).
bench-oparl: $(VENV)/.installed-test
	$(BIN)/python bench/oparl.py

load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py

# Readers, transitions and votes at once against a live server (PostgreSQL: set DATABASE_URL);
# prints the figures. LOAD_WRITES_SECONDS sets the duration (CI runs it for 8 s in the suite).
load-writes: $(VENV)/.installed-test
	LOAD_WRITES_SECONDS=$${LOAD_WRITES_SECONDS:-60} $(BIN)/pytest -s -q tests/council/test_load_with_writes.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate docs/workflow.md from the state machine declared in the code.
docs: $(VENV)/.installed
	DEBUG=1 $(BIN)/python manage.py workflow_diagram --output docs/workflow.md

# The staff guide's screenshots (docs/guide/images/), taken by the browser doing its tasks.
guide: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_guide.py

# Extract and compile the translation catalogues (needs GNU gettext); Django's own Romanian
# messages are corrected to comma-below ș and ț on the way.
messages: $(VENV)/.installed-test
	DEBUG=1 $(BIN)/python manage.py makemessages --locale ro --locale en --ignore ".venv/*" --ignore ".venv-*"
	DEBUG=1 $(BIN)/python manage.py romanian_overrides
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore ".venv/*" --ignore ".venv-*"

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .ruff_cache staticfiles .serve-secret-key
