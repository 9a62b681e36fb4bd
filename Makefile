# Kemenag Digital Learning Center for Open edX. `make demo` and `make test` do all the set-up.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV        ?= .venv
PY          := $(VENV)/bin/python
PIP         := $(VENV)/bin/pip
# Python 3.12, as current Open edX runs it (pyenv's, selected by .python-version, or the system's).
PYTHON312   ?= $(shell pyenv which python3.12 2>/dev/null || command -v python3.12)
DEMO_ADDR   ?= 127.0.0.1:8000
CHROMIUM    ?= /usr/bin/chromium
export PYTHONPATH := $(CURDIR)
# pip's index mirrors here print a warning line per package; keep the output readable.
QUIET_PIP   := 2>&1 | grep -v "^WARNING: Location 'file:" || true

.PHONY: help demo services test test-python test-mariadb test-browser quality bench requirements \
        extract_translations compile_translations system-packages clean

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-22s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements/test.txt requirements/pip-tools.txt setup.py
	@test -x "$(PY)" || { test -n "$(PYTHON312)" || { echo "Python 3.12 is needed (pyenv install 3.12)"; exit 1; }; "$(PYTHON312)" -m venv $(VENV); }
	$(PIP) install -q -r requirements/pip-tools.txt $(QUIET_PIP)
	$(VENV)/bin/pip-sync -q requirements/test.txt $(QUIET_PIP)
	$(PIP) install -q --no-deps -e . $(QUIET_PIP)
	@$(PY) -c "import xblock, django, kemenag_xblocks; print('venv ready: Django', django.__version__)"
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

system-packages: ## Debian packages the tests need (chromium, MariaDB client headers, gettext)
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v mariadb_config >/dev/null || command -v mysql_config >/dev/null || missing="$$missing libmariadb-dev"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; fi

var:
	mkdir -p var

demo: system-packages $(VENV)/.installed var ## set up and serve the workbench demo on http://127.0.0.1:8000
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo_data
	@echo "Serving the demo on http://$(DEMO_ADDR)/  (?student=staff for staff, ?lang=en for English)"
	$(PY) manage.py runserver $(DEMO_ADDR)

# The SQLite and MariaDB layers share nothing (a temporary directory and a database of their own
# each), so they run side by side, each one's output printed whole when it ends.
services: ## start MariaDB and Redis on 127.0.0.1 if they are not answering (the tests use both)
	@bash scripts/services.sh

test: system-packages services $(VENV)/.installed node_modules/.installed var ## set up and run the whole suite
	$(MAKE) --no-print-directory quality
	$(MAKE) --no-print-directory -j2 --output-sync=target test-python test-mariadb
	$(MAKE) --no-print-directory test-browser

test-python: ## unit and integration tests, models on SQLite
	$(VENV)/bin/pytest -m "not browser"

test-mariadb: ## the same suite with models on MariaDB (127.0.0.1:3306, root, empty password)
	KEMENAG_TEST_DB=mariadb $(VENV)/bin/pytest -m "not browser" -p no:cacheprovider

test-browser: ## Playwright tests in Debian's chromium against a live demo server
	CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest -m browser

quality: ## ruff lint and format check, migrations up to date, translations compiled
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run kemenag_xblocks

# The upload benchmark's peer (edx-sga), kept out of the venv: its entry point imports LMS modules.
BENCH_PEERS := var/bench-peers
$(BENCH_PEERS)/.installed: requirements/bench.txt | var
	$(PIP) install -q --no-deps --target $(BENCH_PEERS) -r requirements/bench.txt $(QUIET_PIP)
	@touch $@

bench: $(VENV)/.installed var $(BENCH_PEERS)/.installed ## benchmarks: every target of issue 18 against its bound, same run
	$(PY) -m benchmarks

requirements: $(VENV)/.installed ## recompile the pinned requirements from the .in files
	cd requirements && for f in pip-tools base test; do \
	  ../$(VENV)/bin/pip-compile -q --upgrade --allow-unsafe --no-strip-extras --no-emit-index-url \
	    --no-emit-find-links -o $$f.txt $$f.in; done

extract_translations: $(VENV)/.installed ## extract user-visible strings and merge them into the catalogs
	cd kemenag_xblocks && PATH=$(CURDIR)/$(VENV)/bin:$$PATH i18n_tool extract
	cd kemenag_xblocks/locale/en/LC_MESSAGES && msgcat django-partial.po $$(ls djangojs-partial.po 2>/dev/null) -o django.po && rm -f *-partial.po
	cd kemenag_xblocks/locale && for lang in id; do \
	  test -f $$lang/LC_MESSAGES/django.po || msginit --no-translator -l $$lang -i en/LC_MESSAGES/django.po -o $$lang/LC_MESSAGES/django.po; \
	  msgmerge -q --update --backup=none --no-fuzzy-matching $$lang/LC_MESSAGES/django.po en/LC_MESSAGES/django.po; \
	done

compile_translations: $(VENV)/.installed ## compile the catalogs to .mo files
	cd kemenag_xblocks && $(CURDIR)/$(PY) $(CURDIR)/manage.py compilemessages -v0
	cd demo && $(CURDIR)/$(PY) $(CURDIR)/manage.py compilemessages -v0

.PHONY: course
course: ## build course.tar.gz, the OLX course in course_content/ in Studio's import format
	python3 course_content/build_course.py course.tar.gz

clean: ## remove the virtualenv, node modules and the demo's data
	rm -rf $(VENV) node_modules var .pytest_cache

.PHONY: load
load: system-packages $(VENV)/.installed var ## gunicorn x4 over MariaDB, Celery, 200 learners for 2 min with faults; prints the table
	$(PY) -m benchmarks.load --users $(or $(LOAD_USERS),200) --seconds $(or $(LOAD_SECONDS),120)
