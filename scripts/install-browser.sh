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

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: no Chromium found and no apt-get here." >&2
  echo "Install Chromium with your system's package manager, or point LINKAUDIT_CHROMIUM at the browser." >&2
  exit 2
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-browser: Chromium is missing and installing it needs root; sudo is not available." >&2
  echo "As root, run: apt-get update && apt-get install -y chromium" >&2
  exit 2
fi

echo "install-browser: installing Debian's chromium package (a few minutes)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq \
       && "${as_root[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  echo "install-browser: apt-get could not install chromium (see the messages above)." >&2
  echo "As root, run: apt-get update && apt-get install -y chromium" >&2
  exit 2
fi

if ! found; then
  echo "install-browser: chromium was installed but is not on PATH." >&2
  exit 2
fi
echo "install-browser: $(command -v chromium || command -v chromium-browser)" >&2
