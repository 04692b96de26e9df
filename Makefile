# Two commands on a brand-new machine: `make demo` and `make test`. Both set everything up first.
# `make gallery` regenerates every worked example in gallery/ (spec -> .tex, .pdf, .png and the index).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup tex demo gallery test clean

setup: $(STAMP) tex

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,latex]"
	touch $(STAMP)

tex:
	@bash tools/ensure-tex.sh

demo: setup
	$(PY) -m symfisher.demo

gallery: setup
	$(PY) -m symfisher.gallery

test: setup
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build .pytest_cache
