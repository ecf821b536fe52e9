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
# tests/reports/test_libreoffice.py opens every kind of workbook in LibreOffice (headless). CI
# must run it (CI or LINKAUDIT_REQUIRE_LIBREOFFICE set); elsewhere, without a way to install
# LibreOffice, it skips and says why.
if ! bash scripts/install-system.sh soffice libreoffice-calc-nogui; then
  [ -z "${CI:-}${LINKAUDIT_REQUIRE_LIBREOFFICE:-}" ] || exit 2
fi
.venv/bin/ruff check .
.venv/bin/mypy
exec .venv/bin/python -m pytest "$@"
