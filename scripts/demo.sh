#!/usr/bin/env bash
# Install linkaudit (first run only) and audit the bundled demo site on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/linkaudit demo "$@"
