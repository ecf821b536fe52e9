#!/usr/bin/env bash
# Install the system Chromium that `linkaudit crawl --render` drives through scrapy-playwright.
# Debian's own package, never a browser download from elsewhere (`playwright install` is not used).
# Safe to run again: it does nothing, quietly, when a Chromium is already there.
set -euo pipefail

found() {
  if [ -n "${LINKAUDIT_CHROMIUM:-}" ] && [ -x "${LINKAUDIT_CHROMIUM}" ]; then
    return 0
  fi
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

if found; then
  exit 0
fi

# Debian's package, installed as every system tool is (apt-get, sudo when not root).
if ! bash "$(dirname "$0")/install-system.sh" chromium chromium; then
  echo "install-browser: or point LINKAUDIT_CHROMIUM at a Chromium already installed." >&2
  exit 2
fi

if ! found; then
  echo "install-browser: chromium was installed but is not on PATH." >&2
  exit 2
fi
echo "install-browser: $(command -v chromium || command -v chromium-browser)" >&2
