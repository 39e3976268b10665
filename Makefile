# The two set-up commands of the README: `make demo` and `make test`. Everything else
# these targets need (a virtual environment, packages, system packages) they install.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LETTER := examples/ituc-kyrgyzstan-2020-06-18.txt
OUT    := out

.PHONY: demo test lint docs schema quality clean system-packages

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "c87 needs Python 3.11 or newer (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installed again whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,docs]'
	touch $@

# What the test suite needs from the operating system (nothing yet beyond Python).
system-packages:
	@true

FACTS  := $(OUT)/ituc-kyrgyzstan-2020-06-18.facts.yaml

demo: $(VENV)/.installed
	@mkdir -p $(OUT)
	$(BIN)/c87 extract $(LETTER) -o $(FACTS) --summary
	@echo "wrote $(FACTS) (review it, then convert it)"
	$(BIN)/c87 convert $(FACTS) -o $(OUT) --to ttl,jsonld
	@ls -1 $(OUT)

test: system-packages $(VENV)/.installed
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests

# The ontology as an HTML page (pyLODE), next to docs/ontology.md.
docs: $(VENV)/.installed
	$(BIN)/python -m c87.ontology.docs --output docs/ontology.html

# Extraction quality on the letters with answer keys (tuning set, then held-out set).
quality: $(VENV)/.installed
	$(BIN)/python -m tests.quality tests/letters
	$(BIN)/python -m tests.quality tests/letters/heldout2
	$(BIN)/python -m tests.quality tests/letters/heldout3

# The published JSON Schema of the facts document (a test checks it is current).
schema: $(VENV)/.installed
	$(BIN)/c87 schema > docs/facts.schema.json

clean:
	rm -rf $(VENV) $(OUT) build dist src/*.egg-info .pytest_cache .ruff_cache
