# Briefing site: `make html` builds, `make test` tests. Each target sets up .venv when needed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BRIEFINGS ?= briefings
OUTPUTDIR ?= output
SETTINGS ?= pelican.conf.py
PORT ?= 8000
PROBLEM_FORMAT ?=
# --format when PROBLEM_FORMAT is given (text, github, json): CI's build says its problems as text, its check annotated them
FORMAT_OPTION = $(if $(PROBLEM_FORMAT),--format "$(PROBLEM_FORMAT)")
STAMP := $(VENV)/.installed-stamp

.PHONY: help html check serve test bench bench-search clean venv schema linkcheck

help:
	@echo "make html     build the site from $(BRIEFINGS)/ into $(OUTPUTDIR)/"
	@echo "make check    check the fact sheets, the settings and the content pages without building"
	@echo "make serve    build, serve on http://localhost:$(PORT)/ and rebuild on change"
	@echo "make test     run the tests"
	@echo "make bench    benchmark against Hugo on generated corpora"
	@echo "make bench-search  weigh the search shard size: an edit's re-indexing against a reader's search"
	@echo "make schema   regenerate schema/fact-sheet.schema.json from the model"
	@echo "make linkcheck  check every relative link and #anchor of $(OUTPUTDIR)/"
	@echo "make clean    remove the output and every cache"
	@echo "Variables: BRIEFINGS=DIR OUTPUTDIR=DIR SETTINGS=FILE PORT=N PYTHON=python3.11 VENV=DIR PROBLEM_FORMAT=text|github|json"

venv: $(STAMP)

# Python 3.11 (pyproject.toml): a venv of another one is made again, where pip had failed the same way each time.
PY311 := -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) $(PY311) || { echo "briefkit needs Python 3.11; give one with PYTHON=/path/to/python3.11" >&2; exit 1; }
	$(PY) $(PY311) 2>/dev/null || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# An editable install is not byte-compiled, and where PYTHONDONTWRITEBYTECODE is set (CI images often set it)
	@# every `python -m briefkit` would compile the package again: a third of a second per build.
	$(PY) -m compileall -q briefkit
	touch $(STAMP)

html: $(STAMP)
	$(PY) -m briefkit build --briefings "$(BRIEFINGS)" --output "$(OUTPUTDIR)" --settings "$(SETTINGS)" $(FORMAT_OPTION)

check: $(STAMP)
	$(PY) -m briefkit check --briefings "$(BRIEFINGS)" --settings "$(SETTINGS)" $(FORMAT_OPTION)

serve: $(STAMP)
	$(PY) -m briefkit serve --briefings "$(BRIEFINGS)" --output "$(OUTPUTDIR)" --settings "$(SETTINGS)" --port $(PORT)

test: $(STAMP)
	$(PY) -m pytest

schema: $(STAMP)
	$(PY) -m briefkit schema --output schema/fact-sheet.schema.json

linkcheck: $(STAMP)
	$(PY) scripts/linkcheck.py "$(OUTPUTDIR)"

bench: $(STAMP)
	$(PY) scripts/bench.py

bench-search: $(STAMP)
	$(PY) scripts/search_shards.py

clean:
	rm -rf "$(OUTPUTDIR)" .briefkit-cache .bench .pytest_cache .hypothesis tests/_artifacts
	rm -f "$(dir $(OUTPUTDIR)).$(notdir $(OUTPUTDIR)).lock"
	@# not the package's byte-code, which `make venv` compiles on purpose (PYTHONDONTWRITEBYTECODE, above)
	find . -name __pycache__ -type d -not -path "./$(VENV)/*" -not -path "./briefkit/*" -prune -exec rm -rf {} +
