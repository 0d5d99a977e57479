# Two commands for a fresh machine: `make build` and `make test`. Both set up what
# they need: a virtual environment with the pinned packages, Pango for WeasyPrint if
# missing, and for the tests Debian's Chromium, Poppler, Java and gettext (these machines run as root; elsewhere,
# install them yourself).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM ?= /usr/bin/chromium
POPPLER := /usr/bin/pdftoppm
JAVA := /usr/bin/java
MSGFMT := /usr/bin/msgfmt

.PHONY: build test serve check lint bench bench-smoke clean

# What building needs (`make build`): the engine and its pinned packages, and the
# JavaScript the site serves (reveal.js, for the slide decks) at the versions
# package-lock.json pins, into node_modules/. The test tools come with `make test` only.
$(STAMP): pyproject.toml package.json package-lock.json
	@# WeasyPrint draws text with Pango (a Debian library, on most machines already)
	@ldconfig -p | grep -q libpangoft2-1.0 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	   libpango-1.0-0 libpangoft2-1.0-0 >/dev/null); } || \
	  { echo "Pango is missing: install Debian's libpango-1.0-0 and libpangoft2-1.0-0"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	rm -f $(TEST_STAMP)
	touch $(STAMP)

# The test tools: pytest, Playwright, pikepdf... and vnu-jar (the Nu Html Checker, npm)
$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(TEST_STAMP)

$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)); \
	else echo "Chromium is missing: install Debian's 'chromium' package (needs root)"; exit 1; fi

# Poppler's pdftoppm, pdftotext and pdffonts: the tests render and read the PDFs with them.
$(POPPLER):
	@if [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -qq poppler-utils >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils)); \
	else echo "Poppler is missing: install Debian's 'poppler-utils' package (needs root)"; exit 1; fi

# SITE_URL: the public address, e.g. make build SITE_URL=https://you.github.io/workbook/
# Java runs the Nu Html Checker (npm vnu-jar) in the tests.
$(JAVA):
	@if [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -qq default-jre-headless >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)); \
	else echo "Java is missing: install Debian's 'default-jre-headless' package (needs root)"; exit 1; fi

# GNU gettext's msgfmt: the tests check the exported PO files with `msgfmt --check`.
$(MSGFMT):
	@if [ "$$(id -u)" = 0 ]; then \
	  (apt-get install -y -qq gettext >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext)); \
	else echo "msgfmt is missing: install Debian's 'gettext' package (needs root)"; exit 1; fi

build: $(STAMP)
	$(BIN)/workbook build $(if $(SITE_URL),--site-url $(SITE_URL))

check: $(STAMP)
	$(BIN)/workbook check

serve: $(STAMP)
	$(BIN)/workbook serve

lint: $(TEST_STAMP)
	$(BIN)/ruff check generator tests bench

test: $(TEST_STAMP) $(CHROMIUM) $(POPPLER) $(JAVA) $(MSGFMT)
	$(BIN)/ruff check generator tests bench
	CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

# tests/test_bench.py runs these same lines, with BENCH_SMOKE=1, so keep them one
# script a line.
bench: $(TEST_STAMP) $(CHROMIUM)
	$(BIN)/python bench/build_times.py
	$(BIN)/python bench/pdf_times.py
	$(BIN)/python bench/scale.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/page_weight.py
	CHROMIUM=$(CHROMIUM) $(BIN)/python bench/lighthouse.py

# The same scripts at one size and one run (a few minutes): do they still work?
bench-smoke:
	BENCH_SMOKE=1 $(MAKE) bench

clean:
	rm -rf build site site.building-* site.old-* node_modules
