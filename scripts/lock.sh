#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml's ranges: the newest versions that satisfy them,
# for every platform and Python 3.11+ (markers), each file with its hashes.
#   bash scripts/lock.sh               keep today's pins where they still satisfy the ranges
#   bash scripts/lock.sh --upgrade     move every pin to the newest allowed release
# Then run scripts/test.sh and commit requirements/ with the result.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
tools=.venv-lock
if [ ! -x "$tools/bin/uv" ]; then
  "$PY" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check 'uv==0.13.10'
fi
compile() {
  out=$1; shift
  "$tools/bin/uv" pip compile pyproject.toml requirements/build.in "$@" \
    --universal --python-version 3.11 --generate-hashes --quiet -o "$out"
}
# run.txt first: the other two are constrained to its versions, so a test install
# tests exactly what the demo and `linkaudit` run on.
compile requirements/run.txt "${@}"
compile requirements/render.txt --extra render -c requirements/run.txt "${@}"
compile requirements/test.txt --extra render --extra test -c requirements/render.txt "${@}"
echo "lock: requirements/run.txt, render.txt, test.txt refreshed"
