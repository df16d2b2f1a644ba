# pssc: two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: venv lock test-latest demo test test-fast lint imports format typecheck bench fuzz lab clean

venv: $(STAMP)

# uv installs exactly what uv.lock says (runtime, dev and dask extras, and the build backend).
# uv itself is pinned by version and hash and lives in its own small environment ($(UV_DIR)).
UV_VERSION := 0.13.10
UV_DIR     := .uv
UV         := $(UV_DIR)/bin/uv
UV_HASHES  := --hash=sha256:7cc9c41b43d583e34c781fd3446405b06e9c5fa2db468ce2a534d353db6429e5 \
              --hash=sha256:e89dd26ea831dde70639ba0a798fa04a4c7c0226fd2b241da86218bfa370e495 \
              --hash=sha256:ee3bca6523ed93c3ae0d1a90c2733be307f5f7cc5287c746214e93a3bae0da13
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never

$(UV):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(UV_DIR)
	@echo "uv==$(UV_VERSION) $(UV_HASHES)" > $(UV_DIR)/requirements.txt
	$(UV_DIR)/bin/pip install --isolated --quiet --disable-pip-version-check --require-hashes \
		-r $(UV_DIR)/requirements.txt

$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --all-extras --python $(PYTHON) --quiet
	@touch $(STAMP)

## lock: refresh uv.lock on purpose (newest versions the ranges in pyproject.toml allow)
lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

## test-latest: the suite on the newest versions the ranges allow (a separate .venv-latest)
test-latest: $(UV)
	rm -rf .venv-latest
	$(UV) venv --quiet --python $(PYTHON) .venv-latest
	VIRTUAL_ENV=.venv-latest $(UV) pip install --quiet --upgrade -e '.[dev,dask]'
	.venv-latest/bin/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

## demo: start the embedded lab, run the whole job against it, print the result
demo: venv
	$(BIN)/python -m pssc.demo

## test: the full suite (unit, lab, e2e, browser)
test: venv
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: venv
	$(BIN)/pytest -n 2 --dist loadgroup tests/unit parsers $(PYTEST_ARGS)

## lint: formatting, lint, strict types and the import contracts (CI runs it)
lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

imports: venv
	$(BIN)/lint-imports

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: venv
	$(BIN)/mypy

## bench: speed and memory figures (printed; recorded by hand in bench/RESULTS.md)
## (the long ones run by hand: bench/load_bench.py, bench/dask_bench.py, bench/lab_bench.py --devices 500)
bench: venv
	$(BIN)/python bench/parse_bench.py
	$(BIN)/python bench/lab_bench.py --devices 50
	$(BIN)/python bench/rollout_bench.py --devices 10 100
	$(BIN)/python bench/verify_bench.py --devices 10 100 --boot-seconds 3
	$(BIN)/python bench/audit_bench.py --devices 500 --workers 100

## fuzz: the hypothesis properties for longer than the test pass allows, and the crash tests
## with many more kills (CRASH_KILLS of pssc, CRASH_LAB_KILLS of the lab: 200 by default; 100 lab
## kills took 1.5 hours on 2 cores shared with a second run, so allow 2-3 hours; e.g.
## `make fuzz CRASH_LAB_KILLS=20` for a shorter run)
CRASH_KILLS     ?= 60
CRASH_LAB_KILLS ?= 200
CRASH_SEED      ?= 8
fuzz: venv
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m "not browser" tests/unit -k "fuzz or property" $(PYTEST_ARGS)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/reliability/test_fuzz_inputs.py tests/lab/test_lab_fuzz.py $(PYTEST_ARGS)
	PSSC_CRASH_KILLS=$(CRASH_KILLS) PSSC_CRASH_LAB_KILLS=$(CRASH_LAB_KILLS) PSSC_CRASH_SEED=$(CRASH_SEED) \
		$(BIN)/pytest --timeout=0 tests/reliability/test_crash_safety.py $(PYTEST_ARGS)

## lab: run the emulated fleet in the foreground (Ctrl-C stops it)
lab: venv
	$(BIN)/pssc lab up

clean:
	rm -rf $(VENV) .venv-latest $(UV_DIR) lab/state state reports .pytest_cache .mypy_cache .ruff_cache .hypothesis
