#!/usr/bin/env bash
# Pictures of the demo's report for the README: its Summary and To-remove sheets, as PNG.
#   bash scripts/screenshots.sh                  docs/screenshots/summary.png, to-remove.png
#   bash scripts/screenshots.sh REPORT.xlsx      the same of another workbook
# Each sheet is printed alone by LibreOffice (headless) to PDF, with the workbook's own print
# setup, and the first page drawn at 80 dpi by pdftoppm. LibreOffice (libreoffice-calc-nogui),
# poppler-utils and the fonts a reader sees in Excel or WPS (Carlito, Calibri's metric twin, and
# a Chinese font) are installed with apt-get when missing (scripts/install-system.sh).
# Until the To remove / 待删除 sheet exists, the Findings sheet stands in for it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PY=${PYTHON:-.venv/bin/python}
case $PY in /*) ;; *) PY=$root/$PY ;; esac
bash scripts/install-system.sh soffice libreoffice-calc-nogui
bash scripts/install-system.sh pdftoppm poppler-utils
bash scripts/install-system.sh font:Carlito fonts-crosextra-carlito
bash scripts/install-system.sh font::lang=zh fonts-noto-cjk

out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -ge 1 ]; then
  report=$(realpath "$1")
else
  (cd "$work" && PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" "$PY" -m crawler.cli demo >/dev/null)
  report=$work/output/demo-report.xlsx
fi

# One workbook per picture, holding only that sheet (the first of the names the workbook has).
PYTHONPATH="$root${PYTHONPATH:+:$PYTHONPATH}" "$PY" - "$report" "$work/sheets" <<'PYTHON'
import sys
from pathlib import Path

from reports import _openpyxl  # noqa: F401  (openpyxl without numpy)
from openpyxl import load_workbook

report, folder = Path(sys.argv[1]), Path(sys.argv[2])
folder.mkdir()
wanted = {"summary": ("概览", "Summary"), "to-remove": ("待删除", "To remove", "Findings")}
for picture, names in wanted.items():
    wb = load_workbook(report)
    keep = next((name for name in names if name in wb.sheetnames), None)
    if keep is None:
        sys.exit(f"screenshots: {report} has none of the sheets {', '.join(names)}")
    for ws in list(wb.worksheets):
        if ws.title != keep:
            wb.remove(ws)
    wb.save(folder / f"{picture}.xlsx")
    print(f"{picture}: sheet {keep}", file=sys.stderr)
PYTHON

HOME=$work soffice --headless --norestore "-env:UserInstallation=file://$work/lo-profile" \
  --convert-to pdf --outdir "$work/pdf" "$work"/sheets/*.xlsx >/dev/null
for pdf in "$work"/pdf/*.pdf; do
  name=$(basename "$pdf" .pdf)
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$pdf" "$out/$name"
  echo "$out/$name.png"
done
