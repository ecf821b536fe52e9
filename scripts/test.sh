#!/usr/bin/env bash
# Install linkaudit with its test tools (first run only), lint, and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
