#!/usr/bin/env bash
# The whole check: style, types, layer contract, then the test suite (warnings are errors).
# Extra arguments go to pytest, e.g. `./run test tests/unit -k erlang`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
echo "== ruff" && ruff check src tests benchmarks && ruff format --check src tests benchmarks
echo "== mypy --strict src" && mypy src
echo "== import-linter" && lint-imports
echo "== pytest"
exec pytest "$@"
