# pssc: two commands do everything on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: venv demo test test-fast lint format typecheck bench fuzz lab clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "make: $(PYTHON) not found (set PYTHON=...)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## demo: start the embedded lab, run the whole job against it, print the result
demo: venv
	$(BIN)/python -m pssc.demo

## test: the full suite (unit, lab, e2e, browser)
test: venv
	$(BIN)/pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: venv
	$(BIN)/pytest -n 2 --dist loadgroup tests/unit parsers $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy

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

## fuzz: the hypothesis properties for longer than the test pass allows
fuzz: venv
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -m "not browser" tests/unit -k "fuzz or property" $(PYTEST_ARGS)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/reliability/test_fuzz_inputs.py tests/lab/test_lab_fuzz.py $(PYTEST_ARGS)
	PSSC_CRASH_LAB_KILLS=20 $(BIN)/pytest tests/reliability/test_crash_safety.py $(PYTEST_ARGS)

## lab: run the emulated fleet in the foreground (Ctrl-C stops it)
lab: venv
	$(BIN)/pssc lab up

clean:
	rm -rf $(VENV) lab/state state reports .pytest_cache .mypy_cache .ruff_cache .hypothesis
