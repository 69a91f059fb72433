# The two commands of the README's quick start: `make run` and `make test`.
# Each creates .venv when missing and installs the project with its test extras.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYC    := $(VENV)/.pycache-prefix

.PHONY: run lint test clean catalog

# The Swedish catalogue is compiled by the install (hatch_build.py): a changed .po reinstalls.
$(STAMP): pyproject.toml hatch_build.py $(wildcard src/planctl/locale/*/LC_MESSAGES/*.po)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

# Bytecode in .venv/pycache, not in __pycache__ folders of src/ (scripts/pycache_prefix.py says why).
$(PYC): $(STAMP) scripts/pycache_prefix.py
	$(BIN)/python scripts/pycache_prefix.py
	@touch $(PYC)

run: $(STAMP) $(PYC)
	$(BIN)/planctl check
	$(BIN)/planctl summary
	$(BIN)/planctl export csv -o out/plan.csv
	$(BIN)/planctl export html -o out/site
	@echo "Wrote out/plan.csv (opens in Swedish Excel) and out/site/ (open out/site/index.html in a browser)."

# The rules and settings of both tools are in pyproject.toml.
lint: $(STAMP) $(PYC)
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest -q

# After marking or changing messages: regenerate the template and merge it into each .po
# (new messages come in untranslated, changed ones fuzzy: translate them; docs/i18n.md).
catalog: $(STAMP)
	$(BIN)/pybabel extract --no-location --sort-output --no-wrap --project planctl --version 0.1.0 \
		-k lazy -k lazy_plural:1,2 -o src/planctl/locale/planctl.pot src/planctl
	$(BIN)/pybabel update --no-wrap --ignore-obsolete -l sv -D planctl \
		-i src/planctl/locale/planctl.pot -d src/planctl/locale

clean:
	rm -rf $(VENV) .pytest_cache .planctl_cache .mypy_cache .ruff_cache out
