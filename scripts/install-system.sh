#!/usr/bin/env bash
# Install a Debian package when the command it provides is missing, with apt-get (sudo when not root).
#   bash scripts/install-system.sh soffice libreoffice-calc-nogui   LibreOffice, for tests/reports/test_libreoffice.py
#   bash scripts/install-system.sh pdftoppm poppler-utils           for scripts/screenshots.sh
#   bash scripts/install-system.sh font::lang=zh fonts-noto-cjk     font:PATTERN is "a font fc-list PATTERN lists"
# Safe to run again: it does nothing, quietly, when the command (or font) is already there.
# Exit status 0 when it is there afterwards; 2 when it is not (and says why).
set -euo pipefail

if [ $# -ne 2 ]; then
  echo "usage: $0 COMMAND DEBIAN-PACKAGE" >&2
  exit 2
fi
command=$1
package=$2

found() {
  case $command in
    font:*) command -v fc-list >/dev/null 2>&1 && fc-list "${command#font:}" family | grep -q . ;;
    *) command -v "$command" >/dev/null 2>&1 ;;
  esac
}

if found; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system: no $command found and no apt-get here." >&2
  echo "Install the $package package (or its equivalent) with your system's package manager." >&2
  exit 2
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "install-system: $command is missing and installing $package needs root; sudo is not usable." >&2
  echo "As root, run: apt-get update && apt-get install -y --no-install-recommends $package" >&2
  exit 2
fi

echo "install-system: installing Debian's $package package (for $command)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${as_root[@]}" apt-get update -qq \
       && "${as_root[@]}" apt-get install -y -qq --no-install-recommends "$package" >/dev/null; }; then
  echo "install-system: apt-get could not install $package (see the messages above)." >&2
  echo "As root, run: apt-get update && apt-get install -y --no-install-recommends $package" >&2
  exit 2
fi

if ! found; then
  echo "install-system: $package was installed but $command is still not found." >&2
  exit 2
fi
echo "install-system: $package installed for $command" >&2
