# WERTvoll — the two commands a newcomer needs: `make demo` and `make test`.
# Both set up what is missing first (Debian packages, the virtualenv), idempotently.
SHELL := /bin/bash
.DEFAULT_GOAL := help

SYSTEM_PYTHON := /usr/bin/python3
VENV := .venv
PY := $(VENV)/bin/python
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
ZIP := dist/wertvoll-$(VERSION).zip
TS := $(wildcard i18n/*.ts)
QM := $(TS:.ts=.qm)

export QT_QPA_PLATFORM ?= offscreen
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup system system-package venv i18n i18n-update package test test-fast demo report-pages bench screenshots help-pages clean

help:
	@echo "make demo     run the WERTvoll chain on the demo region, results in out/"
	@echo "make test     run every test on QGIS 3.22 (here), 3.40 and 3.44 (Debian roots); MATRIX=host: here only"
	@echo "make package  build $(ZIP) for installing into QGIS"
	@echo "make i18n     compile translations (.ts -> .qm); make i18n-update extracts new strings"
	@echo "make report-pages  the four demo reports as PDF (out/berichte/) and page pictures -> docs/img/bericht/"
	@echo "make screenshots  user-guide pictures from the real QGIS desktop under Xvfb -> docs/img/"
	@echo "make help-pages  rebuild resources/help/ (the Help button pages) after editing docs/"
	@echo "make bench    benchmarks at regional scale vs native/GRASS peers -> bench/results.md (RUNS=3, CHECK=1)"
	@echo "make bench PROFILE=state  the planning region and Saxony (800k/3.2M parcels, 44M/184M cells) -> bench/results_state.md"

setup: system venv

system:
	@bash scripts/setup_system.sh

# make package needs only lrelease and pip (scripts/package.py downloads the bundled wheels)
system-package:
	@bash scripts/setup_system.sh package

# The venv must come from Debian's Python (it holds the QGIS bindings), not from another
# python3 on PATH; a venv that cannot import qgis is rebuilt.
venv: system
	@if ! $(PY) -c "import qgis.core" >/dev/null 2>&1; then \
	  echo "setup: creating $(VENV) from $(SYSTEM_PYTHON) with system site packages"; \
	  rm -rf $(VENV); $(SYSTEM_PYTHON) -m venv --system-site-packages $(VENV); \
	fi
	@if [ ! -f $(VENV)/.requirements.stamp ] || [ requirements.txt -nt $(VENV)/.requirements.stamp ] \
	    || [ requirements-dev.txt -nt $(VENV)/.requirements.stamp ]; then \
	  echo "setup: installing Python requirements"; \
	  $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt && \
	  touch $(VENV)/.requirements.stamp; \
	fi

i18n: $(QM)

i18n/%.qm: i18n/%.ts | system-package
	@lrelease -silent $< -qm $@

i18n-update: venv
	$(PY) scripts/i18n.py update

package: system-package i18n
	@$(SYSTEM_PYTHON) scripts/package.py --out dist

# every test on this machine's QGIS 3.22, then in throw-away Debian 13 (QGIS 3.40 LTR) and sid
# (QGIS 3.44) root file systems (scripts/matrix: mmdebstrap, cached in /var/cache/wertvoll/roots);
# one result line per QGIS version, logs in build/matrix/. MATRIX=host runs this machine only.
MATRIX ?= host trixie sid
test: setup i18n package
	@bash scripts/matrix/test_matrix.sh $(MATRIX)

# everything but the slow desktop test
test-fast: setup i18n
	$(PY) -m pytest -m "not desktop"

demo: setup i18n
	$(PY) scripts/run_demo.py --out out

# the demo reports as PDF (QGIS print layout engine) and one picture per page for the user guide
report-pages: setup i18n
	$(PY) scripts/report_pages.py --out out --pictures docs/img/bericht

# regional-scale benchmarks (issue #8); data cached in $$WERTVOLL_BENCH_CACHE (~/.cache/wertvoll/bench)
bench: setup
	@bash bench/setup_bench.sh
	$(PY) bench/run.py $(if $(RUNS),--runs $(RUNS)) $(if $(filter-out 0,$(CHECK)),--check) $(if $(ONLY),--only $(ONLY)) \
	  $(if $(PROFILE),--profile $(PROFILE))

# user-guide screenshots from the real QGIS desktop (Xvfb) on the demo project
screenshots: demo package
	$(PY) scripts/screenshots.py --out docs/img
	$(PY) scripts/make_help.py

# the offline help pages behind each algorithm's Help button, from docs/<lang>/*.md
help-pages: venv
	$(PY) scripts/make_help.py

clean:
	rm -rf build dist out .pytest_cache $(QM)
