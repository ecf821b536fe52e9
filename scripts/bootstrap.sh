#!/usr/bin/env bash
# Create .venv and install linkaudit from the lock file: the exact versions, checked by hash,
# that the tests passed with (requirements/run.txt; requirements/test.txt adds the test tools
# and --render's driver). Safe to run again: it reinstalls only when the lock file changed.
#   bash scripts/bootstrap.sh          what `linkaudit` needs to audit (the demo)
#   bash scripts/bootstrap.sh test     that, plus pytest, hypothesis, ruff and scrapy-playwright
set -euo pipefail
cd "$(dirname "$0")/.."

profile=${1:-run}
lock=requirements/$profile.txt
if [ ! -f "$lock" ]; then
  echo "bootstrap: no lock file $lock (profiles: run, test)." >&2
  exit 2
fi

PY=${PYTHON:-python3}
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "linkaudit needs Python 3.11 or newer; '$PY' is $("$PY" --version 2>&1)." >&2
  echo "Install Python 3.11+ and run again, or point PYTHON at it: PYTHON=python3.12 $0" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi

# The stamp lists each lock installed, by content: the test lock pins the run lock's versions,
# so after a test install the demo needs nothing more.
stamp=.venv/.linkaudit-installed
digest() { .venv/bin/python -c 'import hashlib,sys; print(hashlib.sha256(b"".join(open(f,"rb").read() for f in sys.argv[1:])).hexdigest()[:16])' "$@"; }
entry() { echo "$1 $(digest "requirements/$1.txt" pyproject.toml)"; }
if [ -f "$stamp" ] && grep -qxF "$(entry "$profile")" "$stamp"; then
  exit 0
fi

pip=(.venv/bin/python -m pip --disable-pip-version-check --quiet)
# Exact versions, every file checked against the lock's hashes, nothing resolved anew.
"${pip[@]}" install --require-hashes --no-deps -r "$lock"
# linkaudit itself, built with the locked setuptools (no build environment fetched).
"${pip[@]}" install --no-deps --no-build-isolation --editable .
# An if, not `[ … ] && …`: as the script's last command that list would be its exit status,
# 1 for every profile but test, and demo.sh (set -e) would stop after a good install.
{
  entry "$profile"
  if [ "$profile" = test ]; then entry run; fi
} > "$stamp"
