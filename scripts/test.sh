#!/usr/bin/env bash
# The whole check: style, types, layer contract, then the test suite (warnings are errors).
# Every step runs even when an earlier one fails, so one run shows every problem; the exit
# status is non-zero if any step failed. Extra arguments go to pytest, e.g.
# `./run test tests/unit -k erlang`.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
failed=()
step() {  # step NAME COMMAND...
  local name="$1"
  shift
  echo "== $name"
  "$@" || failed+=("$name")
}
step "ruff check" ruff check src tests benchmarks
step "ruff format" ruff format --check src tests benchmarks
step "mypy --strict src" mypy src
step "import-linter" lint-imports
step "pytest" pytest "$@"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
