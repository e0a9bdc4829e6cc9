# The two commands of the README. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint fuzz soak browser-deps clean

run: $(STAMP)
	$(PY) scripts/devstack.py run

test: $(STAMP) browser-deps lint
	$(PY) scripts/devstack.py test

# The long fuzzing run of the API (make test runs a bounded one).
fuzz: $(STAMP)
	$(PY) scripts/devstack.py fuzz

# The long fault run (docs/reliability.md): SOAK_S seconds (default 1800) of mixed work against a
# stack it starts itself, with workers killed, Redis restarted and the model endpoint failing, then
# every invariant checked. SOAK_SEED repeats a run's choices; SOAK_DATABASE_URL=postgresql runs it on
# a PostgreSQL it starts (and restarts).
soak: $(STAMP)
	$(PY) scripts/devstack.py soak

# Lint and types, before the suite, so that a finding fails `make test` (and CI).
# mypy's Django plugin imports the settings, which refuse to load without their
# keys: the same test-only values `make test` uses (scripts/devstack.py).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SECRET_KEY=test-only-secret-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
	AUDIT_KEY=test-only-audit-key-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	@# A model change without its migration would pass every test (they build the test database from the models'
	@# migrations) and then fail on a deployed database.
	DJANGO_SECRET_KEY=test-only-secret-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
	AUDIT_KEY=test-only-audit-key-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy $(PY) manage.py makemigrations --check --dry-run

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Browser tests drive Debian's Chromium; print PDFs need Pango (WeasyPrint) and the
# Noto fonts; the PDF tests read PDFs back with poppler-utils. As root (CI) install
# what is missing; elsewhere those tests skip and say what to install. axe-core (the
# accessibility checks of the browser tests) comes from the npm registry.
SYSTEM_PACKAGES := chromium fonts-noto-core fonts-noto-cjk poppler-utils libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
AXE_VERSION := 4.14.1
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v pdffonts >/dev/null || ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! fc-list 2>/dev/null | grep -qi "Noto Sans Tamil"; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "[make] installing $(SYSTEM_PACKAGES) for the browser and PDF tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null) \
	      || echo "[make] WARNING: could not install system packages; browser and PDF tests will skip"; \
	  else \
	    echo "[make] WARNING: some of $(SYSTEM_PACKAGES) missing and not root; browser/PDF tests will skip (apt-get install $(SYSTEM_PACKAGES))"; \
	  fi; \
	fi
	@if [ ! -f var/npm/node_modules/axe-core/axe.min.js ]; then \
	  if command -v npm >/dev/null; then \
	    mkdir -p var/npm && npm install --silent --no-audit --no-fund --prefix var/npm axe-core@$(AXE_VERSION) >/dev/null \
	      || echo "[make] WARNING: could not install axe-core from npm; accessibility checks will skip"; \
	  else \
	    echo "[make] WARNING: npm missing; accessibility checks will skip (install nodejs and npm)"; \
	  fi; \
	fi

clean:
	rm -rf var staticfiles
