# Single entry point for the course: set-up, release, demo grading, tests, lint.
# `make demo` and `make test` are the README's two commands; CI (.ci/run) calls `make test`.

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# pytest processes running test files side by side (pytest-xdist), each file whole in one of
# them. The files that grade on every core run one after another (tests/conftest.py).
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest --numprocesses=$(TEST_WORKERS) --dist=loadfile
# nbgrader runs helper programs (alembic, jupyter) by name: the venv's bin must come first.
export PATH := $(abspath $(VENV))/bin:$(PATH)

.PHONY: help setup release dataset figures demo student instructor server report bench test test-fast lint format notebooks lock clean

help:  ## List the targets.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)  ## Create .venv with the pinned environment.

release: $(STAMP)  ## Sync shared files into source/ and regenerate release/ with nbgrader.
	$(PY) -m coursekit.release

dataset: $(STAMP)  ## Rebuild datasets/*.h5, the manifest and the sample grid from the fixed seed.
	$(PY) -m coursekit.dataset

figures: $(STAMP)  ## Redraw the notebook figures in images/.
	$(PY) -m coursekit.figures

demo: $(STAMP)  ## Build the release, grade the demo class, write feedback and the grade table.
	$(PY) -m coursekit.demo

student: $(STAMP)  ## Open your own copy of release/ (~/nn-basics-week2) as a student: Validate, no instructor tools.
	$(PY) -m coursekit.lab student

instructor: $(STAMP)  ## Open the course in JupyterLab with nbgrader's instructor tools.
	$(PY) -m coursekit.lab instructor

server: $(STAMP)  ## Serve the course to a class (root): make server ROSTER=roster.csv [PORT=8000] [SCHEDULER=tcp://host:8786] [DB_URL=postgresql://...]
	@test -n "$(ROSTER)" || { echo "give the class list: make server ROSTER=roster.csv (see README, Serving a class)"; exit 2; }
	$(PY) -m coursekit.classroom.serve --roster $(ROSTER) --port $(or $(PORT),8000) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(if $(DB_URL),--db-url $(DB_URL))

report: $(STAMP)  ## Measure grader accuracy over the variant catalogue.
	$(PY) -m coursekit.accuracy

bench: $(STAMP)  ## Time grading a class: plain nbgrader vs `coursekit grade`, floor, memory.
	$(PY) -m coursekit.benchmarks.grading

notebooks: $(STAMP)  ## Clear outputs and normalise metadata of the source notebooks.
	$(PY) -m coursekit.notebooks source

test: lint  ## Lint, then run every test, slow ones included (what CI runs).
	$(PYTEST)

test-fast: $(STAMP)  ## Run the tests not marked slow.
	$(PYTEST) -m "not slow"

lint: $(STAMP)  ## Check lint and formatting with ruff.
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)  ## Apply ruff's fixes and formatting.
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock:  ## Re-resolve requirements.in into exact pins in requirements.txt.
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins for the course environment (Python 3.11). Regenerate with \`make lock\`."; \
	  .lock-venv/bin/pip freeze; } > requirements.txt
	rm -rf .lock-venv

clean:  ## Remove what grading and tests produce (keeps .venv).
	rm -rf submitted feedback gradebook.db .pytest_cache
	find autograded -mindepth 1 ! -name README.md -exec rm -rf {} +
