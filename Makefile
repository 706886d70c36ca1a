# Two entry points for a fresh machine: `make run` (main job) and `make test` (the test suite).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install index eval bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[all]'
	touch $(STAMP)

install: $(STAMP)

## Main job: install, build the index if missing or stale, start the chat UI on http://127.0.0.1:7860
run: $(STAMP)
	$(BIN)/python ingest.py
	$(BIN)/python -m app

## The test suite (offline), including the slow, LLM and browser tests, then the eval regression gate.
test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/python -m eval --out var/eval

index: $(STAMP)
	$(BIN)/python ingest.py

clean:
	rm -rf var .pytest_cache
