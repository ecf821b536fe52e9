#!/usr/bin/env bash
# Install linkaudit with its test tools from the lock file (first run only), lint, and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
# The --render tests drive Debian's chromium. CI must test rendering; elsewhere,
# without a way to install it, those tests skip and say why.
if ! bash scripts/install-browser.sh; then
  [ -z "${CI:-}${LINKAUDIT_REQUIRE_BROWSER:-}" ] || exit 2
fi
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
