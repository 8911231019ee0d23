#!/usr/bin/env bash
# Run one benchmark in its own environment: Frontline plus the peer tools it is compared with.
# Peers come from benchmarks/requirements.txt and never enter the product's dependencies.
#   benchmarks/run.sh bench_staffing.py [ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
venv=benchmarks/.venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
want="$(cat pyproject.toml constraints.txt benchmarks/requirements.txt | sha256sum | cut -c1-16)"
if ! grep -qx -- "$want" "$venv/.stamp" 2>/dev/null; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -c constraints.txt -e .
  "$venv/bin/python" -m pip install --quiet -r benchmarks/requirements.txt
  echo "$want" > "$venv/.stamp"
fi
# pip compiles the peers' modules to bytecode when it installs them; an editable install of
# Frontline is not, and this machine may set PYTHONDONTWRITEBYTECODE. Compile ours the same way
# so both sides start from bytecode, as a regular install would.
"$venv/bin/python" -m compileall -q src/frontline >/dev/null
script="$1"
shift
exec "$venv/bin/python" "benchmarks/$script" "$@"
