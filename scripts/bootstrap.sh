#!/usr/bin/env bash
# Create .venv and install linkaudit with its test tools. Safe to run again:
# it reinstalls only when pyproject.toml changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "linkaudit needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1)." >&2
  echo "Install Python 3.11+ and run again, or point PYTHON at it: PYTHON=python3.12 $0" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.linkaudit-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
  touch "$stamp"
fi
