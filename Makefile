# Two commands for a new user: `make demo` and `make test`. Everything else is detail.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck check bench clean image image-check

# The virtual environment, from the lock file (hashes checked); reinstalled when the lock changes.
$(STAMP): requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@bash scripts/ensure-venv-support "$(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@# platform/ is a source root (no __init__.py, see ARCHITECTURE.md): put it on sys.path.
	$(BIN)/python -c 'import pathlib, site; pathlib.Path(site.getsitepackages()[0], "ghiseu-source-roots.pth").write_text("$(CURDIR)/platform\n$(CURDIR)\n")'
	touch $(STAMP)

demo: $(STAMP)
	@bash scripts/ensure-node-deps
	$(BIN)/python -m demo

test: $(STAMP)
	@bash scripts/ensure-chromium
	@bash scripts/ensure-node-deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

bench: $(STAMP)
	$(BIN)/python -m bench

# The production image (Containerfile) with podman; image-check builds it and boots it against a
# real PostgreSQL and Redis (slow: not part of `make test` or CI). See scripts/image.
image:
	bash scripts/image build

image-check: $(STAMP)
	bash scripts/image check

clean:
	rm -rf $(VENV) .venv-checkov var .pytest_cache .mypy_cache .ruff_cache
