# Two commands on a fresh machine: `make` (venv + deps + site) and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  := $(BIN)/python
STAMP   := $(VENV)/.installed

.PHONY: all build test lint eval bench fuzz serve clean

all: build

$(STAMP): requirements.txt
	$(PY) -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

build: $(STAMP)
	$(PYTHON) build.py

test: $(STAMP)
	$(BIN)/ruff check .
	$(PYTHON) -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .

eval: $(STAMP)
	$(PYTHON) bench/eval.py

bench: $(STAMP)
	$(PYTHON) bench/run.py

fuzz: $(STAMP)
	$(PYTHON) bench/fuzz.py

serve: $(STAMP)
	$(PYTHON) -m digest.serve

clean:
	rm -rf site .cache
