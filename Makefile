# Developer shortcuts. `make check` is exactly what CI runs (.ci/run → ./test.sh).
.PHONY: check lint fix test run e2e

check:
	./test.sh

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

fix:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

test:
	.venv/bin/python -m pytest -q --ignore=tests/e2e

e2e:
	.venv/bin/python -m pytest -q tests/e2e

run:
	./start.sh
