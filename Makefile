# The two commands a new user needs: `make report` and `make test`.
# Each creates (or reuses) .venv in the checkout and installs what it needs;
# a re-run installs nothing unless pyproject.toml changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# torch first, pinned: this version is a CPU wheel; an unpinned torch would pull a multi-GB CUDA build.
TORCH := torch==2.13.0
STAMP := $(VENV)/.installed

.PHONY: install report test browser lint model clean

install: $(STAMP)

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found; set PYTHON=/path/to/python3.11" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet $(TORCH)
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	@touch $(STAMP)

report: $(STAMP)
	@mkdir -p reports
	$(BIN)/accord check seeds --format json --output reports/seeds.json --html reports/seeds.html --exit-zero
	$(BIN)/accord render reports/seeds.json
	@echo "wrote reports/seeds.json and reports/seeds.html"

test: $(STAMP) browser
	$(BIN)/python -m pytest

# The review page's tests run in Debian's chromium through chromedriver. Installed here when
# missing and this is a Debian-like machine where we may (root); elsewhere those tests skip.
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium and chromium-driver for the browser tests"; \
	  (DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver >/dev/null 2>&1)) || \
	  echo "could not install chromium: the browser tests will skip"; \
	else echo "chromium/chromedriver absent: the browser tests will skip"; fi

# Train a candidate NLI model (build/nli/accord-nli) from ../shared/data: about two hours on 2 CPU
# cores, minutes on a GPU (models/MODEL_CARD.md). Checkpoints go to build/nli; run it again after a
# kill and it resumes. Ship it by copying it over models/accord-nli once bench/nli_bench.py shows it
# better. Never needed by tests or CI.
model: $(STAMP)
	HF_HUB_OFFLINE=1 nice $(BIN)/python -m models.train --work build/nli --out build/nli/accord-nli

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) build *.egg-info
