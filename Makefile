# The two set-up commands of the README: `make demo` and `make test`. Everything else
# these targets need (a virtual environment, packages, system packages) they install.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LETTER := examples/ituc-kyrgyzstan-2020-06-18.txt
OUT    := out

.PHONY: demo test lint docs cli-docs schema quality bench clean system-packages store-server

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "c87 needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed again whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $@

# What the test suite needs from the operating system: Chromium and a font (DejaVu), for
# the tests that screenshot the complaint's printable page and print it to PDF, Debian's
# chromium-driver, through which Selenium drives Chromium in the test of c87 review, and Pango
# (libpango-1.0-0, libpangoft2-1.0-0), which WeasyPrint loads to write the complaint as
# PDF (c87 convert --to pdf). Installed with apt-get (Debian) as root, or through sudo;
# only what is missing is installed, and a failed install only leaves those tests skipped.
system-packages:
	@missing=; \
	command -v chromium >/dev/null 2>&1 || missing=" chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	fc-list 2>/dev/null | grep -q 'DejaVu Serif' || missing="$$missing fonts-dejavu-core"; \
	ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || \
	  missing="$$missing libpango-1.0-0 libpangoft2-1.0-0"; \
	if [ -z "$$missing" ]; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "note: no apt-get: install$$missing to run the screenshot and PDF tests"; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "note: not root and no sudo: install$$missing to run the screenshot and PDF tests"; exit 0; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $$missing >/dev/null || \
	  echo "note:$$missing could not be installed: the screenshot and PDF tests are skipped"; \
	fi

# The SPARQL server the store tests run against besides the embedded store and Oxigraph
# server (the oxigraph package of the test extra): Virtuoso, Debian's
# virtuoso-opensource-7-bin, installed with apt-get as root or through sudo when virtuoso-t
# is missing. The tests start it themselves; without it they are skipped (with CI=true
# they fail).
store-server:
	@if command -v virtuoso-t >/dev/null 2>&1; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
	  echo "note: no apt-get: install Virtuoso (virtuoso-t) to run the Virtuoso store tests"; \
	else \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; \
	  elif command -v sudo >/dev/null 2>&1; then SUDO=sudo; \
	  else echo "note: not root and no sudo: install virtuoso-opensource-7-bin"; exit 0; fi; \
	  $$SUDO apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    virtuoso-opensource-7-bin >/dev/null || \
	  echo "note: virtuoso-opensource-7-bin could not be installed"; \
	fi

system-packages: store-server

FACTS  := $(OUT)/ituc-2020-06-18-perc-htur.facts.yaml
PROFILE := examples/complainant.yaml

# The complaint is checked against the CFA's checklist. The example profile's signatory,
# Jane Doe, is a placeholder: that check fails, and the demo shows it and says why; it
# exits 0 only when no other check fails.
COMPLAINT := $(OUT)/ituc-2020-06-18-perc-htur.xml

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/c87 extract $(LETTER) -o $(FACTS) --summary
	@echo "wrote $(FACTS) (review it, then convert it)"
	$(BIN)/c87 convert $(FACTS) -o $(OUT) --to ttl,jsonld,xml,html --complainant $(PROFILE)
	$(BIN)/c87 load $(OUT)/ituc-2020-06-18-perc-htur.ttl --store $(OUT)/store
	$(BIN)/c87 query timeline --store $(OUT)/store
	@echo "$(BIN)/c87 validate $(COMPLAINT)"
	@report=$$($(BIN)/c87 validate $(COMPLAINT)); status=$$?; printf '%s\n' "$$report"; \
	case "$$status:$$report" in \
	  0:*) ;; \
	  1:*" checks failed (signatory-name)") \
	    echo "demo: only the signatory check fails: $(PROFILE) is an example, signed by a" \
	         "placeholder; a complaint to file needs a profile that names who signs";; \
	  *) exit $$status;; \
	esac
	@ls -1 $(OUT)

test: system-packages $(VENV)/.installed
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

# The ontology as an HTML page (pyLODE), next to docs/ontology.md.
docs: $(VENV)/.installed
	$(BIN)/python -m c87.ontology.docs --output docs/ontology.html

# Extraction quality: the real corpus (development part per text and by genre and
# language; blind part by genre and language only), then the project's own letters, then
# the reviewed facts files of tests/data/reviewed, with the same scorer (c87 score).
quality: $(VENV)/.installed
	$(BIN)/python -m tests.quality --corpus
	$(BIN)/python -m tests.quality tests/letters
	$(BIN)/python -m tests.quality tests/letters/heldout2
	$(BIN)/python -m tests.quality tests/letters/heldout3
	$(BIN)/c87 score tests/data/reviewed/*.facts.yaml

# The command-line reference, docs/cli.md: the --help of every command, written by cog
# (tests/test_docs.py fails while it differs from the commands).
cli-docs: $(VENV)/.installed
	$(BIN)/cog -r docs/cli.md

# The published JSON Schema of the facts document (a test checks it is current).
schema: $(VENV)/.installed
	$(BIN)/c87 schema > docs/facts.schema.json

# Speed and memory against baselines, in one run (benchmarks/bench.py; 20 minutes or so
# on 2 cores). SIZES=100,1000 for a quicker run.
SIZES ?= 100,1000,10000
bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/bench.py --sizes $(SIZES)

clean:
	rm -rf $(VENV) $(OUT) build dist src/*.egg-info .pytest_cache .ruff_cache
