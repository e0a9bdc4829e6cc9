# The two commands of the README. Everything else is what they need.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test lint browser-deps clean

run: $(STAMP)
	$(PY) scripts/devstack.py run

test: $(STAMP) browser-deps lint
	$(PY) scripts/devstack.py test

# Lint and types, before the suite, so that a finding fails `make test` (and CI).
# mypy's Django plugin imports the settings, which refuse to load without their
# keys: the same test-only values `make test` uses (scripts/devstack.py).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SECRET_KEY=test-only-secret-key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx \
	AUDIT_KEY=test-only-audit-key-yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# Browser tests drive Debian's Chromium. As root (CI) install it when missing;
# elsewhere the browser tests skip and say what to install.
browser-deps:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! fc-list 2>/dev/null | grep -qi "Noto Sans Tamil"; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    echo "[make] installing chromium and Noto fonts for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-core fonts-noto-cjk >/dev/null) \
	      || echo "[make] WARNING: could not install chromium/fonts; browser tests will skip"; \
	  else \
	    echo "[make] WARNING: chromium or Noto fonts missing and not root; browser tests will skip (apt-get install chromium fonts-noto-core fonts-noto-cjk)"; \
	  fi; \
	fi

clean:
	rm -rf var staticfiles
