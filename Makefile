# Everyday commands. `make run` and `make test` work on a fresh machine with only Python
# (and the system libraries WeasyPrint needs: pango, harfbuzz).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: install run serve test lint format migrations check bench load scale clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: migrate, collectstatic, gunicorn (DJANGO_DEBUG=0) and the task worker; the
# settings come from the environment (README, «Развёртывание»). Same script as deploy/ units.
serve: install
	bin/serve

# On every core, tests handed out as workers free up (one test: `.venv/bin/pytest path::name`).
test: install
	$(BIN)/python -m pytest -n auto --dist worksteal

lint: install
	$(BIN)/python .ci/imports.py .
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: install
	$(BIN)/python manage.py makemigrations

check: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check

bench: install
	$(BIN)/python bench/run.py

# The load benchmark on PostgreSQL: make load N=50 (DATABASE_URL or a local mentoring_load).
load: install
	$(BIN)/python bench/load.py --teachers $(or $(N),50) --think $(or $(THINK),2)

# The national-size benchmark on PostgreSQL (about 6 min, 5.5 GB; DATABASE_URL or a local
# mentoring_scale): make scale, or make scale ARGS="--kindergartens 2000 --municipalities 150".
scale: install
	$(BIN)/python bench/scale.py $(ARGS)

clean:
	rm -rf $(VENV) staticfiles
