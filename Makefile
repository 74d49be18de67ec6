# Quick start:  make demo   (scan every sample APK)     make test   (run the tests)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
REPORT_POLICIES ?= baseline,cn,google-play,in

.PHONY: demo test lint fixtures reports bench wheel-check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## demo: install into .venv and print the report of every APK in sample_apks/
demo: $(STAMP)
	@for apk in sample_apks/*.apk; do \
	  echo "=== $$apk"; \
	  $(BIN)/auditor scan "$$apk" --policy baseline,cn,google-play || exit $$?; \
	done

## test: install into .venv with test extras and run the test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check auditor tests bench

## fixtures: rebuild sample_apks/*.apk from sample_apks/src (needs Debian aapt, smali, apksigner)
fixtures:
	bash sample_apks/build.sh

## reports: regenerate the example reports in reports/examples (JSON, text, HTML, Markdown, SARIF)
reports: $(STAMP)
	@mkdir -p reports/examples
	@for apk in sample_apks/*.apk; do \
	  name=$$(basename $$apk .apk); \
	  for lang in en zh; do \
	    sfx=$$( [ $$lang = en ] && echo "" || echo ".zh" ); \
	    NO_COLOR=1 $(BIN)/auditor scan $$apk --policy $(REPORT_POLICIES) --lang $$lang --width 100 -o reports/examples/$$name$$sfx.txt; \
	    $(BIN)/auditor scan $$apk --policy $(REPORT_POLICIES) --lang $$lang --format html -o reports/examples/$$name$$sfx.html; \
	    $(BIN)/auditor scan $$apk --policy $(REPORT_POLICIES) --lang $$lang --format markdown -o reports/examples/$$name$$sfx.md; \
	  done; \
	  $(BIN)/auditor scan $$apk --policy $(REPORT_POLICIES) --format json -o reports/examples/$$name.json; \
	  $(BIN)/auditor scan $$apk --policy $(REPORT_POLICIES) --format sarif -o reports/examples/$$name.sarif; \
	done
	@echo "wrote reports/examples/"

## bench: speed and memory against androguard (needs ../shared/corpus/fetch.sh output)
bench: $(STAMP)
	$(BIN)/python bench/bench_scan.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
